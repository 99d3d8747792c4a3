import type { ClientBase } from 'pg';

/**
 * A sentence as the archive's retrieval reads it: per content word, the stems that may stand for it in order of
 * preference (the word, synonyms, near senses, antonyms), each with its weight. A passage earns, for each word, the
 * weight of the first alternative it holds; candidates are the passages with the highest sums (the in-memory
 * index's rule). Stems too common to find anything specific are left out by the caller, as in memory.
 */
export interface StemQuery {
  words: readonly (readonly { stem: string; weight: number }[])[];
}

/** One stored passage row as retrieval returns it (the feature record still encoded). */
export interface PassageRow {
  article: string;
  ord: number;
  spanStart: number;
  spanEnd: number;
  startLine: number;
  startChar: number;
  endLine: number;
  endChar: number;
  text: string;
  masked: string | null;
  after: string;
  afterMasked: string | null;
  joinsNext: boolean;
  stems: string[];
  qstems: string[] | null;
  features: Buffer;
}

export interface RetrievedHit {
  score: number;
  passage: PassageRow;
  /** The previous sentence of the same paragraph, if any (two-sentence windows need no second round trip). */
  previous?: PassageRow;
  next?: PassageRow;
}

const COLUMNS = `article::text AS article, ord, span_start, span_end, start_line, start_char, end_line, end_char, text, masked, after,
  after_masked, joins_next, stems, qstems, features`;

/**
 * The best `limit` passages for each query, best first, with their neighbours in the paragraph: one statement, one
 * round trip, for all the queries of a batch of sentences. The order is the in-memory index's exactly: by score
 * (summed in word order, as there), then by the first (word, alternative) that reached the passage, then by the
 * article's path and the passage's place in it (the memory index's passage order).
 * Each (word, alternative) is one range of `corroborate_postings` (a few rows per stem); the sums, the per-query
 * ranking and the neighbour join run in the database.
 */
export async function retrieveStems(client: ClientBase, queries: readonly StemQuery[], limit: number): Promise<RetrievedHit[][]> {
  const qi: number[] = [];
  const wi: number[] = [];
  const oi: number[] = [];
  const stems: string[] = [];
  const weights: number[] = [];
  queries.forEach((q, i) =>
    q.words.forEach((alts, w) =>
      alts.forEach((a, o) => {
        if (!Number.isFinite(a.weight)) return;
        qi.push(i);
        wi.push(w);
        oi.push(o);
        stems.push(a.stem);
        weights.push(a.weight);
      }),
    ),
  );
  const out: RetrievedHit[][] = queries.map(() => []);
  if (!stems.length || limit <= 0) return out;
  const cap = Number.isFinite(limit) ? Math.floor(limit) : 2147483647;
  const r = await client.query(
    `WITH q(i, w, o, stem, weight) AS (SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::float8[])),
     firsts AS (
       SELECT DISTINCT ON (q.i, h.article, h.ord, q.w) q.i, h.article, h.ord, q.w, q.o, q.weight
         FROM q CROSS JOIN LATERAL (SELECT u.article, u.ord FROM corroborate_postings p, unnest(p.articles, p.ords) AS u(article, ord) WHERE p.stem = q.stem) h
        ORDER BY q.i, h.article, h.ord, q.w, q.o),
     scored AS (
       SELECT i, article, ord, sum(weight ORDER BY w) AS score, min(w::bigint * 1000000 + o) AS touch
         FROM firsts GROUP BY i, article, ord),
     cut AS (SELECT *, rank() OVER (PARTITION BY i ORDER BY score DESC, touch) AS r FROM scored),
     named AS (SELECT c.*, a.path FROM cut c JOIN corroborate_articles a ON a.id = c.article WHERE c.r <= $6),
     ranked AS (SELECT *, row_number() OVER (PARTITION BY i ORDER BY score DESC, touch, path COLLATE "C", ord) AS rank FROM named)
     SELECT r.i, r.rank, r.score,
            row_to_json(p) AS passage,
            CASE WHEN pp.joins_next THEN row_to_json(pp) END AS previous,
            CASE WHEN p.joins_next THEN row_to_json(pn) END AS next
       FROM ranked r
       JOIN LATERAL (SELECT ${COLUMNS} FROM corroborate_passages x WHERE x.article = r.article AND x.ord = r.ord) p ON true
       LEFT JOIN LATERAL (SELECT ${COLUMNS} FROM corroborate_passages x WHERE x.article = r.article AND x.ord = r.ord - 1) pp ON true
       LEFT JOIN LATERAL (SELECT ${COLUMNS} FROM corroborate_passages x WHERE x.article = r.article AND x.ord = r.ord + 1) pn ON true
      WHERE r.rank <= $6
      ORDER BY r.i, r.rank`,
    [qi, wi, oi, stems, weights, cap],
  );
  for (const row of r.rows) {
    out[row.i].push({ score: Number(row.score), passage: toRow(row.passage), previous: row.previous ? toRow(row.previous) : undefined, next: row.next ? toRow(row.next) : undefined });
  }
  return out;
}

