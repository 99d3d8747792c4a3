#!/usr/bin/env node
// `npm run bench:cli [-- ARTICLES [ROUNDS]]`: the command line as a user runs it, whole processes timed from outside.
// Writes ARTICLES generated articles (default 1,000) and a 5,000-word draft to a temporary folder, then in each round
// runs, in turn: the floor (a Node process that reads every source file and splits it into words, once), the cold
// check (an empty cache folder: index on all cores, write the cache), the warm check (the cache of the previous
// run: the snapshot adopted whole and every sentence's result reused), the warm-index check (the snapshot alone,
// without the result cache: the draft checked again, as after editing every sentence), `corroborate --help`,
// `corroborate sources` (warm) and the seeds-only check of the five-sentence example.
// Prints medians and the warm/floor ratio (per round, then the median), and stores them under "cli" in
// bench/results.json. The temporary folder, caches included, is removed however the run ends.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const articles = Number(process.argv[2]) || 1000;
const rounds = Number(process.argv[3]) || 5;
const work = mkdtempSync(join(tmpdir(), 'corroborate-bench-cli-'));
process.once('exit', () => rmSync(work, { recursive: true, force: true }));
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));

// The product as shipped (dist/), and the corpus generator bundled to write the corpus.
spawnSync(process.execPath, [join(root, 'esbuild.mjs')], { stdio: 'inherit', cwd: root });
const gen = join(work, 'gen.cjs');
await esbuild.build({
  stdin: {
    contents: `const { generateCorpus, generateDraft } = require(${JSON.stringify(join(root, 'bench', 'corpus.ts'))});
      const { mkdirSync, writeFileSync } = require('node:fs'); const { join } = require('node:path');
      const [dir, n] = [process.argv[2], Number(process.argv[3])];
      const g = generateCorpus(n, 1); mkdirSync(join(dir, 'sources'));
      for (const f of g.files) writeFileSync(join(dir, 'sources', f.path), f.text);
      writeFileSync(join(dir, 'draft.md'), generateDraft(g, 5000).text);`,
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  outfile: gen,
  logLevel: 'warning',
});
spawnSync(process.execPath, [gen, work, String(articles)], { stdio: 'inherit' });
const floor = join(work, 'floor.cjs');
writeFileSync(
  floor,
  `const { readdirSync, readFileSync } = require('node:fs'); const { join } = require('node:path');
   let words = 0; const dir = process.argv[2];
   for (const f of readdirSync(dir).sort()) words += readFileSync(join(dir, f), 'utf8').split(/\\s+/).length;
   process.stdout.write(words + '\\n');`,
);

const cli = join(root, 'bin', 'corroborate.js');
// BENCH_CLI_BEFORE=CHECKOUT (built, e.g. an older version) also times that checkout's check and --help in each
// round, for before/after figures paired in one run.
const before = process.env.BENCH_CLI_BEFORE && join(resolve(process.env.BENCH_CLI_BEFORE), 'bin', 'corroborate.js');
const sources = join(work, 'sources');
const draft = join(work, 'draft.md');
const warmCache = join(work, 'warm-cache');
// CPU time (user + sys, all threads) and peak RSS come from GNU time where it is installed: on a shared machine
// they vary less than the wall clock.
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const timeFile = join(work, 'time.txt');
const run = (args) => {
  const t0 = process.hrtime.bigint();
  const r = gnuTime
    ? spawnSync(gnuTime, ['-o', timeFile, '-f', '%U %S %M', process.execPath, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  const [user, sys, kb] = gnuTime ? readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number) : [NaN, NaN, NaN];
  return { ms, cpuMs: (user + sys) * 1000, rssMB: kb / 1024, out: r.stdout, err: r.stderr };
};
const check = (cacheArgs) => run([cli, 'check', draft, '--sources', sources, '--format', 'json', '--fail-on', 'never', ...cacheArgs]);

// Prime the warm cache, and make sure a warm run reports what a run without the cache does.
const reference = check(['--no-cache']);
check(['--cache-location', warmCache]);
const warmOnce = check(['--cache-location', warmCache]);
if (warmOnce.out !== reference.out) throw new Error('the warm report differs from the report without the cache');
if (warmOnce.err) throw new Error(`the warm run printed: ${warmOnce.err}`);

// The warm snapshot without the result cache beside it.
const indexOnly = (i) => {
  const dir = join(work, `index-only-${i}`);
  mkdirSync(dir);
  for (const f of readdirSync(warmCache).filter((f) => f.endsWith('.bin'))) copyFileSync(join(warmCache, f), join(dir, f));
  return dir;
};
{
  const dir = indexOnly('check');
  const r = check(['--cache-location', dir]);
  if (r.out !== reference.out) throw new Error('the warm-index report differs from the report without the cache');
  rmSync(dir, { recursive: true, force: true });
}

const t = { floor: [], cold: [], noCache: [], warm: [], warmIndex: [], ratio: [], indexRatio: [], cpu: { floor: [], cold: [], noCache: [], warm: [], warmIndex: [], ratio: [], help: [] }, rss: { cold: [], warm: [], warmIndex: [] }, help: [], sources: [], seeds: [] };
for (let i = 0; i < rounds; i++) {
  process.stderr.write(`bench:cli round ${i + 1}/${rounds}\n`);
  const f = run([floor, sources]);
  const coldCache = join(work, `cold-${i}`);
  const cold = check(['--cache-location', coldCache]);
  rmSync(coldCache, { recursive: true, force: true });
  const noCache = check(['--no-cache']);
  const w = check(['--cache-location', warmCache]);
  const onlyDir = indexOnly(i);
  const wi = check(['--cache-location', onlyDir]);
  rmSync(onlyDir, { recursive: true, force: true });
  const help = run([cli, '--help']);
  t.floor.push(f.ms);
  t.cold.push(cold.ms);
  t.noCache.push(noCache.ms);
  t.warm.push(w.ms);
  t.ratio.push(w.ms / f.ms);
  t.warmIndex.push(wi.ms);
  t.indexRatio.push(wi.ms / f.ms);
  t.help.push(help.ms);
  for (const [k, r] of [['floor', f], ['cold', cold], ['noCache', noCache], ['warm', w], ['warmIndex', wi], ['help', help]]) t.cpu[k].push(r.cpuMs);
  t.cpu.ratio.push(w.cpuMs / f.cpuMs);
  t.rss.cold.push(cold.rssMB);
  t.rss.warm.push(w.rssMB);
  t.rss.warmIndex.push(wi.rssMB);
  if (before) {
    const b = run([before, 'check', draft, '--sources', sources, '--format', 'json', '--fail-on', 'never']);
    const bh = run([before, '--help']);
    (t.before ??= { checkMs: [], checkCpuMs: [], helpMs: [], helpCpuMs: [], rssMB: [] }).checkMs.push(b.ms);
    t.before.checkCpuMs.push(b.cpuMs);
    t.before.rssMB.push(b.rssMB);
    t.before.helpMs.push(bh.ms);
    t.before.helpCpuMs.push(bh.cpuMs);
  }
  t.sources.push(run([cli, 'sources', '--sources', sources, '--cache-location', warmCache]).ms);
  t.seeds.push(run([cli, 'check', join(root, 'examples', 'ai-pause-draft.md'), '--no-config', '--fail-on', 'never', '--no-cache']).ms);
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (xs) => Math.round(median(xs));
const result = {
  date: new Date().toISOString(),
  node: process.version,
  threads: availableParallelism(),
  articles,
  rounds,
  draftWords: 5000,
  floorMs: ms(t.floor),
  coldMs: ms(t.cold),
  noCacheMs: ms(t.noCache),
  warmMs: ms(t.warm),
  warmOverFloor: +median(t.ratio).toFixed(2),
  warmOverFloorRange: [+Math.min(...t.ratio).toFixed(2), +Math.max(...t.ratio).toFixed(2)],
  warmIndexMs: ms(t.warmIndex),
  warmIndexOverFloor: +median(t.indexRatio).toFixed(2),
  loadAverage: loadavg().map((x) => +x.toFixed(1)),
  cpu: gnuTime
    ? { floorMs: ms(t.cpu.floor), coldMs: ms(t.cpu.cold), noCacheMs: ms(t.cpu.noCache), warmMs: ms(t.cpu.warm), warmIndexMs: ms(t.cpu.warmIndex), helpMs: ms(t.cpu.help), warmOverFloor: +median(t.cpu.ratio).toFixed(2), warmOverFloorRange: [+Math.min(...t.cpu.ratio).toFixed(2), +Math.max(...t.cpu.ratio).toFixed(2)] }
    : undefined,
  peakRssMB: gnuTime ? { cold: ms(t.rss.cold), warm: ms(t.rss.warm), warmIndex: ms(t.rss.warmIndex) } : undefined,
  before: t.before && { checkout: process.env.BENCH_CLI_BEFORE, ...Object.fromEntries(Object.entries(t.before).map(([k, xs]) => [k, ms(xs)])) },
  helpMs: ms(t.help),
  sourcesWarmMs: ms(t.sources),
  seedsCheckMs: ms(t.seeds),
};
console.log(`whole processes, ${articles} articles, 5,000-word draft, ${result.threads} threads, median of ${rounds} rounds:`);
console.log(`  floor (read + split every file)   ${result.floorMs} ms`);
console.log(`  check, cold (empty cache)         ${result.coldMs} ms`);
console.log(`  check, --no-cache                 ${result.noCacheMs} ms`);
console.log(`  check, warm (cache)               ${result.warmMs} ms  = ${result.warmOverFloor}x the floor (per round ${result.warmOverFloorRange.join('-')}x)`);
console.log(`  check, warm index, no results     ${result.warmIndexMs} ms  = ${result.warmIndexOverFloor}x the floor`);
if (result.cpu) {
  const c = result.cpu;
  console.log(`  CPU (user + sys): floor ${c.floorMs}, cold ${c.coldMs}, --no-cache ${c.noCacheMs}, warm ${c.warmMs}, warm index ${c.warmIndexMs} ms = ${c.warmOverFloor}x (per round ${c.warmOverFloorRange.join('-')}x), --help ${c.helpMs} ms`);
  console.log(`  peak RSS: cold ${result.peakRssMB.cold} MB, warm ${result.peakRssMB.warm} MB, warm index ${result.peakRssMB.warmIndex} MB`);
}
if (result.before) console.log(`  before (${result.before.checkout}): check ${result.before.checkMs} ms (CPU ${result.before.checkCpuMs}, peak RSS ${result.before.rssMB} MB), --help ${result.before.helpMs} ms (CPU ${result.before.helpCpuMs})`);
console.log(`  load average at the end: ${result.loadAverage.join(', ')}`);
console.log(`  --help ${result.helpMs} ms; sources (warm) ${result.sourcesWarmMs} ms; seeds-only check of the example ${result.seedsCheckMs} ms`);
const file = join(root, 'bench', 'results.json');
const previous = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
const byArticles = { ...(previous.cli ?? {}), [articles]: result };
writeFileSync(file, JSON.stringify({ ...previous, cli: byArticles }, null, 2) + '\n');
