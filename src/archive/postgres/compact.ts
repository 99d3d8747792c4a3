import type { ClientBase } from 'pg';
import { ARCHIVE_LOCK, writableSchema } from './schema';

/**
 * Postings a merged row holds (a row ends at the first article past this many; about 384 KB of arrays): a stem's
 * postings are a few rows however many batches loaded them, and a removal rewrites rows of bounded size. A row is
 * cut only between articles, so the rows of one stem never share a first article (their key).
 */
export const COMPACT_ROW_POSTINGS = 32_768;
/** Posting rows merged per transaction: a load batch waiting for the writers' lock waits for one of these. */
const ROWS_PER_TRANSACTION = 4_000;
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
  // Per stem with new rows: how many rows a merge reads (the new ones, and the last merged row if there is one).
  const todo = (
    await client.query<{ stem: string; n: number }>(
      `WITH fresh AS (SELECT stem, count(*)::int AS n FROM corroborate_postings WHERE first_article > $1::bigint GROUP BY stem)
       SELECT f.stem, f.n + (EXISTS (SELECT 1 FROM corroborate_postings q WHERE q.stem = f.stem AND q.first_article <= $1::bigint))::int AS n
         FROM fresh f`,
      [since],
    )
  ).rows.filter((r) => r.n > 1);
  const perTransaction = Math.max(1, options.rowsPerTransaction ?? ROWS_PER_TRANSACTION);
  for (let at = 0; at < todo.length; ) {
    const group: string[] = [];
    let rows = 0;
    for (; at < todo.length && (rows < perTransaction || !group.length); at++) {
      if (group.length && rows + todo[at].n > perTransaction) break;
      group.push(todo[at].stem);
      rows += todo[at].n;
    }
    await client.query(`BEGIN; SET LOCAL synchronous_commit = off; SELECT pg_advisory_xact_lock(${ARCHIVE_LOCK})`);
    try {
      const r = await mergeStems(client, group, since, Math.max(1, options.rowPostings ?? COMPACT_ROW_POSTINGS));
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
 * In one statement, for each stem: deletes its rows of articles above `since` and its last row at or below it, and
 * inserts their pairs again, ordered by (article, place), cut between articles: a row starts
 * with the first article that `rowPostings` postings of the stem precede (so it holds fewer than `rowPostings` plus
 * one article's postings of the stem). A stem a removal has emptied meanwhile simply has no rows to merge.
 */
async function mergeStems(client: ClientBase, stems: string[], since: string, rowPostings: number): Promise<{ before: number; after: number }> {
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
