import type { ClientBase } from 'pg';
import { POSTING_COLUMNS } from './analyse';
import { arrayLength, int4At, int8At } from './binaryArrays';
import { BinaryCopyWriter } from './copyBinary';
import { copyBinaryIn } from './copyIn';
import { ARCHIVE_LOCK, writableSchema } from './schema';

/**
 * Postings a merged row holds (a row ends at the first article past this many; about 384 KB of arrays): a stem's
 * postings are a few rows however many batches loaded them, and a removal rewrites rows of bounded size. A row is
 * cut only between articles, so the rows of one stem never share a first article (their key).
 */
export const COMPACT_ROW_POSTINGS = 32_768;
/** Posting rows merged per transaction: a load batch waiting for the writers' lock waits for one of these. */
const ROWS_PER_TRANSACTION = 4_000;
/**
 * Bytes of stored arrays merged in this process per transaction (about 3 times that in memory while merging). A
 * stem with more (a frequent word's rows in a `compact` of a very large archive) is merged in SQL instead.
 */
const CLIENT_MERGE_BYTES = 64 << 20;
/** The meta entry holding the highest article id the last finished compaction covered. */
const MARK = 'postings_compacted_through';

export interface CompactOptions {
  /**
   * Merge every stem's rows (`archive compact`). Otherwise only the rows loaded since the last compaction are
   * merged, each stem's with its last merged row (after `archive add`): the rows of earlier loads stay as they are.
   */
  full?: boolean;
  /** Posting rows per transaction (tests make it small). */
  rowsPerTransaction?: number;
  /** Postings a merged row holds at most (default COMPACT_ROW_POSTINGS; tests make it small). */
  rowPostings?: number;
  /** Bytes of stored arrays merged in this process per transaction (default CLIENT_MERGE_BYTES; tests vary it). */
  clientBytes?: number;
  /** Called after each committed transaction. */
  onCommit?: (p: CompactSummary) => void;
}

export interface CompactSummary {
  /** Stems whose rows were merged. */
  stems: number;
  /** Rows those stems had before, and have now. */
  rowsBefore: number;
  rowsAfter: number;
  elapsedMs: number;
}

/**
 * Merges each stem's postings rows (one per stem and load batch) into rows of up to COMPACT_ROW_POSTINGS, in
 * transactions of a few thousand rows, each taking the writers' lock. A transaction replaces a stem's rows by
 * rows holding exactly the same (article, place) pairs, so a reader's statement (one snapshot) sees either the old
 * rows or the new, never a mix, and what it retrieves is the same either way. A compaction that is stopped keeps
 * the stems it merged; the next one merges the rest.
 */
