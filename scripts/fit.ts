#!/usr/bin/env node
// Fits the support decision (src/core/support.ts) on the labelled data in ../shared/eval and writes
// data/model.json. Deterministic: the same data gives the same coefficients, byte for byte.
//   npm run fit                 fit on everything, print leave-one-corpus-out figures, write data/model.json
//   npm run fit -- --dry-run    the same, without writing
//   npm run fit -- --dump F     also write every measured (sentence, source) row with its label to F (JSON)
//   npm run fit -- --rows F     fit on the rows of an earlier --dump instead of measuring (seconds, not tens of
//                               seconds: for trying a change to the model or the fit, not to the engine)
//   npm run fit -- --thresholds S,C,A,F   keep the four thresholds (states, contradicts, also states, same figure)
//                               fixed in every fit: compares two engines' measurements without the threshold search
//   npm run fit -- --models-from F   fit each held-out model on the rows of an earlier --dump F, and score this
//                               run's measurements with it: a change to the engine judged without the refit's noise
//   npm run fit -- --no-signs   fit the conflict model without its sign constraints (CONFLICT_SIGNS below)
//   npm run fit -- --cases F    write each case's leave-one-corpus-out status to F (TSV: corpus, id, gold, got,
//                               sentence), to diff two runs case by case
// Data: seed-cases.json against ../shared/seeds; every real/<event>/ (sources/ + cases.json); external/rte3-dev.json
// (each premise the only source of its hypothesis). Each corpus weighs the same in the fit, whatever its size.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { buildIndex, createCorroborate, type MemoryIndex, type SentenceResult } from '../src/core';
import { CONFLICT_FEATURES, STATE_FEATURES, blocksSupport, decide, featuresOf, probability, type Logistic, type PairEvidence, type SupportModel } from '../src/core/check/support';
import { loadSourceFolder } from '../src/node/loadSources';

const root = resolve(__dirname, '..');
const evalDir = resolve(root, '../shared/eval');
const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

interface Case {
  id: string | number;
  sentence: string;
  status: string;
  support: string[];
  acceptable?: string[];
  contradicts: string[];
  acceptableStatus?: string[];
}
/** One measured (sentence, source group) with its label. */
interface Row {
  support?: PairEvidence;
  conflict?: PairEvidence;
  /** 1 states, 0 does not, undefined: arguably (not fitted). */
  states?: number;
  contradicts: number;
}
interface Sentence {
  c: Case;
  claim: boolean;
  rows: Row[];
}
interface CorpusData {
  name: string;
  sentences: Sentence[];
  /** Two-way data (RTE): only "entails or not" is scored. */
  twoWay?: boolean;
}

function norm(s: string): string {
  return s.normalize('NFKC').replace(/[\u2018\u2019]/g, "'").replace(/\s+/g, ' ').trim();
}

function label(c: Case, files: string[]): Row['states'] {
  const names = files.map((f) => basename(f));
  if (names.some((n) => c.support.includes(n))) return 1;
  if (names.some((n) => (c.acceptable ?? []).includes(n))) return undefined;
  return 0;
}

function measure(corpus: MemoryIndex, cases: Case[]): Sentence[] {
  const draft = cases.map((c) => c.sentence).join('\n\n') + '\n';
  const doc = createCorroborate({ index: corpus, evidence: true }).check(draft);
  const byText = new Map<string, SentenceResult>(doc.sentences.map((s) => [norm(s.text), s]));
  return cases.map((c) => {
    const s = byText.get(norm(c.sentence));
    const rows = (s?.evidence ?? []).map((e) => ({
      support: e.support,
      conflict: e.conflict,
      states: label(c, e.sources),
      contradicts: e.sources.some((f) => c.contradicts.includes(basename(f))) ? 1 : 0,
    }));
    return { c, claim: s?.claim ?? false, rows };
  });
}

async function loadFolderCorpus(dir: string): Promise<MemoryIndex> {
  const folder = await loadSourceFolder(dir);
  return buildIndex({ files: folder.files, manifests: folder.manifestText ? [{ text: folder.manifestText, label: join(dir, 'corroborate.json') }] : [] });
}

