import { resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { isSourcePath, MANIFEST_FILE, parseManifest, type SourceFile, type SourceProblem } from '../../core';
import { Analyser, PASSAGE_COLUMNS, POSTING_COLUMNS, type ArticleSummary, type BatchAnalysis, type BatchJob, type Manifest } from './analyse';
import { loadSourceFolder, nativeHash } from '../../node/loadSources';
import { copyRow } from './copyText';
import { copyBinaryIn } from './copyIn';
import { ARCHIVE_LOCK, requireSchema, writableSchema } from './schema';
import { currentAnalysis, staleArticles, type StaleArticles } from './analysisVersion';
import { compactPostings, type CompactSummary } from './compact';

/**
 * Articles per load batch (one transaction each). 1,000 rather than 250: fewer statements and postings rows a load
 * (so less to merge after it), at the cost of one batch's analysis before the first write and of up to 1,000
 * articles loaded again after a kill. Measured 2026-12-04, 20,000 generated articles with the compaction:
 * 250: 435; 500: 568, 460; 1,000: 626, 499 articles/s (load 3-5); at 5,000 articles 1,000 is not slower (336, 327
 * against 309, 315). A batch of 1,000 is about 60 MB of COPY data.
 */
export const DEFAULT_BATCH = 1000;
/** A sentence shared by more articles than this is boilerplate: it says nothing about copies (as the engine). */
const BOILERPLATE_ARTICLES = 50;
/** Share of the smaller article's sentences two articles must share to be one duplicate group (as the engine). */
const DUPLICATE_SHARE = 0.8;
/**
 * `synchronous_commit` of a load batch's transaction. Off: COMMIT returns before the batch's WAL is flushed, so
 * the loader never waits for the disk (the server flushes within 3 x wal_writer_delay, 600 ms by default). A
 * loader that is killed loses nothing it saw committed: the server finishes the commit on its own. A crash of
 * the server itself (or its host) in that window can lose the last batches reported committed, whole: the
 * archive stays consistent (each batch is there entirely or not at all) and the next `archive add` loads those
 * files again, their hashes not being stored. Readers, removals and `init` keep the server's setting.
 */
const LOAD_COMMIT = 'off';
/** Batches analysed ahead of the one being written. */
const LOOKAHEAD = 2;

export interface LoadProgress {
  /** Files looked at so far (skipped as unchanged ones included), of `total`. */
  done: number;
  total: number;
  added: number;
  replaced: number;
  /** Unchanged files whose stored features another analysis made (see analysisVersion.ts), loaded again. */
  reanalysed: number;
  unchanged: number;
  elapsedMs: number;
}

export interface LoadSummary extends LoadProgress {
  /** Files that could not be sources (unreadable, empty, bad metadata), and manifest problems. */
  problems: SourceProblem[];
  passages: number;
  /** Where the load's time went, in milliseconds of this thread (see LoadPhases). */
  phases: LoadPhases;
  /** The compaction of the postings after the batches (see compactPostings), when there was one. */
  compaction?: CompactSummary;
  /** The schema version the archive was upgraded from before the load (see SCHEMA_VERSION), if it was. */
  upgradedFrom?: number;
}

/**
 * A load's time by phase, as this thread spent it. `analysis` is time spent waiting for the engine's analysis of a
 * batch (on worker threads, so only the part not overlapped with writing); the rest is the archive's own work.
 */
export interface LoadPhases {
  /** Reading the folders and hashing their files, and reserving ids. */
  prepare: number;
  analysis: number;
  /** Removing the stored versions of changed files. */
  replace: number;
  keys: number;
  copyArticles: number;
  copyPassages: number;
  copyPostings: number;
  /** Document frequencies. */
  stems: number;
  /** Sentence counts and duplicate groups. */
  duplicates: number;
  /** Lock, totals and commit. */
  commit: number;
}

const noPhases = (): LoadPhases => ({ prepare: 0, analysis: 0, replace: 0, keys: 0, copyArticles: 0, copyPassages: 0, copyPostings: 0, stems: 0, duplicates: 0, commit: 0 });

/** Adds the time `f` takes to `phases[name]`. */
async function timed<T>(phases: LoadPhases, name: keyof LoadPhases, f: () => Promise<T>): Promise<T> {
  const t = performance.now();
  try {
    return await f();
  } finally {
    phases[name] += performance.now() - t;
  }
}

export interface LoadOptions {
  batchSize?: number;
  onProgress?: (p: LoadProgress) => void;
  /** Stop after this many batches (tests use it to leave a load half done). */
  maxBatches?: number;
  /** Worker threads analysing batches (default: the machine's available parallelism). */
  threads?: number;
  /** Merge the postings rows of the batches loaded, per stem, once they are in (default true). */
  compact?: boolean;
}

/**
 * Loads source folders into the archive, incrementally: a file whose content hash is stored is skipped, a changed
 * one replaces its article, a new one is added. An unchanged file whose article another analysis of the engine made
 * (currentAnalysis) is loaded again like a changed one, so a load after an upgrade of the engine refreshes the
 * features, resumable as any load. Files go in path order, in batches; each batch is one
 * transaction (COPY of its articles and passages, document frequencies, duplicate groups, counts), so a load that
 * is killed keeps every batch it committed and the next run goes on from there. Writers take an advisory lock per
 * batch, so two loaders never interleave inside a batch; readers are never blocked. After the batches, each stem's
 * postings rows of this load (one per batch) are merged with its earlier ones (compactPostings), in transactions of
 * their own: a load stopped before that leaves them to the next load or `archive compact`.
 */
export async function loadFolders(client: ClientBase, dirs: string[], options: LoadOptions = {}): Promise<LoadSummary> {
  const t0 = performance.now();
  const upgradedFrom = await writableSchema(client);
  const analysis = currentAnalysis();
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH);
  const summary: LoadSummary = { done: 0, total: 0, added: 0, replaced: 0, reanalysed: 0, unchanged: 0, elapsedMs: 0, problems: [], passages: 0, phases: noPhases() };
  if (upgradedFrom !== undefined) summary.upgradedFrom = upgradedFrom;
  const { phases } = summary;
  let mark = performance.now();
  const folders = [];
  for (const dir of dirs) {
    const loaded = await loadSourceFolder(dir);
    summary.total += loaded.files.length;
    folders.push({ root: resolve(dir), loaded });
  }
  // Batches are analysed ahead on worker threads while this thread writes the previous ones, in path order.
  const analyser = new Analyser(options.threads);
  let batches = 0;
  try {
    for (const { root, loaded } of folders) {
      summary.problems.push(...loaded.problems);
      const manifest = readManifest(loaded.manifestText, `${root}${sep}${MANIFEST_FILE}`, summary.problems);
      const stored = new Map(
        (await client.query<{ path: string; hash: string; analysis: string }>('SELECT path, hash, analysis FROM corroborate_articles WHERE root = $1', [root])).rows.map((r) => [r.path, r]),
      );
      const todo: SourceFile[] = [];
      // Unchanged files loaded again for their analysis.
      const again = new Set<string>();
      for (const f of [...loaded.files].sort(byPath)) {
        if (!isSourcePath(f.path)) continue;
        const had = stored.get(f.path);
        if (had?.hash !== nativeHash(f.text)) todo.push(f);
        else if (had.analysis !== analysis) {
          todo.push(f);
          again.add(f.path);
        } else {
          summary.unchanged++;
          summary.done++;
        }
      }
      options.onProgress?.({ ...summary, elapsedMs: performance.now() - t0 });
      // Ids for every file to load, in one statement: a batch needs no round trip for them (ids a stopped load
      // never used are skipped, which nothing minds).
      const ids = todo.length
        ? (await client.query<{ id: string }>("SELECT nextval('corroborate_article_ids')::text AS id FROM generate_series(1, $1::int)", [todo.length])).rows.map((r) => r.id)
        : [];
      phases.prepare += performance.now() - mark;
      const jobs: BatchJob[] = [];
      for (let at = 0; at < todo.length; at += batchSize) jobs.push({ files: todo.slice(at, at + batchSize), ids: ids.slice(at, at + batchSize), manifest, root });
      const ahead: Promise<BatchAnalysis>[] = [];
      const queue = (k: number) => {
        if (k < jobs.length && ahead.length === k) ahead.push(analyser.analyse(jobs[k]));
      };
      for (let k = 0; k < jobs.length; k++) {
        if (options.maxBatches !== undefined && batches >= options.maxBatches) break;
        for (let j = k; j <= k + LOOKAHEAD; j++) queue(j);
        const analysed = await timed(phases, 'analysis', () => ahead[k]);
        const { articles } = analysed;
        const files = jobs[k].files;
        summary.problems.push(...analysed.problems);
        const replaced = articles.filter((r) => stored.has(r.path)).length;
        // A stored article whose file is no longer a source (emptied) is removed with this batch.
        const kept = new Set(articles.map((r) => r.path));
        const gone = files.filter((f) => stored.has(f.path) && !kept.has(f.path)).map((f) => f.path);
        await writeBatch(client, root, analysed, analysis, gone, phases);
        batches++;
        const reanalysed = articles.filter((r) => again.has(r.path)).length;
        summary.reanalysed += reanalysed;
        summary.replaced += replaced - reanalysed;
        summary.added += articles.length - replaced;
        summary.passages += articles.reduce((n, r) => n + r.passages, 0);
        summary.done += files.length;
        options.onProgress?.({ ...summary, elapsedMs: performance.now() - t0 });
      }
      // Analyses started beyond a stop (maxBatches) are awaited so no worker is left mid-message.
      await Promise.allSettled(ahead);
      mark = performance.now();
    }
  } finally {
    await analyser.close();
  }
  if (batches > 0 && options.compact !== false) summary.compaction = await compactPostings(client);
  summary.elapsedMs = performance.now() - t0;
  return summary;
}