export async function compactPostings(client: ClientBase, options: CompactOptions = {}): Promise<CompactSummary> {
  await writableSchema(client);
  const t0 = performance.now();
  const summary: CompactSummary = { stems: 0, rowsBefore: 0, rowsAfter: 0, elapsedMs: 0 };
  const marked = options.full ? undefined : (await client.query<{ value: string }>('SELECT value FROM corroborate_meta WHERE name = $1', [MARK])).rows[0]?.value;
  // Rows of articles above `since` are new; -1: all are.
  const since = marked ?? '-1';
  const through = (await client.query<{ id: string }>('SELECT coalesce(max(id), 0)::text AS id FROM corroborate_articles')).rows[0].id;
  // Per stem with new rows: how many rows a merge reads (the new ones, and the last merged row if there is one), and
  // the bytes of their arrays as stored (pg_column_size reads an out-of-line value's pointer, not the value).
  const todo = (
    await client.query<{ stem: string; n: number; bytes: string }>(
      `WITH fresh AS (
         SELECT stem, count(*)::int AS n, sum(pg_column_size(articles) + pg_column_size(ords))::bigint AS bytes
           FROM corroborate_postings WHERE first_article > $1::bigint GROUP BY stem)
       SELECT f.stem, f.n + (t.bytes IS NOT NULL)::int AS n, (f.bytes + coalesce(t.bytes, 0))::text AS bytes
         FROM fresh f
         LEFT JOIN LATERAL (
           SELECT pg_column_size(q.articles) + pg_column_size(q.ords) AS bytes FROM corroborate_postings q
            WHERE q.stem = f.stem AND q.first_article <= $1::bigint ORDER BY q.first_article DESC LIMIT 1) t ON true`,
      [since],
    )
  ).rows
    .filter((r) => r.n > 1)
    .map((r) => ({ stem: r.stem, n: r.n, bytes: Number(r.bytes) }));
  const perTransaction = Math.max(1, options.rowsPerTransaction ?? ROWS_PER_TRANSACTION);
  const clientBytes = options.clientBytes ?? CLIENT_MERGE_BYTES;
  for (let at = 0; at < todo.length; ) {
    const group: string[] = [];
    let rows = 0;
    let bytes = 0;
    for (; at < todo.length; at++) {
      if (group.length && (rows + todo[at].n > perTransaction || bytes + todo[at].bytes > clientBytes)) break;
      group.push(todo[at].stem);
      rows += todo[at].n;
      bytes += todo[at].bytes;
    }
    await client.query(`BEGIN; SET LOCAL synchronous_commit = off; SELECT pg_advisory_xact_lock(${ARCHIVE_LOCK})`);
    try {
      const rowPostings = Math.max(1, options.rowPostings ?? COMPACT_ROW_POSTINGS);
      // One stem whose rows are too large to hold here is merged by the server (its sort may spill to disk).
      const r = bytes > clientBytes ? await mergeStemsInSql(client, group, since, rowPostings) : await mergeStems(client, group, since, rowPostings);
      await client.query('COMMIT');
      summary.stems += group.length;
      summary.rowsBefore += r.before;
      summary.rowsAfter += r.after;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    }
    options.onCommit?.({ ...summary, elapsedMs: performance.now() - t0 });
  }
  // Rows loaded while this ran, above `through`, are the next compaction's.
  await client.query('INSERT INTO corroborate_meta (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value', [MARK, through]);
  summary.elapsedMs = performance.now() - t0;
  return summary;
}

/**
 * For each stem: deletes its rows of articles above `since` and its last row at or below it (one statement, which
 * returns their arrays in binary), and writes their pairs again (COPY, binary), ordered by (article, place), cut
 * between articles: a row starts with the first article that `rowPostings` postings of the stem precede (so it
 * holds fewer than `rowPostings` plus one article's postings of the stem). A stem a removal has emptied meanwhile
 * simply has no rows to merge. The pairs are merged here rather than in SQL (unnest, sort, window, array_agg):
 * decoding and writing the arrays costs less than the server's executor spent on each posting (measured in the
 * commit that made it so).
 */
async function mergeStems(client: ClientBase, stems: string[], since: string, rowPostings: number): Promise<{ before: number; after: number }> {
  // The arrays as base64 text of their binary form (node-postgres reads every field as text; hex would be half as
  // long again, and a text literal would be parsed number by number).
  const r = await client.query<{ stem: string; articles: string; ords: string }>(
    `WITH s AS (
       SELECT s0.stem, (SELECT max(q.first_article) FROM corroborate_postings q WHERE q.stem = s0.stem AND q.first_article <= $2::bigint) AS tail
         FROM unnest($1::text[]) AS s0(stem))
     DELETE FROM corroborate_postings p USING s
      WHERE p.stem = s.stem AND p.first_article >= coalesce(s.tail, $2::bigint + 1)
     RETURNING p.stem, encode(array_send(p.articles), 'base64') AS articles, encode(array_send(p.ords), 'base64') AS ords`,
    [stems, since],
  );
  const byStem = new Map<string, { articles: Buffer; ords: Buffer }[]>();
  for (const row of r.rows) {
    const pair = { articles: Buffer.from(row.articles, 'base64'), ords: Buffer.from(row.ords, 'base64') };
    const list = byStem.get(row.stem);
    if (list) list.push(pair);
    else byStem.set(row.stem, [pair]);
  }
  const out = new BinaryCopyWriter(1 << 20);
  let after = 0;
  for (const [stem, rows] of byStem) {
    const { articles, ords } = mergedPairs(rows);
    // An article's row (chunk) is the number of the stem's postings before it, divided by rowPostings.
    const emit = (from: number, to: number) => {
      out.row(5).text(stem).int8(articles[from]).int8(articles[to - 1]).int8Array(articles.subarray(from, to)).int4Array(ords.subarray(from, to));
      after++;
    };
    let start = 0;
    let chunk = 0;
    for (let i = 1; i < articles.length; i++) {
      if (articles[i] === articles[i - 1] || Math.floor(i / rowPostings) === chunk) continue;
      emit(start, i);
      start = i;
      chunk = Math.floor(i / rowPostings);
    }
    if (articles.length) emit(start, articles.length);
  }
  if (after) await copyBinaryIn(client, `COPY corroborate_postings (${POSTING_COLUMNS}) FROM STDIN WITH (FORMAT binary)`, out.finish());
  return { before: r.rows.length, after };
}