async function loadAll(): Promise<CorpusData[]> {
  const out: CorpusData[] = [];
  const seedCases = JSON.parse(readFileSync(join(evalDir, 'seed-cases.json'), 'utf8'));
  out.push({ name: 'seed', sentences: measure(await loadFolderCorpus(resolve(evalDir, '../seeds')), Array.isArray(seedCases) ? seedCases : seedCases.cases) });
  const realDir = join(evalDir, 'real');
  for (const event of readdirSync(realDir).sort()) {
    const dir = join(realDir, event);
    if (!existsSync(join(dir, 'cases.json'))) continue;
    const cases = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8'));
    out.push({ name: event, sentences: measure(await loadFolderCorpus(join(dir, 'sources')), Array.isArray(cases) ? cases : cases.cases) });
  }
  const rte = JSON.parse(readFileSync(join(evalDir, 'external/rte3-dev.json'), 'utf8')) as { pairs: { id: number; premise: string; hypothesis: string; entails: boolean }[] };
  const sentences: Sentence[] = [];
  for (const p of rte.pairs) {
    const corpus = buildIndex({ files: [{ path: 'premise.txt', text: p.premise }] });
    const c: Case = { id: p.id, sentence: p.hypothesis, status: p.entails ? 'single-source' : 'unsupported', support: p.entails ? ['premise.txt'] : [], contradicts: [] };
    const [s] = measure(corpus, [c]);
    // The hypothesis may split into several sentences; score the first, as a writer's sentence would be.
    sentences.push(s);
  }
  out.push({ name: 'rte3-dev', sentences, twoWay: true });
  return out;
}

// ---- logistic regression (Newton's method with an L2 penalty; deterministic) ----

/**
 * The sign each conflict feature's coefficient may take, where the direction is known in advance: the more of the
 * claim the conflicting passage matches, the more likely it speaks of the same thing, so the likelier a real
 * contradiction; a hedge or another passage of that source stating the claim makes it less likely. On a few hundred
 * rows an unconstrained fit learns the opposite of some of these from collinear features (a near-verbatim "rose" for
 * "fell" scored as no contradiction); a feature that would take the wrong sign is held at zero instead.
 */
const CONFLICT_SIGNS: Partial<Record<(typeof CONFLICT_FEATURES)[number], 1 | -1>> = {
  topical: 1,
  cov: 1,
  covG: 1,
  nameCov: 1,
  covV: 1,
  sim: 1,
  hedge: -1,
  otherCov: -1,
};
const MONOTONE = !args.includes('--no-signs');

/** `fitLogistic`, with each coefficient of `signs` (by feature index) held at zero when it takes the other sign. */
function fitSigned(xs: number[][], ys: number[], ws: number[], l2: number, signs: (1 | -1 | 0)[]): Logistic {
  const held = new Set<number>();
  for (;;) {
    const m = fitLogistic(xs, ys, ws, l2, held);
    // One at a time, the worst first: holding one may bring another back to its sign.
    let worst = -1;
    for (let i = 0; i < signs.length; i++)
      if (!held.has(i) && signs[i] * m.w[i] < 0 && (worst < 0 || Math.abs(m.w[i]) > Math.abs(m.w[worst]))) worst = i;
    if (worst < 0) return m;
    held.add(worst);
  }
}

