// One benchmark size in a fresh process (so peak memory is this size's own). Prints one JSON object.
import Fuse from 'fuse.js';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIndex, createCorroborate, decodeCache, encodeCache, MemoryIndex, renderSentenceCard, type PassageRef, type SourceFile } from '../src/core';
import { loadSourceFolder, nativeHash } from '../src/node/loadSources';
import { buildIndexParallel } from '../src/node/parallelIndex';
import { generateCorpus, generateDraft, type GeneratedDraft } from './corpus';

const size = Number(process.argv[2]);
const seedsDir = process.argv[3];
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const now = () => performance.now();
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median: +at(0.5).toFixed(2), p95: +at(0.95).toFixed(2), n: s.length };
};
const time = <T>(f: () => T): [T, number] => {
  const t0 = now();
  const r = f();
  return [r, now() - t0];
};

// The corpus: the seeds themselves at size 5, generated articles otherwise. Made in a function, so that the
// generator's facts (the drafts' material, several times the articles' text) are garbage once the drafts are made;
// the articles' text stays held, and counts in the peak memory.
function corpus(): { files: SourceFile[]; drafts: { d500: GeneratedDraft; d5000: GeneratedDraft } } {
  if (size === 5) {
    const g = generateCorpus(50, 3);
    const files = readdirSync(seedsDir).filter((f) => f.endsWith('.txt')).map((f) => ({ path: f, text: readFileSync(join(seedsDir, f), 'utf8') }));
    return { files, drafts: { d500: generateDraft(g, 500), d5000: generateDraft(g, 5000) } };
  }
  const g = generateCorpus(size, 1);
  return { files: g.files, drafts: { d500: generateDraft(g, 500), d5000: generateDraft(g, 5000) } };
}
const { files, drafts } = corpus();
const words = files.reduce((n, f) => n + f.text.split(/\s+/).length, 0);

