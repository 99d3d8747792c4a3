import lexiconData from '../../../data/lexicon.json';
import { packedOf, packLexicon, type PackedLexicon } from './packedData';

/**
 * Synonym, near-sense and antonym links extracted from WordNet 3.1 at build time (scripts/build-lexicon.mjs).
 * A lemma maps to the synsets of its most frequent senses; two words are synonyms when they share a synset.
 */
interface LexiconFile {
  lemmas: Record<string, number[]>;
  ants: Record<string, number[]>;
  near: Record<string, number[]>;
  /** Per part of speech (n, v, a, r), its synset ids' range [first, end). */
  pos: Record<string, number[]>;
}

/** A part of speech the context makes sure of: a noun, a verb. */
export type PartOfSpeech = 'n' | 'v';

// The bundles read the packed tables (dist/data/lexicon.bin, see packedData.ts); tests and tools importing the JSON
// get the parsed object, packed here on first use.
let tables: (PackedLexicon & { index: Map<string, number> }) | undefined;
function load(): NonNullable<typeof tables> {
  if (tables) return tables;
  const p = packedOf(lexiconData, (json: LexiconFile) => packLexicon(json));
  const index = new Map<string, number>();
  for (let i = 0; i < p.lemmas.length; i++) index.set(p.lemmas[i], i);
  return (tables = { ...p, index });
}
const EMPTY: readonly number[] = [];

/** Synset ids of a lemma (lower case, multi-word lemmas joined by a space), or none. */
export function synsetsOf(lemma: string): Iterable<number> {
  const t = load();
  const i = t.index.get(lemma);
  return i === undefined ? EMPTY : t.synIds.subarray(t.synOff[i], t.synOff[i + 1]);
}

/** True when the lexicon knows the lemma. */
export function isLemma(lemma: string): boolean {
  return load().index.has(lemma);
}

/** True when one of the lemma's senses is a verb's ("sue", "report"; not "town" or "historic"). */
export function hasVerbSense(lemma: string): boolean {
  const t = load();
  for (const s of synsetsOf(lemma)) if (s >= t.posStart[1] && s < t.posStart[2]) return true;
  return false;
}

/** Lemmas of a synset, in the lexicon's order. */
function lemmasOf(synset: number): readonly string[] {
  const { memberOff, memberIdx, lemmas } = load();
  if (synset < 0 || synset + 1 >= memberOff.length) return EMPTY_LEMMAS;
  const out: string[] = [];
  for (let j = memberOff[synset]; j < memberOff[synset + 1]; j++) out.push(lemmas[memberIdx[j]]);
  return out;
}
/** Near (or antonym) synsets of a synset. */
const linked = (off: Int32Array, ids: Int32Array, s: number): Iterable<number> => (s >= 0 && s + 1 < off.length ? ids.subarray(off[s], off[s + 1]) : EMPTY);
const EMPTY_LEMMAS: readonly string[] = [];

/** Words related to a lemma through the lexicon. */
export interface Related {
  /** Share a sense with it. */
  synonyms: string[];
  /** A verb's hypernym, an adjective's head, a derivational relative. */
  near: string[];
  /** Antonyms of its senses (and their synonyms' heads). */
  antonyms: string[];
}

const cache = new Map<string, Related>();
/** Verbs that say a figure went up, and down (general English; lemmas). */
const UP = new Set(['rise', 'climb', 'increase', 'gain', 'jump', 'soar', 'surge', 'grow', 'rally', 'spike']);
const DOWN = new Set(['fall', 'drop', 'decline', 'decrease', 'sink', 'plunge', 'slide', 'slump', 'tumble', 'shrink', 'dip', 'plummet']);
const collect = (ids: Iterable<number>, not: string) => {
  const out = new Set<string>();
  for (const id of ids) for (const l of lemmasOf(id)) if (l !== not) out.add(l);
  return [...out];
};

/**
 * Synonyms, near words and antonyms of a lemma (and of the two-word lemma it starts with `next`, if any). With `pos`,
 * antonyms come only from senses of that part of speech: "last" as a verb ("to last a decade") has none, though the
 * adjective ("the last ferry") has "first" and "beginning".
 */
export function related(lemma: string, next?: string, pos?: PartOfSpeech): Related {
  const key = `${pos ?? ''}:${next ? `${lemma} ${next}` : lemma}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const t = load();
  const syn = [...synsetsOf(lemma), ...(next ? synsetsOf(`${lemma} ${next}`) : EMPTY)];
  const [from, to] = pos === 'n' ? [t.posStart[0], t.posStart[1]] : pos === 'v' ? [t.posStart[1], t.posStart[2]] : [0, Infinity];
  const near = new Set<number>();
  const ants = new Set<number>();
  for (const s of syn) {
    for (const x of linked(t.nearOff, t.nearIds, s)) near.add(x);
    if (s >= from && s < to) for (const x of linked(t.antsOff, t.antsIds, s)) ants.add(x);
  }
  const r: Related = { synonyms: collect(syn, lemma), near: collect(near, lemma), antonyms: collect(ants, lemma) };
  // Verbs of a change's direction oppose each other ("climbed 8%" vs "fell 8%"), which WordNet links only for a few.
  const side = UP.has(lemma) ? DOWN : DOWN.has(lemma) ? UP : undefined;
  if (side) {
    const opposite = new Set(r.antonyms);
    for (const w of side) opposite.add(w);
    r.antonyms = [...opposite];
    r.synonyms = r.synonyms.filter((w) => !side.has(w));
    r.near = r.near.filter((w) => !side.has(w));
  }
  if (cache.size > 20_000) cache.clear();
  cache.set(key, r);
  return r;
}
