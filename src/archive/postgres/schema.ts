import type { ClientBase } from 'pg';

/**
 * The archive's tables. Bumped whenever a table or the passage feature encoding changes; `archive init` on an
 * archive of another version says so instead of mixing formats.
 */
export const SCHEMA_VERSION = 2;

/** Added to schema 2 without a version bump: writers create it when an archive made before it lacks it. */
const KEYS_DDL = `
CREATE TABLE IF NOT EXISTS corroborate_keys (
  base text COLLATE "C" PRIMARY KEY,
  next integer NOT NULL
);`;

/**
 * One row per article, one per passage (sentence). A passage carries everything the engine scores it with, made
 * at ingest by the engine's own code: its distinct normalised stems (their postings, below, serve retrieval), and its feature
 * record (see features.ts). Document frequencies live in `corroborate_stems`, kept in step by each load batch, so a
 * check reads them without counting. Who holds a sentence (for duplicate groups) is read from the passages'
 * (sentence_hash, article) index, at most 51 articles a sentence (see ingest.ts, groupDuplicates). An archive made
 * before keeps a `corroborate_sentences` table (counts per sentence) that nothing reads or writes any more, and an
 * index on sentence_hash alone, which gives the same answers.
 * Retrieval reads `corroborate_postings`: per stem and load batch, the passages (article, ord) holding it, in two
 * arrays (first_article and last_article bound the batch's ids). A stem's postings are a few rows read through
 * their primary key, never a visit to each passage's row (what a GIN index on `stems` costs: one heap row per
 * posting, most of a check's time at 10^4 articles).
 * Passages carry no foreign key to their article: checking one per copied row cost more than the rest of the row
 * (the loader writes both in one transaction, and deleteArticles removes passages with their article). Keys sort
 * by code point (COLLATE "C"), so the keys an article's key has been suffixed into are one index range.
 * `corroborate_keys` holds, per key asked for, the lowest suffix a new article could get: every `KEY-2` up to
 * `KEY-(next-1)` is held (see ingest.ts, freeKeys), so a load batch looks up a few keys rather than every suffix.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS corroborate_meta (
  name text PRIMARY KEY,
  value text NOT NULL
);
CREATE TABLE IF NOT EXISTS corroborate_articles (
  id bigint PRIMARY KEY,
  root text NOT NULL,
  path text NOT NULL,
  hash text NOT NULL,
  key text COLLATE "C" NOT NULL UNIQUE,
  title text NOT NULL,
  outlet text,
  author text,
  url text,
  date text,
  grp bigint NOT NULL,
  topics text[] NOT NULL,
  sentences integer NOT NULL,
  passages integer NOT NULL,
  loaded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (root, path)
);
CREATE INDEX IF NOT EXISTS corroborate_articles_grp ON corroborate_articles (grp);
CREATE SEQUENCE IF NOT EXISTS corroborate_article_ids;
CREATE TABLE IF NOT EXISTS corroborate_passages (
  article bigint NOT NULL,
  ord integer NOT NULL,
  span_start integer NOT NULL,
  span_end integer NOT NULL,
  start_line integer NOT NULL,
  start_char integer NOT NULL,
  end_line integer NOT NULL,
  end_char integer NOT NULL,
  text text NOT NULL,
  masked text,
  after text NOT NULL,
  after_masked text,
  joins_next boolean NOT NULL,
  sentence_hash integer,
  stems text[] COLLATE "C" NOT NULL,
  qstems text[],
  features bytea NOT NULL,
  PRIMARY KEY (article, ord)
);
CREATE TABLE IF NOT EXISTS corroborate_postings (
  stem text COLLATE "C" NOT NULL,
  first_article bigint NOT NULL,
  last_article bigint NOT NULL,
  articles bigint[] NOT NULL,
  ords integer[] NOT NULL,
  PRIMARY KEY (stem, first_article)
);
CREATE INDEX IF NOT EXISTS corroborate_passages_sentence ON corroborate_passages (sentence_hash, article) WHERE sentence_hash IS NOT NULL;
CREATE TABLE IF NOT EXISTS corroborate_stems (
  stem text COLLATE "C" PRIMARY KEY,
  df integer NOT NULL
);
${KEYS_DDL}
CREATE TABLE IF NOT EXISTS corroborate_stats (
  one boolean PRIMARY KEY DEFAULT true CHECK (one),
  articles bigint NOT NULL,
  passages bigint NOT NULL,
  last_load timestamptz
);
INSERT INTO corroborate_stats (articles, passages) VALUES (0, 0) ON CONFLICT DO NOTHING;
`;

/** Thrown for an archive that is missing or of another schema version: the message says what to run. */
export class SchemaError extends Error {}

/** Creates the tables (idempotent). Refuses an archive made by another schema version. */
export async function initSchema(client: ClientBase): Promise<'created' | 'present'> {
  await client.query('BEGIN');
  try {
    // One initialiser at a time: CREATE ... IF NOT EXISTS races with itself.
    await client.query('SELECT pg_advisory_xact_lock($1)', [ARCHIVE_LOCK]);
    const version = await readVersion(client);
    if (version !== undefined && version !== SCHEMA_VERSION) throw new SchemaError(`the archive has schema version ${version}; this Corroborate uses ${SCHEMA_VERSION} (load it again into a new database)`);
    await client.query(DDL);
    await client.query("INSERT INTO corroborate_meta (name, value) VALUES ('schema_version', $1) ON CONFLICT (name) DO NOTHING", [String(SCHEMA_VERSION)]);
    await client.query('COMMIT');
    return version === undefined ? 'created' : 'present';
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/** Throws a SchemaError unless the archive's tables exist at this version. */
export async function requireSchema(client: ClientBase): Promise<void> {
  const version = await readVersion(client);
  if (version === undefined) throw new SchemaError('the database holds no archive yet (run "corroborate archive init --db URL")');
  if (version !== SCHEMA_VERSION) throw new SchemaError(`the archive has schema version ${version}; this Corroborate uses ${SCHEMA_VERSION}`);
}

/**
 * For writers (load, remove), after requireSchema: creates the tables added to this schema version since an
 * archive was made (`corroborate_keys`), under the writers' lock. A no-op, without the lock, when they exist.
 */
export async function upgradeSchema(client: ClientBase): Promise<void> {
  if ((await client.query<{ t: string | null }>("SELECT to_regclass('corroborate_keys')::text AS t")).rows[0].t) return;
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [ARCHIVE_LOCK]);
    await client.query(KEYS_DDL);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

async function readVersion(client: ClientBase): Promise<number | undefined> {
  const exists = await client.query<{ t: string | null }>("SELECT to_regclass('corroborate_meta')::text AS t");
  if (!exists.rows[0].t) return undefined;
  const r = await client.query<{ value: string }>("SELECT value FROM corroborate_meta WHERE name = 'schema_version'");
  return r.rows.length ? Number(r.rows[0].value) : undefined;
}

/** The advisory lock every writer holds for its transaction: one load batch (or removal) at a time. */
export const ARCHIVE_LOCK = 0x43524f42;