function readManifest(text: string | undefined, label: string, problems: SourceProblem[]): Manifest | undefined {
  if (text === undefined) return undefined;
  try {
    const entryProblems: string[] = [];
    const manifest = parseManifest(text, label, entryProblems);
    for (const message of entryProblems) problems.push({ path: label, message });
    return manifest;
  } catch (e) {
    problems.push({ path: label, message: (e as Error).message + '; its metadata is ignored' });
    return undefined;
  }
}

/** One batch, one transaction; its articles are stored as made by `analysis`. */
async function writeBatch(client: ClientBase, root: string, batch: BatchAnalysis, analysis: string, gone: string[], phases: LoadPhases): Promise<void> {
  const records = batch.articles;
  const time = <T>(name: keyof LoadPhases, f: () => Promise<T>) => timed(phases, name, f);
  // One round trip for the four (constants only: no value of the batch is in this text). A batch's commit does not
  // wait for its WAL to reach the disk (LOAD_COMMIT): see there for what that can and cannot lose. No JIT: the
  // planner's estimates for a batch's arrays are high enough to compile the duplicate-group statement (0.4 s at
  // 100,000 articles) for a statement that runs in 0.2 s.
  await time('commit', () => client.query(`BEGIN; SET LOCAL synchronous_commit = ${LOAD_COMMIT}; SET LOCAL jit = off; SELECT pg_advisory_xact_lock(${ARCHIVE_LOCK})`));
  try {
    const paths = [...records.map((r) => r.path), ...gone];
    // The keys of the articles replaced (changed, or analysed again): one that asks for the same key keeps it.
    const oldKeys = new Map<string, string>();
    await time('replace', async () => {
      const old = await client.query<{ id: string; path: string; key: string }>('SELECT id, path, key FROM corroborate_articles WHERE root = $1 AND path = ANY($2::text[])', [root, paths]);
      for (const r of old.rows) oldKeys.set(r.path, r.key);
      if (old.rows.length) await deleteArticles(client, old.rows.map((r) => r.id));
    });
    if (records.length) {
      const kept = records.map((r) => keptKey(oldKeys.get(r.path), r.baseKey));
      const fresh = records.filter((_, i) => kept[i] === undefined).map((r) => r.baseKey);
      const freshKeys = fresh.length ? await time('keys', () => freeKeys(client, fresh, kept.filter((k) => k !== undefined))) : [];
      let nextFresh = 0;
      const keys = kept.map((k) => k ?? freshKeys[nextFresh++]);
      const groups = await time('duplicates', () => groupDuplicates(client, records));
      await time('copyArticles', () =>
        copy(
          client,
          'COPY corroborate_articles (id, root, path, hash, key, title, outlet, author, url, date, analysis, grp, topics, sentences, passages) FROM STDIN',
          records.map((r, i) => copyRow([r.id, r.root, r.path, r.hash, keys[i], r.title, r.outlet, r.author, r.url, r.date, analysis, groups[i], r.topics, r.sentenceHashes.length, r.passages])),
        ),
      );
      await time('copyPassages', () => copyBinaryIn(client, `COPY corroborate_passages (${PASSAGE_COLUMNS}) FROM STDIN WITH (FORMAT binary)`, batch.passageRows));
      await time('copyPostings', () => copyBinaryIn(client, `COPY corroborate_postings (${POSTING_COLUMNS}) FROM STDIN WITH (FORMAT binary)`, batch.postingRows));
      await time('stems', () =>
        client.query(
          'INSERT INTO corroborate_stems (stem, df) SELECT * FROM unnest($1::text[], $2::int[]) ON CONFLICT (stem) DO UPDATE SET df = corroborate_stems.df + excluded.df',
          [batch.stems, batch.stemCounts],
        ),
      );
      const passages = records.reduce((n, r) => n + r.passages, 0);
      await time('commit', () => client.query('UPDATE corroborate_stats SET articles = articles + $1, passages = passages + $2, last_load = now()', [records.length, passages]));
    }
    await time('commit', () => client.query('COMMIT'));
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

async function copy(client: ClientBase, sql: string, rows: Iterable<string>): Promise<void> {
  await pipeline(Readable.from(chunks(rows)), client.query(copyFrom(sql)));
}

/** Rows joined into chunks of about 64 KB: one stream write per row costs more than the rows. */
function* chunks(rows: Iterable<string>): Generator<string> {
  let buf = '';
  for (const r of rows) {
    buf += r;
    if (buf.length >= 65536) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

/** Deletes articles and their passages, and takes their counts out of the frequencies and totals. */
export async function deleteArticles(client: ClientBase, ids: string[]): Promise<{ articles: number; passages: number }> {
  if (!ids.length) return { articles: 0, passages: 0 };
  await client.query(
    `UPDATE corroborate_stems s SET df = s.df - d.n
       FROM (SELECT stem, count(*)::int AS n FROM corroborate_passages, unnest(stems) AS stem WHERE article = ANY($1::bigint[]) GROUP BY stem) d
      WHERE s.stem = d.stem`,
    [ids],
  );
  await client.query('DELETE FROM corroborate_stems WHERE df <= 0');
  // Their postings: the rows of their stems that hold them, rewritten without them (emptied rows go).
  const postings = await client.query<{ stem: string; first_article: string; n: number }>(
    `UPDATE corroborate_postings p
        SET (articles, ords) = (
          SELECT coalesce(array_agg(x.a ORDER BY x.k), '{}'), coalesce(array_agg(x.o ORDER BY x.k), '{}')
            FROM unnest(p.articles, p.ords) WITH ORDINALITY AS x(a, o, k) WHERE x.a <> ALL($1::bigint[]))
      WHERE p.stem IN (SELECT DISTINCT unnest(stems) FROM corroborate_passages WHERE article = ANY($1::bigint[]))
        AND p.first_article <= $2::bigint AND p.last_article >= $3::bigint AND p.articles && $1::bigint[]
      RETURNING p.stem, p.first_article::text, cardinality(p.articles) AS n`,
    [ids, maxOf(ids), minOf(ids)],
  );
  const emptied = postings.rows.filter((r) => r.n === 0);
  if (emptied.length) {
    await client.query('DELETE FROM corroborate_postings p USING unnest($1::text[], $2::bigint[]) AS e(stem, first) WHERE p.stem = e.stem AND p.first_article = e.first', [
      emptied.map((r) => r.stem),
      emptied.map((r) => r.first_article),
    ]);
  }
  await client.query('DELETE FROM corroborate_passages WHERE article = ANY($1::bigint[])', [ids]);
  const r = await client.query<{ key: string; passages: number }>('DELETE FROM corroborate_articles WHERE id = ANY($1::bigint[]) RETURNING key, passages', [ids]);
  const out = { articles: r.rows.length, passages: r.rows.reduce((n, row) => n + row.passages, 0) };
  // A freed `KEY-N` is the first free suffix of KEY again if it is below KEY's hint (see freeKeys).
  const freed = r.rows.map((row) => /^(.+)-([1-9]\d*)$/.exec(row.key)).filter((m): m is RegExpExecArray => m !== null && Number(m[2]) >= 2 && Number(m[2]) < 2 ** 31);
  if (freed.length) {
    await client.query('UPDATE corroborate_keys k SET next = least(k.next, f.n) FROM (SELECT base, min(n) AS n FROM unnest($1::text[], $2::int[]) AS u(base, n) GROUP BY base) f WHERE k.base = f.base', [
      freed.map((m) => m[1]),
      freed.map((m) => Number(m[2])),
    ]);
  }
  await client.query('UPDATE corroborate_stats SET articles = articles - $1, passages = passages - $2', [out.articles, out.passages]);
  return out;
}

const maxOf = (ids: string[]) => ids.reduce((m, id) => (BigInt(id) > BigInt(m) ? id : m));
const minOf = (ids: string[]) => ids.reduce((m, id) => (BigInt(id) < BigInt(m) ? id : m));

/**
 * The key a replaced article keeps: its old one, when it asks for the same key as before (`base` itself, or `base`
 * suffixed): a writer's citation of it stays valid when its file changes or its analysis is made again.
 */
function keptKey(old: string | undefined, base: string): string | undefined {
  if (old === undefined) return undefined;
  return old === base || (old.startsWith(`${base}-`) && /^[1-9]\d*$/.test(old.slice(base.length + 1))) ? old : undefined;
}

/**
 * Citation keys for new articles: a key another article holds gets the first free `-2`, `-3`, … (as the engine
 * does within one folder), keys within the batch included. A key asked for before has a hint in
 * `corroborate_keys` (every `KEY-2` to `KEY-(next-1)` is held), so only the key itself and a few suffixes from
 * `next` on are looked up, by equality: the work does not grow with the articles holding that key. A key without
 * a hint (new, or in an archive loaded before the hints) reads every held key extending it by `-` (an index
 * range, keys sorting by code point), as before. Each key's hint is then moved past what this batch took.
 * A hint only ever skips held suffixes: a stale one (too low) costs a further lookup, never a duplicate key.
 * `reserved` are keys the batch's replaced articles keep (keptKey): held, though not in the table at the moment.
 */
async function freeKeys(client: ClientBase, wanted: string[], reserved: string[] = []): Promise<string[]> {
  const bases = [...new Set(wanted)];
  const next = new Map((await client.query<{ base: string; next: number }>('SELECT base, next FROM corroborate_keys WHERE base = ANY($1::text[])', [bases])).rows.map((r) => [r.base, r.next]));
  const asked = new Map<string, number>();
  for (const key of wanted) asked.set(key, (asked.get(key) ?? 0) + 1);
  // Per hinted key, the suffixes looked up so far run from its hint to `upTo[base]` - 1.
  const upTo = new Map<string, number>();
  const held = new Set<string>(reserved);
  const lookUp = async (ranged: string[], exact: string[]) => {
    const r = await client.query<{ key: string }>(
      `SELECT a.key FROM unnest($1::text[]) AS w(k) JOIN corroborate_articles a ON a.key = w.k OR (a.key >= w.k || '-' AND a.key < w.k || '.')
       UNION ALL SELECT key FROM corroborate_articles WHERE key = ANY($2::text[])`,
      [ranged, exact],
    );
    for (const row of r.rows) held.add(row.key);
  };
  const window = (base: string, from: number, n: number) => {
    upTo.set(base, from + n);
    return Array.from({ length: n }, (_, i) => `${base}-${from + i}`);
  };
  await lookUp(
    bases.filter((b) => !next.has(b)),
    bases.filter((b) => next.has(b)).flatMap((b) => [b, ...window(b, next.get(b)!, asked.get(b)! + 1)]),
  );
  let out: string[] = [];
  let taken = new Set<string>();
  for (;;) {
    out = [];
    taken = new Set(held);
    // Hinted keys whose held suffixes ran past those looked up (the hint was behind): more of them, then again.
    const more = new Set<string>();
    for (const key of wanted) {
      let k = key;
      for (let n = next.get(key) ?? 2; taken.has(k); n++) {
        if (next.has(key) && n === upTo.get(key)) {
          more.add(key);
          break;
        }
        k = `${key}-${n}`;
      }
      taken.add(k);
      out.push(k);
    }
    if (!more.size) break;
    await lookUp([], [...more].flatMap((b) => window(b, upTo.get(b)!, 2 * asked.get(b)! + 16)));
  }
  // The new hints: from the old one (2 without), the first suffix not known to be held.
  const hints = bases.map((b) => {
    let n = next.get(b) ?? 2;
    while (taken.has(`${b}-${n}`) && (!next.has(b) || n < upTo.get(b)!)) n++;
    return n;
  });
  await client.query(
    'INSERT INTO corroborate_keys (base, next) SELECT * FROM unnest($1::text[], $2::int[]) ON CONFLICT (base) DO UPDATE SET next = excluded.next',
    [bases, hints],
  );
  return out;
}

/**
 * Joins a batch's articles to the duplicate groups of the articles they copy, before they are written: two articles
 * whose shared sentences (boilerplate left out) are at least 80% of the smaller one's are one group, transitively. A
 * group is named by its smallest article id. Returns each new article's group (its own id unless it joined one);
 * stored articles whose groups merged are moved into the merged group here.
 * Who else holds a sentence is read from the passages' sentence index (the batch's own rows not being there yet:
 * every entry read is another article's, of a page mostly all-visible), at most BOILERPLATE_ARTICLES + 1 articles a
 * sentence; the batch's own holders are counted here. A sentence more than BOILERPLATE_ARTICLES articles hold is
 * boilerplate and joins nothing, one only one article holds joins nothing either. The holders' articles are looked
 * up by id (LATERAL, OFFSET 0 so the planner keeps it a lookup: a hash join would read the whole articles table),
 * only for sentences that are not boilerplate already.
 */
async function groupDuplicates(client: ClientBase, batch: ArticleSummary[]): Promise<string[]> {
  const own = new Map<number, number[]>();
  batch.forEach((r, i) => {
    for (const h of r.sentenceHashes) {
      const list = own.get(h);
      if (list) list.push(i);
      else own.set(h, [i]);
    }
  });
  const out = batch.map((r) => r.id);
  if (!own.size) return out;
  const r = await client.query<{ h: number; article: string | null; grp: string | null; sentences: number | null }>(
    `WITH holders AS (
       SELECT s.h, o.article FROM unnest($1::int[]) AS s(h)
        CROSS JOIN LATERAL (
          SELECT DISTINCT p.article FROM corroborate_passages p WHERE p.sentence_hash = s.h ORDER BY p.article LIMIT $2::int + 1) o),
     counted AS (SELECT h, count(*) AS n FROM holders GROUP BY h)
     SELECT h, NULL AS article, NULL AS grp, NULL::int AS sentences FROM counted WHERE n > $2::int
     UNION ALL
     SELECT x.h, x.article::text, a.grp::text, a.sentences
       FROM holders x JOIN counted c ON c.h = x.h AND c.n <= $2::int
      CROSS JOIN LATERAL (SELECT grp, sentences FROM corroborate_articles WHERE id = x.article OFFSET 0) a`,
    // In hash order: the lookups walk the sentence index in its order (about 20% less time than in batch order, at
    // 100,000 articles, 14,000 hashes, server otherwise idle).
    [[...own.keys()].sort((x, y) => x - y), BOILERPLATE_ARTICLES],
  );
  // Per sentence, the stored articles holding it (index, see `stored`); none for boilerplate.
  const others = new Map<number, number[] | null>();
  const stored: { id: string; grp: string; sentences: number }[] = [];
  const storedAt = new Map<string, number>();
  for (const row of r.rows) {
    if (row.article === null) {
      others.set(row.h, null);
      continue;
    }
    let k = storedAt.get(row.article);
    if (k === undefined) {
      storedAt.set(row.article, (k = stored.length));
      stored.push({ id: row.article, grp: row.grp!, sentences: row.sentences! });
    }
    const list = others.get(row.h);
    if (list) list.push(k);
    else others.set(row.h, [k]);
  }
  // Shared sentences per pair (a new article, another holder): new ones as i, stored ones as -1 - k.
  const shared = new Map<string, number>();
  for (const [h, mine] of own) {
    const theirs = others.get(h);
    if (theirs === null) continue;
    const n = mine.length + (theirs?.length ?? 0);
    if (n < 2 || n > BOILERPLATE_ARTICLES) continue;
    for (const a of mine) {
      for (const b of mine) if (b !== a) shared.set(`${a} ${b}`, (shared.get(`${a} ${b}`) ?? 0) + 1);
      for (const k of theirs ?? []) shared.set(`${a} ${-1 - k}`, (shared.get(`${a} ${-1 - k}`) ?? 0) + 1);
    }
  }
  const parent = new Map<bigint, bigint>();
  const find = (x: bigint): bigint => {
    const p = parent.get(x);
    if (p === undefined || p === x) return x;
    const root = find(p);
    parent.set(x, root);
    return root;
  };
  for (const [pair, n] of shared) {
    const [a, b] = pair.split(' ').map(Number);
    const other = b >= 0 ? { grp: batch[b].id, sentences: batch[b].sentenceHashes.length } : stored[-1 - b];
    if (n < DUPLICATE_SHARE * Math.min(batch[a].sentenceHashes.length, other.sentences)) continue;
    const x = find(BigInt(batch[a].id));
    const y = find(BigInt(other.grp));
    if (x !== y) parent.set(x > y ? x : y, x > y ? y : x);
  }
  if (!parent.size) return out;
  const from: string[] = [];
  const to: string[] = [];
  for (const g of parent.keys()) {
    const root = find(g);
    if (root !== g) {
      from.push(String(g));
      to.push(String(root));
    }
  }
  // Stored articles of merged groups (the new ones are not written yet: their groups go with their rows).
  if (from.length) await client.query('UPDATE corroborate_articles a SET grp = m.r FROM unnest($1::bigint[], $2::bigint[]) AS m(l, r) WHERE a.grp = m.l', [from, to]);
  return batch.map((r) => String(find(BigInt(r.id))));
}

/**
 * Removes articles by file or folder path (as given to `add`, or below it). Returns what was removed. One
 * transaction.
 */
export async function removePaths(client: ClientBase, targets: string[]): Promise<{ articles: number; passages: number }> {
  await writableSchema(client);
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [ARCHIVE_LOCK]);
    const ids = new Set<string>();
    for (const t of targets) {
      const abs = resolve(t);
      // A stored article is root + "/" + path: match the file itself, or anything under the folder.
      const r = await client.query<{ id: string }>(
        `SELECT id FROM corroborate_articles
          WHERE root || $2 || path = $1 OR starts_with(root || $2 || path, $1 || $2) OR root = $1 OR starts_with(root, $1 || $2)`,
        [abs, sep],
      );
      for (const row of r.rows) ids.add(row.id);
    }
    const out = ids.size ? await deleteArticles(client, [...ids]) : { articles: 0, passages: 0 };
    await client.query('COMMIT');
    return out;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

export interface ArchiveStatus {
  articles: number;
  passages: number;
  groups: number;
  stems: number;
  bytes: number;
  lastLoad?: Date;
  /** This Corroborate's analysis (currentAnalysis), and the articles another one made, per folder and analysis. */
  analysis: string;
  stale: StaleArticles;
}

export async function archiveStatus(client: ClientBase): Promise<ArchiveStatus> {
  await requireSchema(client);
  const s = await client.query<{ articles: string; passages: string; last_load: Date | null }>('SELECT articles, passages, last_load FROM corroborate_stats');
  const g = await client.query<{ groups: string }>('SELECT count(DISTINCT grp) AS groups FROM corroborate_articles');
  const st = await client.query<{ stems: string }>('SELECT count(*) AS stems FROM corroborate_stems');
  const size = await client.query<{ bytes: string }>(
    `SELECT sum(pg_total_relation_size(c.oid))::bigint AS bytes FROM pg_class c
      WHERE c.relkind IN ('r', 'S') AND c.relnamespace = current_schema()::regnamespace AND c.relname LIKE 'corroborate\\_%'`,
  );
  return {
    articles: Number(s.rows[0].articles),
    passages: Number(s.rows[0].passages),
    groups: Number(g.rows[0].groups),
    stems: Number(st.rows[0].stems),
    bytes: Number(size.rows[0].bytes ?? 0),
    lastLoad: s.rows[0].last_load ?? undefined,
    analysis: currentAnalysis(),
    stale: await staleArticles(client),
  };
}

const byPath = (a: SourceFile, b: SourceFile) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