/**
 * The rows of these passages (article ids and places, side by side), each with its neighbours in the paragraph;
 * a passage no longer stored is not returned. One statement, each stored row read and sent once however many of
 * the asked passages it neighbours, as plain columns (a row as JSON cost the server five times as much).
 */
export async function rowsOf(client: ClientBase, articles: readonly string[], ords: readonly number[]): Promise<{ passage: PassageRow; previous?: PassageRow; next?: PassageRow }[]> {
  if (!articles.length) return [];
  const r = await client.query(
    `SELECT x.* FROM (SELECT DISTINCT r.article, r.ord + d.d AS ord
                        FROM unnest($1::bigint[], $2::int[]) AS r(article, ord) CROSS JOIN (VALUES (-1), (0), (1)) AS d(d)) w
       JOIN LATERAL (SELECT ${COLUMNS} FROM corroborate_passages x WHERE x.article = w.article AND x.ord = w.ord) x ON true`,
    [articles, ords],
  );
  const byPlace = new Map<string, PassageRow>();
  for (const row of r.rows) {
    const p = fromColumns(row);
    byPlace.set(`${p.article}/${p.ord}`, p);
  }
  const out: { passage: PassageRow; previous?: PassageRow; next?: PassageRow }[] = [];
  articles.forEach((a, i) => {
    const passage = byPlace.get(`${a}/${ords[i]}`);
    if (!passage) return;
    const previous = byPlace.get(`${a}/${ords[i] - 1}`);
    out.push({ passage, previous: previous?.joinsNext ? previous : undefined, next: passage.joinsNext ? byPlace.get(`${a}/${ords[i] + 1}`) : undefined });
  });
  return out;
}

/** A row of COLUMNS as node-postgres parses it (bytea already a Buffer). */
function fromColumns(j: Record<string, unknown>): PassageRow {
  return {
    article: j.article as string,
    ord: j.ord as number,
    spanStart: j.span_start as number,
    spanEnd: j.span_end as number,
    startLine: j.start_line as number,
    startChar: j.start_char as number,
    endLine: j.end_line as number,
    endChar: j.end_char as number,
    text: j.text as string,
    masked: (j.masked as string | null) ?? null,
    after: j.after as string,
    afterMasked: (j.after_masked as string | null) ?? null,
    joinsNext: j.joins_next as boolean,
    stems: j.stems as string[],
    qstems: (j.qstems as string[] | null) ?? null,
    features: j.features as Buffer,
  };
}

/** A passage of one article by its citation key, in document order, at most `limit` (the citation check). */
export async function passagesOf(client: ClientBase, key: string, limit: number): Promise<PassageRow[]> {
  const cap = Number.isFinite(limit) ? Math.floor(limit) : 2147483647;
  const r = await client.query(
    `SELECT ${COLUMNS} FROM corroborate_passages x WHERE x.article = (SELECT id FROM corroborate_articles WHERE key = $1) ORDER BY ord LIMIT $2`,
    [key, cap],
  );
  return r.rows.map(fromColumns);
}

/** row_to_json spells bytea as "\x…" hex and keeps snake_case names; otherwise a row as `fromColumns` reads it. */
function toRow(j: Record<string, unknown>): PassageRow {
  return { ...fromColumns(j), article: String(j.article), features: Buffer.from((j.features as string).slice(2), 'hex') };
}
