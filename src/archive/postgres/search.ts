import type pg from 'pg';

/** An article found by its key or title. */
export interface ArticleMatch {
  key: string;
  title: string;
  outlet: string | null;
  date: string | null;
  passages: number;
}

/** `text` as a LIKE pattern that matches it literally anywhere (%, _ and the escape character escaped). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Articles whose key or title contains `text` (case-insensitively), keys that start with it first, at most `limit`.
 * The text is a parameter, never SQL. An empty text lists the first articles by key.
 */
export async function searchArticles(
  db: pg.Pool | pg.ClientBase,
  text: string,
  limit: number,
): Promise<ArticleMatch[]> {
  const r = await db.query<ArticleMatch>(
    `SELECT key, title, outlet, date, passages FROM corroborate_articles
      WHERE $1 = '' OR key ILIKE $2 OR title ILIKE $2
      ORDER BY (key ILIKE $3) DESC, key COLLATE "C"
      LIMIT $4`,
    [text, containsPattern(text), `${containsPattern(text).slice(1)}`, Math.max(0, Math.floor(limit))],
  );
  return r.rows;
}
