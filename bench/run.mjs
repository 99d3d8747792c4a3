#!/usr/bin/env node
// `npm run bench [-- SIZES]`: the scale benchmark. Bundles bench/child.ts with the product's own build settings,
// runs each corpus size in a fresh process (default 5 100 1000 10000), prints a table and writes
// bench/results.json. Sizes are numbers of articles of ~800 words; 5 means the bundled seeds.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const out = join(root, 'out', 'bench.js');
const opts = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', minifySyntax: true, loader: { '.json': 'text' } };
await esbuild.build({ ...opts, entryPoints: [join(root, 'bench', 'child.ts')], outfile: out });
await esbuild.build({ ...opts, entryPoints: [join(root, 'src', 'node', 'indexWorker.ts')], outfile: join(root, 'out', 'indexWorker.js') });
const rows = [];
for (const size of sizes.length ? sizes : [5, 100, 1000, 10000]) {
  process.stderr.write(`bench: ${size} articles…\n`);
  const json = execFileSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', out, String(size), join(root, 'seeds')], { encoding: 'utf8', maxBuffer: 1 << 26 });
  // When and under what load (a shared machine's figures vary with it).
  rows.push({ ...JSON.parse(json.trim().split('\n').pop()), date: new Date().toISOString(), loadAverage: loadavg().map((x) => +x.toFixed(1)) });
}
const m = (x) => `${x.median} / ${x.p95}`;
const table = [
  ['articles', 'passages', 'index ms (med/p95)', 'index, all threads', 'heap MB', 'peak RSS MB', 'check 500 w', 'check 5000 w', 'edit 1 sentence', 'hover', 'completion', 'start-up (cache)', 'first diagnostics (cache)', 'recall ours / naive', 'naive 5000 w ms', 'speed-up'],
  ...rows.map((r) => [r.size, r.passages, m(r.buildMs), m(r.parallelBuildMs), r.heapMB, r.peakRssMB, m(r.check500Ms), m(r.check5000Ms), m(r.editMs), m(r.hoverMs), m(r.completionMs), m(r.startupMs), m(r.firstDiagnosticsMs), `${r.recall.ours} / ${r.recall.naive}`, r.naive.fullCheckMs, `${r.naive.speedup}x`]),
];
const widths = table[0].map((_, i) => Math.max(...table.map((row) => String(row[i]).length)));
for (const row of table) console.log(row.map((c, i) => String(c).padStart(widths[i])).join('  '));
console.log('times in ms as median / p95; naive = fuse.js over every source sentence per draft sentence (timed on a sample, scaled to the draft)');
// Sizes not run this time keep their last results.
const file = join(root, 'bench', 'results.json');
const stored = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
const previous = stored.rows ?? [];
const merged = [...previous.filter((p) => !rows.some((r) => r.size === p.size)), ...rows].sort((a, b) => a.size - b.size);
// Other benchmarks' figures (the command line's, under "cli") are kept.
writeFileSync(file, JSON.stringify({ ...stored, date: new Date().toISOString(), node: process.version, rows: merged }, null, 2) + '\n');