function fitLogistic(xs: number[][], ys: number[], ws: number[], l2: number, held: ReadonlySet<number> = new Set()): Logistic {
  const d = xs[0]?.length ?? 0;
  const mean = Array(d).fill(0);
  const sd = Array(d).fill(0);
  const W = ws.reduce((a, b) => a + b, 0) || 1;
  xs.forEach((x, n) => x.forEach((v, i) => (mean[i] += (ws[n] * v) / W)));
  xs.forEach((x, n) => x.forEach((v, i) => (sd[i] += (ws[n] * (v - mean[i]) ** 2) / W)));
  for (let i = 0; i < d; i++) sd[i] = Math.sqrt(sd[i]) || 1;
  const z = xs.map((x) => [1, ...x.map((v, i) => (v - mean[i]) / sd[i])]);
  let beta = Array(d + 1).fill(0);
  for (let iter = 0; iter < 50; iter++) {
    const g = Array(d + 1).fill(0);
    const H = Array.from({ length: d + 1 }, () => Array(d + 1).fill(0));
    z.forEach((x, n) => {
      const p = 1 / (1 + Math.exp(-x.reduce((a, v, i) => a + v * beta[i], 0)));
      const w = ws[n];
      for (let i = 0; i <= d; i++) {
        g[i] += w * (ys[n] - p) * x[i];
        for (let j = 0; j <= d; j++) H[i][j] += w * p * (1 - p) * x[i] * x[j];
      }
    });
    for (let i = 1; i <= d; i++) {
      g[i] -= l2 * beta[i];
      H[i][i] += l2;
    }
    H[0][0] += 1e-9;
    // A held coefficient stays at zero: its row and column of the system are the identity's.
    for (const i of held) {
      g[i + 1] = 0;
      for (let j = 0; j <= d; j++) H[i + 1][j] = H[j][i + 1] = 0;
      H[i + 1][i + 1] = 1;
    }
    const step = solve(H, g);
    beta = beta.map((b, i) => b + step[i]);
    if (Math.max(...step.map(Math.abs)) < 1e-8) break;
  }
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  return { mean: mean.map(round), sd: sd.map(round), w: beta.slice(1).map(round), b: round(beta[0]) };
}

function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((r, i) => [...r, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    const v = M[c][c] || 1e-12;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r][c] / v;
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  return M.map((r, i) => r[n] / (r[i] || 1e-12));
}

const L2 = Number(opt('--l2') ?? 1);
const FIXED = opt('--thresholds')?.split(',').map(Number);
const fixedThresholds: Partial<SupportModel> | undefined = FIXED && {
  stateThreshold: FIXED[0],
  conflictThreshold: FIXED[1],
  alsoThreshold: FIXED[2],
  sameFigureThreshold: FIXED[3],
};
const RISK = Number(opt('--risk') ?? 0.75);

function fitModel(train: CorpusData[], thresholds?: Partial<SupportModel>): SupportModel {
  const sx: number[][] = [], sy: number[] = [], sw: number[] = [];
  const cx: number[][] = [], cy: number[] = [], cw: number[] = [];
  for (const corpus of train) {
    const rows = corpus.sentences.flatMap((s) => s.rows);
    const nS = rows.filter((r) => r.support && r.states !== undefined).length || 1;
    const nC = rows.filter((r) => r.conflict).length || 1;
    for (const r of rows) {
      // Blocked passages and sources that contradict the sentence say nothing about where "states" ends: left out.
      if (r.support && !blocksSupport(r.support) && r.states !== undefined && !r.contradicts) {
        sx.push(featuresOf(r.support));
        sy.push(r.contradicts ? 0 : r.states);
        sw.push(1000 / nS);
      }
      if (r.conflict && !corpus.twoWay) {
        cx.push(featuresOf(r.conflict, true));
        cy.push(r.contradicts);
        cw.push(1000 / nC);
      }
    }
  }
  const model: SupportModel = { state: fitLogistic(sx, sy, sw, L2), conflict: MONOTONE ? fitSigned(cx, cy, cw, L2, CONFLICT_FEATURES.map((n) => CONFLICT_SIGNS[n] ?? 0)) : fitLogistic(cx, cy, cw, L2), stateThreshold: 0.5, conflictThreshold: 0.5, alsoThreshold: 0.5, sameFigureThreshold: 0.5 };
  if (thresholds) return { ...model, ...thresholds };
  // The thresholds that give the best mean objective over the training corpora, one at a time (coordinate ascent
  // from the middle of the grid, three rounds): accuracy less RISK x (false reassurance + false alarm).
  const objective = (m: SupportModel) =>
    train.reduce((a, c) => {
      const x = score(c, m);
      return a + x.accuracy - RISK * (x.reassurance + x.alarm);
    }, 0) / train.length;
  let best: SupportModel = model;
  let bestObj = objective(best);
  const grid: Record<'stateThreshold' | 'conflictThreshold' | 'alsoThreshold' | 'sameFigureThreshold', number[]> = {
    stateThreshold: [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7],
    conflictThreshold: [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8],
    alsoThreshold: [0.35, 0.4, 0.45, 0.5, 0.6, 0.7],
    sameFigureThreshold: [0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.7],
  };
  for (let round = 0; round < 3; round++) {
    for (const key of Object.keys(grid) as (keyof typeof grid)[]) {
      for (const v of grid[key]) {
        const m = { ...best, [key]: v };
        const o = objective(m);
        if (o > bestObj + 1e-9) {
          bestObj = o;
          best = m;
        }
      }
    }
  }
  return best;
}

