/**
 * `npm run bench:archive [-- ARTICLES]`: the archive benchmark (a benchmark, not a test). Starts a throwaway
 * PostgreSQL with the server's default durability (scripts/provision-postgres.sh, CORROBORATE_PG_DURABLE=1),
 * writes ARTICLES generated articles (default 100000; bench/corpus.ts) to a temporary folder, loads them with
 * `archive add` (in process), then reports load throughput, size on disk, and the timing of the retrieval query
 * (one sentence, and a batch of 30 in one round trip; 60 candidates each, with their paragraph neighbours) for queries
 * made of stored sentences' stems (those rare enough to retrieve with, as in memory), in SQL (`retrieveStems`) and as
 * the checker retrieves them (`ClientRetrieval`, nothing cached). Prints one JSON line, and keeps
 * it in bench/results.json under `archive`.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectArchive, connectPool } from '../src/archive/postgres/connect';
import { archiveStatus, loadFolders, type LoadProgress } from '../src/archive/postgres/ingest';
import { ClientRetrieval, type ArticleOrder } from '../src/archive/postgres/clientRetrieve';
import { retrieveStems, type StemQuery } from '../src/archive/postgres/retrieve';
import { initSchema } from '../src/archive/postgres/schema';
import { ArchiveIndex } from '../src/archive/postgres/archiveIndex';
import { createCorroborate, type Slicing } from '../src/core';
import { generateCorpus, generateDraft, type GeneratedDraft } from './corpus';

const articles = Number(process.argv[2] ?? 100_000);
const url = process.env.CORROBORATE_TEST_DB;
// BENCH_ARCHIVE_EXISTING=1: CORROBORATE_TEST_DB holds the ARTICLES already (loaded by an earlier run, e.g.
// bench/archiveLoad.ts on a cluster of `provision-postgres.sh start`): measure the checks only, print, keep nothing.
const existing = process.env.BENCH_ARCHIVE_EXISTING === '1';
if (!url) throw new Error('run through "npm run bench:archive", which starts PostgreSQL');

const stat = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))] * 10) / 10;
  return { median: q(0.5), p95: q(0.95) };
};

async function run() {
  const loadAtStart = loadavg().map((x) => Math.round(x * 100) / 100);
  const dir = mkdtempSync(join(tmpdir(), 'corroborate-bench-archive-'));
  try {
    const t0 = performance.now();
    // Written in slices so 10^5 articles never sit in memory at once.
    const slice = 5000;
    let draft: GeneratedDraft | undefined;
    for (let at = 0; at < articles; at += slice) {
      const part = generateCorpus(Math.min(slice, articles - at), 1 + at);
      if (existing) {
        // The archive is loaded already: only the draft is needed.
        draft = generateDraft(part, 5000);
        break;
      }
      // A 5,000-word draft about the first slice's facts (paraphrases, contradictions, and unsupported sentences).
      draft ??= generateDraft(part, 5000);
      const sub = join(dir, `part-${String(at / slice).padStart(4, '0')}`);
      mkdirSync(sub);
      for (const f of part.files) writeFileSync(join(sub, f.path), f.text);
    }
    const genMs = performance.now() - t0;
    const client = await connectArchive(url!);
    if (!existing) await initSchema(client);
    let lastReport = 0;
    // BENCH_ARCHIVE_LOAD_MINUTES stops the load after that long (at a batch boundary); the rest is measured on
    // what was loaded, and the result says how many articles that was.
    const limitMs = Number(process.env.BENCH_ARCHIVE_LOAD_MINUTES ?? 0) * 60_000;
    let last: LoadProgress | undefined;
    class Enough extends Error {}
    const load = existing ? undefined : await loadFolders(client, [dir], {
      onProgress: (p) => {
        last = p;
        if (p.elapsedMs - lastReport > 30_000) {
          lastReport = p.elapsedMs;
          process.stderr.write(`bench:archive: ${p.done}/${p.total} loaded, ${Math.round((p.added / p.elapsedMs) * 1000)} articles/s\n`);
        }
        if (limitMs && p.elapsedMs > limitMs) throw new Enough();
      },
    }).catch((e) => {
      if (e instanceof Enough && last) return last;
      throw e;
    });
    if (!existing) await client.query('VACUUM ANALYZE');
    const status = await archiveStatus(client);
    // The retrieval query a check sends: per sentence, weighted stems; the best 60 passages by weighted sum.
    const sample = (await client.query<{ stems: string[] }>('SELECT stems FROM corroborate_passages TABLESAMPLE SYSTEM (1) REPEATABLE (7) LIMIT 300')).rows.map((r) => r.stems.slice(0, 12));
    const dfs = new Map((await client.query<{ stem: string; df: number }>('SELECT stem, df FROM corroborate_stems WHERE stem = ANY($1::text[])', [[...new Set(sample.flat())]])).rows.map((r) => [r.stem, r.df]));
    const maxPostings = Math.max(2000, Math.min(20_000, status.passages * 0.05));
    const queries = sample.map((stems) => stems.filter((s) => (dfs.get(s) ?? 0) <= maxPostings).map((s) => ({ stem: s, weight: Math.log((status.passages + 1) / ((dfs.get(s) ?? 0) + 0.5)) })));
    const asQuery = (q: { stem: string; weight: number }[]): StemQuery => ({ words: q.map((t) => [t]) });
    const one: number[] = [];
    for (const q of queries.slice(0, 60)) {
      const t = performance.now();
      await retrieveStems(client, [asQuery(q)], 60);
      one.push(performance.now() - t);
    }
    const batch: number[] = [];
    for (let i = 0; i + 30 <= Math.min(queries.length, 300); i += 30) {
      const t = performance.now();
      await retrieveStems(client, queries.slice(i, i + 30).map(asQuery), 60);
      batch.push(performance.now() - t);
    }
    // The same batches as ArchiveIndex retrieves them (sums in the client, two statements), with nothing cached
    // yet: a new cache for each batch.
    const paths = new Map<number, string>();
    const order: ArticleOrder = {
      rank: () => undefined,
      path: (a) => paths.get(a),
      fetch: async (ids) => {
        const r = await client.query<{ id: string; path: string }>('SELECT id::text AS id, path FROM corroborate_articles WHERE id = ANY($1::bigint[])', [ids.map(String)]);
        for (const x of r.rows) paths.set(Number(x.id), x.path);
      },
    };
    const clientBatch: number[] = [];
    for (let i = 0; i + 30 <= Math.min(queries.length, 300); i += 30) {
      const t = performance.now();
      await new ClientRetrieval().retrieve(client, queries.slice(i, i + 30).map(asQuery), 60, order);
      clientBatch.push(performance.now() - t);
    }
    await client.end();
    // The check itself, through the PassageIndex port: a 5,000-word draft in full (sentences in batches of 64, one
    // round trip each), then one-sentence re-checks after an edit (the sentence cache holds the rest).
    const pool = await connectPool(url!);
    const openT = performance.now();
    const index = await ArchiveIndex.open(pool);
    const openMs = performance.now() - openT;
    const slicing: Slicing = { yieldNow: () => Promise.resolve(), isCancelled: () => false, sliceMs: Infinity, batch: 64 };
    const full: number[] = [];
    let sentences = 0;
    let corroborate = createCorroborate({ index });
    for (let run = 0; run < 3; run++) {
      corroborate = createCorroborate({ index });
      const t = performance.now();
      const r = await corroborate.checkSliced(draft!.text, { markdown: true }, slicing);
      full.push(performance.now() - t);
      sentences = r!.sentences.length;
    }
    const edits: number[] = [];
    let text = draft!.text;
    for (const p of draft!.paraphrases.slice(0, 40)) {
      if (!text.includes(p.sentence)) continue;
      text = text.replace(p.sentence, p.sentence.replace(/\.$/, ' again.'));
      const t = performance.now();
      await corroborate.checkSliced(text, { markdown: true }, slicing);
      edits.push(performance.now() - t);
    }
    await pool.end();
    const result = {
      generated: articles,
      articles: status.articles,
      passages: status.passages,
      stems: status.stems,
      generateMs: Math.round(genMs),
      loadMs: load && Math.round(load.elapsedMs),
      loadArticlesPerSecond: load && Math.round((load.added / load.elapsedMs) * 1000),
      // Where the load's time went: `analysis` is the wait for the engine's analysis, the rest the archive's.
      loadPhasesMs: load && 'phases' in load ? Object.fromEntries(Object.entries(load.phases as Record<string, number>).map(([k, v]) => [k, Math.round(v)])) : undefined,
      dbMB: Math.round(status.bytes / 1048576),
      retrieveOneSentenceMs: stat(one),
      retrieve30SentencesMs: stat(batch),
      clientRetrieve30SentencesMs: stat(clientBatch),
      openIndexMs: Math.round(openMs),
      draftSentences: sentences,
      fullCheck5000WordsMs: stat(full),
      oneSentenceRecheckMs: { ...stat(edits), n: edits.length },
    };
    console.log(JSON.stringify(result));
    if (existing) return;
    // Kept in bench/results.json under `archive`, by articles generated, with the machine's load average (1, 5
    // and 15 minutes) at the start and the end: figures on a shared machine mean little without it.
    const file = join(__dirname, '..', 'bench', 'results.json');
    const previous = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
    const entry = { date: new Date().toISOString(), node: process.version, loadAverage: { start: loadAtStart, end: loadavg().map((x) => Math.round(x * 100) / 100) }, ...result };
    writeFileSync(file, JSON.stringify({ ...previous, archive: { ...(previous.archive ?? {}), [articles]: entry } }, null, 2) + '\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

run().catch((e) => {
  console.error(e);
  process.exit(1);
});