async function main(): Promise<void> {
  // Index build: on one thread, and on all (worker threads; the CLI's way for large folders).
  const buildRuns = size >= 10_000 ? 2 : 3;
  const builds: number[] = [];
  const parallelBuilds: number[] = [];
  let corpus!: MemoryIndex;
  for (let i = 0; i < buildRuns; i++) {
    gc();
    const [c, ms] = time(() => buildIndex({ files, hash: nativeHash }));
    builds.push(ms);
    corpus = c;
  }
  for (let i = 0; i < buildRuns; i++) {
    gc();
    const t0 = now();
    await buildIndexParallel(files);
    parallelBuilds.push(now() - t0);
  }
  gc();
  const heapMB = process.memoryUsage().heapUsed / 1048576;
  const peakRssMB = process.resourceUsage().maxRSS / 1024;

  // Full checks.
  const full = (text: string, runs: number) => {
    const xs: number[] = [];
    for (let i = 0; i < runs; i++) xs.push(time(() => createCorroborate({ index: corpus }).check(text))[1]);
    return stats(xs);
  };
  full(drafts.d500.text, 1); // warm the lexicon
  const check500 = full(drafts.d500.text, 7);
  const check5000 = full(drafts.d5000.text, 5);

  // Re-check after editing one sentence.
  const checker = createCorroborate({ index: corpus });
  const result = checker.check(drafts.d5000.text);
  const lines = drafts.d5000.text.split('\n');
  const edits: number[] = [];
  for (let i = 0; i < 60; i++) {
    const copy = [...lines];
    const at = 2 + 2 * ((i * 7) % Math.max(1, Math.floor((lines.length - 2) / 2)));
    copy[at] = copy[at].replace(/\.$/, ` once more ${i}.`);
    edits.push(time(() => checker.check(copy.join('\n')))[1]);
  }

  // Hover: the sentence at a position, and its card.
  const groups = corpus.stats.groups;
  const hovers: number[] = [];
  for (let i = 0; i < 200; i++) {
    const offset = Math.floor((i / 200) * drafts.d5000.text.length);
    hovers.push(time(() => {
      const s = result.sentences.find((x) => offset >= x.span.start && offset <= x.span.end);
      return s ? renderSentenceCard(s, groups, () => 'command:x') : '';
    })[1]);
  }

  // Completion: rank the sources for the sentence, fuzzy-filter by a typed prefix, take 100.
  const completions: number[] = [];
  for (let i = 0; i < 100; i++) {
    const s = result.sentences[(i * 13) % result.sentences.length];
    completions.push(time(() => {
      const ranked = checker.rankSources(s.text, corpus.stats.sources) as PassageRef[];
      const fuse = new Fuse(ranked, { keys: ['source.key', 'source.title'], threshold: 0.4, ignoreLocation: true });
      return fuse.search('ar').slice(0, 100);
    })[1]);
  }

  // Start-up with the on-disk cache: read the sources folder and the cache, rebuild, check the draft.
  const dir = mkdtempSync(join(tmpdir(), 'corroborate-bench-'));
  // Removed however the run ends: normally, on an error, or on Ctrl+C.
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));
  mkdirSync(join(dir, 'sources'));
  for (const f of files) writeFileSync(join(dir, 'sources', f.path), f.text);
  const cacheBytes = encodeCache(corpus.toCache());
  writeFileSync(join(dir, 'index.bin'), cacheBytes);
  const startups: number[] = [];
  const firsts: number[] = [];
  const fromSnapshot: number[] = [];
  const adoptions: number[] = [];
  for (let i = 0; i < (size >= 10_000 ? 2 : 3); i++) {
    gc();
    const t0 = now();
    const loaded = await loadSourceFolder(join(dir, 'sources'));
    const cache = decodeCache(readFileSync(join(dir, 'index.bin')));
    // The snapshot is read: what follows is adopting it and checking (issue 16's "within 0.5 s of the snapshot").
    const t1 = now();
    const c = buildIndex({ files: loaded.files, cache: cache, hash: nativeHash });
    adoptions.push(now() - t1);
    if (c.reused !== files.length) throw new Error(`cache reused ${c.reused} of ${files.length}`);
    // As the editor does: check in slices, and show the first slice's findings at once.
    let first = 0;
    await createCorroborate({ index: c }).checkSliced(drafts.d5000.text, { now }, { yieldNow: async () => {}, isCancelled: () => false, onPartial: () => void (first ||= now() - t0) });
    startups.push(now() - t0);
    firsts.push(first || now() - t0);
    fromSnapshot.push((first || now() - t0) - (t1 - t0));
  }

  // Recall on the generated paraphrases, and the naive baseline: fuse.js over every source sentence.
  const bySentence = new Map(result.sentences.map((s) => [s.text, s]));
  const para = drafts.d5000.paraphrases;
  const ours = para.filter((p) => bySentence.get(p.sentence)?.support.some((r) => r.source.path === files[p.article]?.path)).length;
  const passages = corpus.sources.flatMap((s) => s.passages.map((p) => ({ text: p.text, path: s.path })));
  const [fuse, fuseBuild] = time(() => new Fuse(passages, { keys: ['text'], includeScore: true, threshold: 0.6, ignoreLocation: true }));
  const sample = para.slice(0, size >= 10_000 ? 5 : size >= 1000 ? 15 : 40);
  const naiveTimes: number[] = [];
  let naiveHits = 0;
  for (const p of sample) {
    const [hits, ms] = time(() => fuse.search(p.sentence.slice(0, 32), { limit: 5 }));
    naiveTimes.push(ms);
    if (hits[0] && hits[0].item.path === files[p.article]?.path && (hits[0].score ?? 1) < 0.4) naiveHits++;
  }
  const naivePerSentence = naiveTimes.reduce((a, b) => a + b, 0) / naiveTimes.length;
  const naiveFull = naivePerSentence * result.sentences.length;

  console.log(
    JSON.stringify({
      size,
      sources: corpus.stats.sources,
      passages: corpus.stats.passages,
      words,
      draftSentences: result.sentences.length,
      buildMs: stats(builds),
      parallelBuildMs: stats(parallelBuilds),
      heapMB: +heapMB.toFixed(0),
      peakRssMB: +peakRssMB.toFixed(0),
      check500Ms: check500,
      check5000Ms: check5000,
      editMs: stats(edits),
      hoverMs: stats(hovers),
      completionMs: stats(completions),
      cacheMB: +(cacheBytes.byteLength / 1048576).toFixed(1),
      startupMs: stats(startups),
      firstDiagnosticsMs: stats(firsts),
      adoptMs: stats(adoptions),
      firstFromSnapshotMs: stats(fromSnapshot),
      recall: { ours: +(ours / Math.max(1, para.length)).toFixed(3), oursOn: para.length, naive: +(naiveHits / Math.max(1, sample.length)).toFixed(3), naiveOn: sample.length },
      naive: { indexMs: +fuseBuild.toFixed(0), perSentenceMs: +naivePerSentence.toFixed(1), fullCheckMs: +naiveFull.toFixed(0), speedup: +(naiveFull / check5000.median).toFixed(0) },
    }),
  );
}

void main();