// ---- the status the engine would report, scored by the rules of ../shared/eval/score.mjs ----

/** The model's decision on a sentence's rows (items: row indices). */
function decided(s: Sentence, m: SupportModel): ReturnType<typeof decide<number>> {
  return decide(s.rows.map((r, i) => ({ item: i, support: r.support, conflict: r.conflict })), m);
}

function statusOf(s: Sentence, m: SupportModel, v = decided(s, m)): string {
  if (!s.claim && !v.conflicts.length) return 'none';
  if (v.conflicts.length) return v.support.length ? 'disputed' : 'contradicted';
  return v.support.length >= 2 ? 'corroborated' : v.support.length === 1 ? 'single-source' : 'unsupported';
}

const NAMES = ['corroborated', 'single-source', 'contradicted', 'disputed', 'unsupported', 'none'];
interface Score {
  accuracy: number;
  reassurance: number;
  alarm: number;
  n: number;
  /** Of the sources reported as stating a sentence, the share labelled as stating it (or acceptable). */
  sourcePrecision: number;
  confusion: Record<string, Record<string, number>>;
}
function score(corpus: CorpusData, m: SupportModel): Score {
  let ok = 0, wrongN = 0, reassured = 0, rightN = 0, alarmed = 0, named = 0, namedRight = 0;
  const confusion: Score['confusion'] = {};
  for (const s of corpus.sentences) {
    const v = decided(s, m);
    named += v.support.length;
    namedRight += v.support.filter((x) => s.rows[x.item].states !== 0).length;
    const got = statusOf(s, m, v);
    const accept = [s.c.status, ...(s.c.acceptableStatus ?? [])];
    if (corpus.twoWay) {
      const sourced = got === 'single-source' || got === 'corroborated';
      if (sourced === (s.c.status === 'single-source')) ok++;
    } else if (accept.includes(got)) ok++;
    (confusion[s.c.status] ??= {})[got] = (confusion[s.c.status][got] ?? 0) + 1;
    if (['contradicted', 'disputed', 'unsupported'].includes(s.c.status)) {
      wrongN++;
      if ((got === 'corroborated' || got === 'single-source') && !accept.includes(got)) reassured++;
    } else {
      rightN++;
      if ((got === 'contradicted' || got === 'disputed') && !accept.includes(got)) alarmed++;
    }
  }
  return { accuracy: ok / corpus.sentences.length, reassurance: reassured / (wrongN || 1), alarm: alarmed / (rightN || 1), sourcePrecision: named ? namedRight / named : 1, n: corpus.sentences.length, confusion };
}

function printScore(label: string, s: Score, confusion = false): void {
  console.log(`${label.padEnd(34)} status ${s.accuracy.toFixed(3)}  false reassurance ${s.reassurance.toFixed(3)}  false alarm ${s.alarm.toFixed(3)}  sources ${s.sourcePrecision.toFixed(3)}  (${s.n} cases)`);
  if (!confusion) return;
  console.log('    gold \\ reported   ' + NAMES.map((x) => x.slice(0, 6).padStart(7)).join(''));
  for (const g of NAMES) if (s.confusion[g]) console.log('    ' + g.padEnd(17) + NAMES.map((x) => String(s.confusion[g][x] ?? '.').padStart(7)).join(''));
}

