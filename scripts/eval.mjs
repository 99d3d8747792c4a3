#!/usr/bin/env node
// Scores the engine on every labelled corpus of ../shared/eval with the rules of the team's scorer
// (shared/eval/score.mjs): every sentence becomes one paragraph of a draft, `corroborate check --format json` reads
// it, and each reported sentence is compared with its label. Then the leave-one-corpus-out figures of the fitted
// decision (scripts/fit.ts --dry-run): the honest estimate for sources the model has never seen.
// Usage: npm run eval [-- CASES.json --sources DIR] [--verbose] [--min] [--json OUT] [--no-loco]
//   --min   exit 1 if a figure falls below the regression floor in FLOOR (what `npm test` enforces).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = resolve(root, '../shared/eval');
const args = process.argv.slice(2);
const opt = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const verbose = args.includes('--verbose');
// Regression floors: a little under what the engine scores now (see README); raise them as the engine improves.
// status: accuracy; reassure / alarm: the most each error rate may reach.
const FLOOR = {
  seed: { status: 0.87, reassure: 0.1, alarm: 0.05 },
  real: { status: 0.55, reassure: 0.32, alarm: 0.07 },
};

/** The corpora to score: one given on the command line, or the project's dev cases and every shared one. */
function corpora() {
  if (args[0] && !args[0].startsWith('--')) return [{ name: basename(args[0]), cases: args[0], sources: resolve(opt('--sources', join(root, 'seeds'))), kind: 'seed' }];
  const out = [{ name: 'seed', cases: join(root, 'test/fixtures/seed-cases.json'), sources: join(root, 'seeds'), kind: 'seed' }];
  const real = join(shared, 'real');
  if (existsSync(real)) {
    for (const e of readdirSync(real).sort()) {
      if (existsSync(join(real, e, 'cases.json'))) out.push({ name: e, cases: join(real, e, 'cases.json'), sources: join(real, e, 'sources'), kind: 'real' });
    }
  }
  return out;
}

const norm = (s) => s.normalize('NFKC').replace(/[\u2018\u2019]/g, "'").replace(/\s+/g, ' ').trim();
const src = (x) => basename(String(typeof x === 'string' ? x : x.source ?? x.file ?? ''));
const NAMES = ['corroborated', 'single-source', 'contradicted', 'disputed', 'unsupported', 'none', 'missing'];

function score(corpus, dir) {
  const data = JSON.parse(readFileSync(corpus.cases, 'utf8'));
  const cases = Array.isArray(data) ? data : data.cases;
  const draft = join(dir, `${corpus.name}.md`);
  writeFileSync(draft, cases.map((c) => c.sentence).join('\n\n') + '\n');
  const t0 = performance.now();
  const out = execFileSync(process.execPath, [join(root, 'bin/corroborate.js'), 'check', draft, '--sources', corpus.sources, '--format', 'json', '--fail-on', 'never', '--no-cache'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - t0;
  const report = JSON.parse(out);
  const byText = new Map(report.files.flatMap((f) => f.sentences).map((s) => [norm(s.text), s]));
  const t = { n: 0, ok: 0, supOk: 0, supPred: 0, supHit: 0, supGold: 0, wrongN: 0, reassured: 0, rightN: 0, alarmed: 0 };
  const confusion = {};
  const rows = [];
  for (const c of cases) {
    t.n++;
    const s = byText.get(norm(c.sentence));
    const status = s?.status ?? 'missing';
    const accept = [c.status, ...(c.acceptableStatus ?? [])];
    if (accept.includes(status)) t.ok++;
    else rows.push(`  ${c.id}\texpected ${c.status}, got ${status}\t${c.sentence}`);
    (confusion[c.status] ??= {})[status] = (confusion[c.status][status] ?? 0) + 1;
    if (['contradicted', 'disputed', 'unsupported'].includes(c.status)) {
      t.wrongN++;
      if (['corroborated', 'single-source'].includes(status) && !accept.includes(status)) t.reassured++;
    } else {
      t.rightN++;
      if (['contradicted', 'disputed'].includes(status) && !accept.includes(status)) t.alarmed++;
    }
    const pred = new Set((s?.support ?? []).map(src));
    const ok = new Set([...c.support, ...(c.acceptable ?? [])]);
    for (const p of pred) { t.supPred++; if (ok.has(p)) t.supOk++; }
    for (const g of c.support) { t.supGold++; if (pred.has(g)) t.supHit++; }
  }
  return { status: t.ok / t.n, reassure: t.reassured / (t.wrongN || 1), alarm: t.alarmed / (t.rightN || 1), supP: t.supOk / (t.supPred || 1), supR: t.supHit / (t.supGold || 1), n: t.n, ms: Math.round(ms), confusion, rows };
}

const fx = (x) => x.toFixed(3);
const dir = mkdtempSync(join(tmpdir(), 'corroborate-eval-'));
const results = {};
let failed = [];
try {
  for (const corpus of corpora()) {
    const r = (results[corpus.name] = score(corpus, dir));
    console.log(`${corpus.name.padEnd(14)} status ${fx(r.status)}  false reassurance ${fx(r.reassure)}  false alarm ${fx(r.alarm)}  support P ${fx(r.supP)} R ${fx(r.supR)}  (${r.n} cases, ${r.ms} ms)`);
    if (verbose) {
      if (r.rows.length) console.log(r.rows.join('\n'));
      console.log('  gold \\ reported  ' + NAMES.map((x) => x.slice(0, 6).padStart(7)).join(''));
      for (const g of NAMES) if (r.confusion[g]) console.log('  ' + g.padEnd(16) + NAMES.map((x) => String(r.confusion[g][x] ?? '.').padStart(7)).join(''));
    }
    const floor = FLOOR[corpus.kind];
    if (floor) {
      if (r.status + 1e-9 < floor.status) failed.push(`${corpus.name} status ${fx(r.status)} < ${floor.status}`);
      if (r.reassure > floor.reassure + 1e-9) failed.push(`${corpus.name} false reassurance ${fx(r.reassure)} > ${floor.reassure}`);
      if (r.alarm > floor.alarm + 1e-9) failed.push(`${corpus.name} false alarm ${fx(r.alarm)} > ${floor.alarm}`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
// Leave one corpus out: the model fitted without a corpus, scored on it (and RTE-3 dev, two-way).
if (!args.includes('--no-loco') && existsSync(shared) && !(args[0] && !args[0].startsWith('--'))) {
  console.log('\nleave one corpus out (the fitted decision, refitted without the corpus it is scored on):');
  // TSX_DISABLE_CACHE: tsx would otherwise leave a compile cache (tsx-<uid>) in the temporary folder.
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/fit.ts'), '--dry-run'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, TSX_DISABLE_CACHE: '1' } });
  const loco = out.split('\n\n').find((b) => b.startsWith('leave one corpus out'));
  console.log(loco ? loco.split('\n').slice(1).join('\n') : out);
}
const jsonOut = opt('--json');
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(Object.fromEntries(Object.entries(results).map(([k, v]) => [k, { ...v, rows: undefined }])), null, 2));
if (args.includes('--min')) {
  if (failed.length) {
    console.error(`eval: below the regression floor: ${failed.join(', ')}`);
    process.exit(1);
  }
  console.log('eval: at or above the regression floor');
}
