#!/usr/bin/env node
// `npm run bench:cli [-- ARTICLES [ROUNDS]]`: the command line as a user runs it, whole processes timed from outside.
// Writes ARTICLES generated articles (default 1,000) and a 5,000-word draft to a temporary folder, then in each round
// runs, in turn: the floor (a Node process that reads every source file and splits it into words, once), the cold
// check (an empty cache folder: index on all cores, write the cache), the warm check (the cache of the previous
// run), `corroborate --help`, `corroborate sources` (warm) and the seeds-only check of the five-sentence example.
// Prints medians and the warm/floor ratio (per round, then the median), and stores them under "cli" in
// bench/results.json. The temporary folder, caches included, is removed however the run ends.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
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
const sources = join(work, 'sources');
const draft = join(work, 'draft.md');
const warmCache = join(work, 'warm-cache');
const run = (args) => {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return { ms, out: r.stdout, err: r.stderr };
};
const check = (cacheArgs) => run([cli, 'check', draft, '--sources', sources, '--format', 'json', '--fail-on', 'never', ...cacheArgs]);

// Prime the warm cache, and make sure a warm run reports what a run without the cache does.
const reference = check(['--no-cache']);
check(['--cache-location', warmCache]);
const warmOnce = check(['--cache-location', warmCache]);
if (warmOnce.out !== reference.out) throw new Error('the warm report differs from the report without the cache');
if (warmOnce.err) throw new Error(`the warm run printed: ${warmOnce.err}`);

const t = { floor: [], cold: [], noCache: [], warm: [], ratio: [], help: [], sources: [], seeds: [] };
for (let i = 0; i < rounds; i++) {
  process.stderr.write(`bench:cli round ${i + 1}/${rounds}\n`);
  const f = run([floor, sources]).ms;
  const coldCache = join(work, `cold-${i}`);
  t.cold.push(check(['--cache-location', coldCache]).ms);
  rmSync(coldCache, { recursive: true, force: true });
  t.noCache.push(check(['--no-cache']).ms);
  const w = check(['--cache-location', warmCache]).ms;
  t.floor.push(f);
  t.warm.push(w);
  t.ratio.push(w / f);
  t.help.push(run([cli, '--help']).ms);
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
  helpMs: ms(t.help),
  sourcesWarmMs: ms(t.sources),
  seedsCheckMs: ms(t.seeds),
};
console.log(`whole processes, ${articles} articles, 5,000-word draft, ${result.threads} threads, median of ${rounds} rounds:`);
console.log(`  floor (read + split every file)   ${result.floorMs} ms`);
console.log(`  check, cold (empty cache)         ${result.coldMs} ms`);
console.log(`  check, --no-cache                 ${result.noCacheMs} ms`);
console.log(`  check, warm (cache)               ${result.warmMs} ms  = ${result.warmOverFloor}x the floor (per round ${result.warmOverFloorRange.join('-')}x)`);
console.log(`  --help ${result.helpMs} ms; sources (warm) ${result.sourcesWarmMs} ms; seeds-only check of the example ${result.seedsCheckMs} ms`);
const file = join(root, 'bench', 'results.json');
const previous = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
const byArticles = { ...(previous.cli ?? {}), [articles]: result };
writeFileSync(file, JSON.stringify({ ...previous, cli: byArticles }, null, 2) + '\n');