// ---- main ----
const t0 = performance.now();
void main();
async function main(): Promise<void> {
const rowsFile = opt('--rows');
const data: CorpusData[] = rowsFile ? JSON.parse(readFileSync(rowsFile, 'utf8')) : await loadAll();
console.log(`measured ${data.reduce((a, c) => a + c.sentences.length, 0)} sentences in ${data.length} corpora (${Math.round(performance.now() - t0)} ms)`);
const dump = opt('--dump');
if (dump) writeFileSync(dump, JSON.stringify(data, null, 1));

const verbose = args.includes('--verbose');
console.log('\nleave one corpus out (fit on the others, score the one left out):');
const loco: Record<string, Score> = {};
const caseLines: string[] = [];
const modelRows: CorpusData[] = opt('--models-from') ? JSON.parse(readFileSync(opt('--models-from')!, 'utf8')) : data;
for (const held of data) {
  const model = fitModel(modelRows.filter((c) => c.name !== held.name), fixedThresholds);
  loco[held.name] = score(held, model);
  for (const s of held.sentences) caseLines.push([held.name, s.c.id, s.c.status, statusOf(s, model), s.c.sentence].join('\t'));
  printScore(`  ${held.name}${held.twoWay ? ' (two-way)' : ''}`, loco[held.name], verbose);
}
if (opt('--cases')) writeFileSync(opt('--cases')!, caseLines.join('\n') + '\n');
const explain = opt('--explain');
if (explain) {
  // Every wrong case of one corpus, under the model fitted without it: what each source's evidence gave.
  const held = data.find((c) => c.name === explain)!;
  const m = fitModel(data.filter((c) => c !== held), fixedThresholds);
  for (const s of held.sentences) {
    const got = statusOf(s, m);
    if (got === s.c.status || (s.c.acceptableStatus ?? []).includes(got)) continue;
    console.log(`\n${s.c.id} expected ${s.c.status}, got ${got}: ${s.c.sentence}`);
    for (const r of s.rows) {
      const pS = r.support ? probability(m.state, featuresOf(r.support)) : 0;
      const pC = r.conflict ? probability(m.conflict, featuresOf(r.conflict, true)) : 0;
      const lab = r.contradicts ? 'CONTRA' : r.states === 1 ? 'STATES' : r.states === undefined ? 'accept' : '-';
      console.log(`   ${lab.padEnd(6)} pS ${pS.toFixed(2)} cov ${r.support?.cov.toFixed(2) ?? '-'} covG ${r.support?.covG.toFixed(2) ?? '-'} | pC ${pC.toFixed(2)} ${r.conflict ? `${r.conflict.kind} topical ${r.conflict.topical?.toFixed(2)}` : ''}`);
    }
  }
}
const final = fitModel(data, fixedThresholds);
console.log('\nfit on all corpora (in-sample):');
for (const c of data) printScore(`  ${c.name}${c.twoWay ? ' (two-way)' : ''}`, score(c, final), verbose);
console.log(`\nthresholds: states ${final.stateThreshold}, contradicts ${final.conflictThreshold}, also states ${final.alsoThreshold}, same figure ${final.sameFigureThreshold}`);
const show = (names: readonly string[], m: Logistic) => names.map((n, i) => `${n} ${(m.w[i] / (m.sd[i] || 1)).toFixed(2)}`).join(', ');
console.log(`states (per unit): ${show(STATE_FEATURES, final.state)}`);
console.log(`contradicts (per unit): ${show(CONFLICT_FEATURES, final.conflict)}`);
if (opt('--json')) writeFileSync(opt('--json')!, JSON.stringify({ loco, fitted: Object.fromEntries(data.map((c) => [c.name, score(c, final)])) }, null, 2));
if (!args.includes('--dry-run')) {
  const out = { about: 'Fitted by scripts/fit.ts (npm run fit) on ../shared/eval: seed cases, real/*, RTE-3 dev. Do not edit by hand.', features: { state: STATE_FEATURES, conflict: CONFLICT_FEATURES }, ...final };
  writeFileSync(join(root, 'data/model.json'), JSON.stringify(out, null, 1) + '\n');
  console.log('wrote data/model.json');
}
}