/**
 * mergeStems in one statement, the server sorting the pairs (unnest, window, array_agg): the same rows, for stems
 * whose rows are too large to merge in this process's memory.
 */
async function mergeStemsInSql(client: ClientBase, stems: string[], since: string, rowPostings: number): Promise<{ before: number; after: number }> {
  const r = await client.query<{ before: number; after: number }>(
    `WITH s AS (
       SELECT s0.stem, (SELECT max(q.first_article) FROM corroborate_postings q WHERE q.stem = s0.stem AND q.first_article <= $2::bigint) AS tail
         FROM unnest($1::text[]) AS s0(stem)),
     old AS (
       DELETE FROM corroborate_postings p USING s
        WHERE p.stem = s.stem AND p.first_article >= coalesce(s.tail, $2::bigint + 1)
       RETURNING p.stem, p.articles, p.ords),
     u AS (SELECT o.stem, x.a, x.o FROM old o, unnest(o.articles, o.ords) AS x(a, o)),
     per AS (SELECT stem, a, count(*) AS n FROM u GROUP BY stem, a),
     cut AS (SELECT stem, a, ((sum(n) OVER (PARTITION BY stem ORDER BY a))::bigint - n) / $3::int AS chunk FROM per),
     ins AS (
       INSERT INTO corroborate_postings (stem, first_article, last_article, articles, ords)
       SELECT u.stem, min(u.a), max(u.a), array_agg(u.a ORDER BY u.a, u.o), array_agg(u.o ORDER BY u.a, u.o)
         FROM u JOIN cut USING (stem, a) GROUP BY u.stem, cut.chunk
       RETURNING 1)
     SELECT (SELECT count(*) FROM old)::int AS before, (SELECT count(*) FROM ins)::int AS after`,
    [stems, since, rowPostings],
  );
  return r.rows[0];
}

/** Elements of an int8[] (`wide`) or int4[] in binary form, appended to `into` from `at`; the next free place. */
function readArray(b: Buffer, into: Float64Array | Int32Array, at: number, wide: boolean): number {
  const n = arrayLength(b);
  for (let i = 0; i < n; i++) into[at++] = wide ? int8At(b, i) : int4At(b, i);
  return at;
}

/** A stem's (article, place) pairs of all its rows, ordered by article, then place. */
function mergedPairs(rows: { articles: Buffer; ords: Buffer }[]): { articles: Float64Array; ords: Int32Array } {
  // Rows in order of their first article: the pairs then are mostly in order already (a load batch's ids ascend).
  const firsts = rows.map((r) => (arrayLength(r.articles) ? int8At(r.articles, 0) : 0));
  const order = rows.map((_, i) => i).sort((x, y) => firsts[x] - firsts[y]);
  const n = rows.reduce((m, r) => m + arrayLength(r.articles), 0);
  let articles = new Float64Array(n);
  let ords = new Int32Array(n);
  let at = 0;
  for (const k of order) {
    const from = at;
    at = readArray(rows[k].articles, articles, from, true);
    if (readArray(rows[k].ords, ords, from, false) !== at) throw new Error('postings row with arrays of unequal lengths');
  }
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) sorted = articles[i] > articles[i - 1] || (articles[i] === articles[i - 1] && ords[i] > ords[i - 1]);
  if (!sorted) {
    const idx = Array.from({ length: n }, (_, i) => i).sort((x, y) => articles[x] - articles[y] || ords[x] - ords[y]);
    articles = Float64Array.from(idx, (i) => articles[i]);
    ords = Int32Array.from(idx, (i) => ords[i]);
  }
  return { articles, ords };
}
