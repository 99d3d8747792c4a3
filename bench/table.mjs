#!/usr/bin/env node
// `npm run bench:table [-- --write]`: the README's performance table, made from bench/results.json (`npm run
// bench` writes its rows, `npm run bench:cli` its "cli" part). Prints it; --write also puts it in README.md
// between the `<!-- bench:table -->` and `<!-- /bench:table -->` lines.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const results = JSON.parse(readFileSync(join(root, 'bench', 'results.json'), 'utf8'));
const n = (x) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x >= 10 ? String(Math.round(x)) : x.toFixed(1));
const mp = (x) => (x.n > 1 ? `${n(x.median)} / ${n(x.p95)}` : n(x.median));
const lines = [
  `Scale (\`npm run bench\`, Node ${results.node}); times in ms as median / p95; each row's date and load average (1 min) at its end:`,
  '',
  '| articles | measured | passages | index (1 thread) | index (all threads) | heap | peak RSS | check 500 words | check 5,000 words | edit 1 sentence | hover | completion | start-up with cache: first diagnostics / full check | paraphrase recall (ours / naive) | speed-up over naive |',
  '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...results.rows.map((r) =>
    [
      r.size === 5 ? '5 (seeds)' : n(r.size),
      `${r.date?.slice(0, 10) ?? '–'}${r.loadAverage ? ` (${r.loadAverage[0]})` : ''}`,
      n(r.passages),
      mp(r.buildMs),
      mp(r.parallelBuildMs),
      `${n(r.heapMB)} MB`,
      `${n(r.peakRssMB)} MB`,
      mp(r.check500Ms),
      mp(r.check5000Ms),
      mp(r.editMs),
      mp(r.hoverMs),
      mp(r.completionMs),
      `${n(r.firstDiagnosticsMs.median)} / ${n(r.startupMs.median)}`,
      r.size === 5 ? '–' : `${r.recall.ours.toFixed(2)} / ${r.recall.naive.toFixed(2)}`,
      `${n(r.naive.speedup)}×`,
    ].join(' | '),
  ).map((row) => `| ${row} |`),
];
for (const [articles, c] of Object.entries(results.cli ?? {})) {
  lines.push(
    '',
    `Command line (\`npm run bench:cli\`, ${n(Number(articles))} articles, the 5,000-word draft, ${c.threads} threads, ${c.date.slice(0, 10)}, median of ${c.rounds} rounds${c.loadAverage ? `, load average ${c.loadAverage[0]} at the end` : ''}), whole processes, wall ms (CPU ms):`,
    '',
    '| floor (read + split) | cold (empty cache) | `--no-cache` | warm (snapshot + results) | warm / floor | warm snapshot, no results | that / floor | `--help` | peak RSS cold / warm |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${[
      `${n(c.floorMs)} (${n(c.cpu?.floorMs ?? NaN)})`,
      `${n(c.coldMs)} (${n(c.cpu?.coldMs ?? NaN)})`,
      `${n(c.noCacheMs)} (${n(c.cpu?.noCacheMs ?? NaN)})`,
      `${n(c.warmMs)} (${n(c.cpu?.warmMs ?? NaN)})`,
      `**${c.warmOverFloor}×** (CPU ${c.cpu?.warmOverFloor ?? '–'}×)`,
      c.warmIndexMs === undefined ? '–' : `${n(c.warmIndexMs)} (${n(c.cpu?.warmIndexMs ?? NaN)})`,
      c.warmIndexOverFloor === undefined ? '–' : `${c.warmIndexOverFloor}×`,
      `${n(c.helpMs)} (${n(c.cpu?.helpMs ?? NaN)})`,
      c.peakRssMB ? `${c.peakRssMB.cold} / ${c.peakRssMB.warm} MB` : '–',
    ].join(' | ')} |`,
  );
}
const table = lines.join('\n');
console.log(table);
if (process.argv.includes('--write')) {
  const file = join(root, 'README.md');
  const readme = readFileSync(file, 'utf8');
  const start = readme.indexOf('<!-- bench:table -->\n');
  const end = readme.indexOf('<!-- /bench:table -->');
  if (start < 0 || end < start) throw new Error('README.md has no <!-- bench:table --> … <!-- /bench:table --> section');
  writeFileSync(file, readme.slice(0, start) + '<!-- bench:table -->\n' + table + '\n' + readme.slice(end));
}
