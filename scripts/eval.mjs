#!/usr/bin/env node
// Scores the engine on labelled draft sentences, with the rules of the team's scorer (shared/eval/score.mjs):
// every sentence becomes one paragraph of a draft, `corroborate check --format json` reads it, and each reported
// sentence is compared with its label.
// Usage: npm run eval [-- CASES.json] [--sources DIR] [--verbose] [--min] [--json OUT]
//   --min   exit 1 if a figure falls below the regression floor in FLOOR (what `npm test` enforces).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : fallback; };
const casesPath = args[0] && !args[0].startsWith('--') ? args[0] : join(root, 'test/fixtures/seed-cases.json');
const sources = resolve(opt('--sources', join(root, 'seeds')));
const verbose = args.includes('--verbose');
// Regression floor: a little under what the engine scores now (see README); raise it as the engine improves.
const FLOOR = { status: 0.8, ssF1: 0.88, cF1: 0.9, supP: 0.88, supR: 0.7 };

const data = JSON.parse(readFileSync(casesPath, 'utf8'));
const cases = Array.isArray(data) ? data : data.cases;
const dir = mkdtempSync(join(tmpdir(), 'corroborate-eval-'));
let out, ms;
try {
  const draft = join(dir, 'draft.md');
  writeFileSync(draft, cases.map((c) => c.sentence).join('\n\n') + '\n');
  const t0 = performance.now();
  out = execFileSync(process.execPath, [join(root, 'bin/corroborate.js'), 'check', draft, '--sources', sources, '--format', 'json', '--fail-on', 'never'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  ms = performance.now() - t0;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const report = JSON.parse(out);

const norm = (s) => s.normalize('NFKC').replace(/[\u2018\u2019]/g, "'").replace(/\s+/g, ' ').trim();
const byText = new Map(report.files.flatMap((f) => f.sentences).map((s) => [norm(s.text), s]));
const src = (x) => basename(String(typeof x === 'string' ? x : x.source ?? x.file ?? ''));
const t = { n: 0, ok: 0, ssTP: 0, ssFP: 0, ssFN: 0, cTP: 0, cFP: 0, cFN: 0, supHit: 0, supGold: 0, supOk: 0, supPred: 0, cSrcHit: 0, cSrcGold: 0, missing: 0 };
const rows = [];
for (const c of cases) {
  t.n++;
  const s = byText.get(norm(c.sentence));
  if (!s) t.missing++;
  const status = s?.status ?? 'missing';
  const okStatus = status === c.status || (c.acceptableStatus ?? []).includes(status);
  if (okStatus) t.ok++;
  const goldSS = c.status === 'single-source', predSS = status === 'single-source';
  if (predSS && goldSS) t.ssTP++; else if (predSS) t.ssFP++; else if (goldSS) t.ssFN++;
  const flagC = (x) => x === 'contradicted' || x === 'disputed';
  const goldC = flagC(c.status), predC = flagC(status);
  if (predC && goldC) t.cTP++; else if (predC && !(c.acceptableStatus ?? []).some(flagC)) t.cFP++; else if (goldC && !predC) t.cFN++;
  const pred = new Set((s?.support ?? []).map(src));
  const ok = new Set([...c.support, ...(c.acceptable ?? [])]);
  for (const p of pred) { t.supPred++; if (ok.has(p)) t.supOk++; }
  for (const g of c.support) { t.supGold++; if (pred.has(g)) t.supHit++; }
  if (c.contradicts.length && c.status === 'contradicted') {
    t.cSrcGold++;
    if ((s?.contradictions ?? []).some((x) => c.contradicts.includes(src(x)))) t.cSrcHit++;
  }
  if (!okStatus) rows.push(`${c.id}\texpected ${c.status}, got ${status}\t${c.sentence}`);
}
const f1 = (tp, fp, fn) => { const p = tp / ((tp + fp) || 1), r = tp / ((tp + fn) || 1); return { p, r, f: p + r ? (2 * p * r) / (p + r) : 0 }; };
const ss = f1(t.ssTP, t.ssFP, t.ssFN), cf = f1(t.cTP, t.cFP, t.cFN);
const fig = { status: t.ok / t.n, ssF1: ss.f, cF1: cf.f, supP: t.supOk / (t.supPred || 1), supR: t.supHit / (t.supGold || 1) };
const fx = (x) => x.toFixed(3);
if (verbose && rows.length) console.log(rows.join('\n'));
console.log(`cases ${t.n}, not found in report ${t.missing} (${basename(casesPath)} against ${report.sources.length} sources, ${Math.round(ms)} ms)`);
console.log(`single-source flag  P ${fx(ss.p)} R ${fx(ss.r)} F1 ${fx(ss.f)}`);
console.log(`contradiction flag  P ${fx(cf.p)} R ${fx(cf.r)} F1 ${fx(cf.f)}`);
console.log(`support sources     P ${fx(fig.supP)} R ${fx(fig.supR)}`);
console.log(`contradicting source named ${t.cSrcHit}/${t.cSrcGold}`);
console.log(`status accuracy ${fx(fig.status)} (${t.ok}/${t.n})`);
const jsonOut = opt('--json');
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ ...fig, cases: t.n, ms: Math.round(ms) }, null, 2));
if (args.includes('--min')) {
  const low = Object.entries(FLOOR).filter(([k, v]) => fig[k] + 1e-9 < v);
  if (low.length) {
    console.error(`eval: below the regression floor: ${low.map(([k, v]) => `${k} ${fx(fig[k])} < ${v}`).join(', ')}`);
    process.exit(1);
  }
  console.log('eval: at or above the regression floor');
}
