import type { ClientBase } from 'pg';

/**
 * The archive's tables. Bumped whenever a table or the passage feature encoding changes. Version 3 added
 * `corroborate_articles.analysis` (which analysis of the engine made an article's stored features, see
 * analysisVersion.ts) and `corroborate_keys`, and dropped `corroborate_sentences`: an archive of version 2 is
 * upgraded in place by `archive init` or by any writer (`add`, `remove`, `compact`), its articles then marked as
 * analysed by an unknown engine, so the next `archive add` analyses them again. Readers (`check`, `status`) refuse
 * it with a message that says so. Version 1, and a version newer than this, are refused.
 */
export const SCHEMA_VERSION = 3;

/** The `analysis` of the articles of an archive upgraded from version 2: no analysis matches it. */
export const UNKNOWN_ANALYSIS = '';

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
 * (sentence_hash, article) index, at most 51 articles a sentence (see ingest.ts, groupDuplicates); an archive upgraded
 * from version 2 may keep an index on sentence_hash alone instead, which gives the same answers. Each article
 * records the analysis that made its features (`analysis`, see analysisVersion.ts).
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
/** Counting the articles of other analyses than one reads two ranges of this index (none when all are current). */
const ANALYSIS_INDEX_DDL = 'CREATE INDEX IF NOT EXISTS corroborate_articles_analysis ON corroborate_articles (analysis, root);';

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
  analysis text COLLATE "C" NOT NULL,
  grp bigint NOT NULL,
  topics text[] NOT NULL,
  sentences integer NOT NULL,
  passages integer NOT NULL,
  loaded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (root, path)
);
CREATE INDEX IF NOT EXISTS corroborate_articles_grp ON corroborate_articles (grp);
${ANALYSIS_INDEX_DDL}
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

/** Postings arrays out of line and uncompressed (see initSchema). */
const POSTINGS_STORAGE = 'ALTER TABLE corroborate_postings ALTER COLUMN articles SET STORAGE EXTERNAL, ALTER COLUMN ords SET STORAGE EXTERNAL';

/**
 * Creates the tables (idempotent), or upgrades an archive of schema version 2 (see SCHEMA_VERSION). Refuses an
 * archive of any other version.
 */
export async function initSchema(client: ClientBase): Promise<'created' | 'present' | 'upgraded'> {
  await client.query('BEGIN');
  try {
    // One initialiser at a time: CREATE ... IF NOT EXISTS races with itself.
    await client.query('SELECT pg_advisory_xact_lock($1)', [ARCHIVE_LOCK]);
    const version = await readVersion(client);
    let out: 'created' | 'present' | 'upgraded' = version === undefined ? 'created' : 'present';
    if (version === UPGRADABLE) {
      await upgradeFrom2(client);
      out = 'upgraded';
    } else if (version !== undefined && version !== SCHEMA_VERSION) throw new SchemaError(refusal(version));
    else {
      await client.query(DDL);
      // On a new archive only (the ALTER takes the table's exclusive lock, which readers would wait for): postings
      // arrays are stored out of line uncompressed, so loads and compaction do not pglz-compress them nor readers
      // decompress them. Measured at 10,000 articles: compaction 18.0 s against 22.8 s, about 21% more disk.
      if (version === undefined) await client.query(POSTINGS_STORAGE);
      await client.query("INSERT INTO corroborate_meta (name, value) VALUES ('schema_version', $1) ON CONFLICT (name) DO NOTHING", [String(SCHEMA_VERSION)]);
    }
    await client.query('COMMIT');
    return out;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/** For readers: throws a SchemaError unless the archive's tables exist at this version. */
export async function requireSchema(client: ClientBase): Promise<void> {
  const version = await readVersion(client);
  if (version === undefined) throw new SchemaError('the database holds no archive yet (run "corroborate archive init --db URL")');
  if (version === UPGRADABLE)
    throw new SchemaError(
      `the archive has schema version 2; this Corroborate uses ${SCHEMA_VERSION}: run "corroborate archive init --db URL" to upgrade it in place, then "corroborate archive add --db URL DIR..." to analyse its articles again`,
    );
  if (version !== SCHEMA_VERSION) throw new SchemaError(refusal(version));
}

/**
 * For writers (load, remove, compact): requireSchema, except that an archive of schema version 2 is upgraded
 * first (as `archive init` does). Returns the version upgraded from, if any.
 */
export async function writableSchema(client: ClientBase): Promise<number | undefined> {
  const version = await readVersion(client);
  if (version !== UPGRADABLE) {
    await requireSchema(client);
    return undefined;
  }
  return (await initSchema(client)) === 'upgraded' ? UPGRADABLE : undefined;
}

/** The one older version upgraded in place. */
const UPGRADABLE = 2;

function refusal(version: number): string {
  return version > SCHEMA_VERSION
    ? `the archive has schema version ${version}, made by a newer Corroborate; this one uses ${SCHEMA_VERSION} (upgrade Corroborate)`
    : `the archive has schema version ${version}; this Corroborate uses ${SCHEMA_VERSION} (load it again into a new database)`;
}

/**
 * Version 2 to 3, inside initSchema's transaction: the articles' analysis (unknown, so every article is analysed
 * again by the next load; a column with a constant default is not rewritten) and its index, the keys' hints (absent
 * in archives made before them), and the per-sentence counts nothing reads.
 */
async function upgradeFrom2(client: ClientBase): Promise<void> {
  await client.query(`ALTER TABLE corroborate_articles ADD COLUMN IF NOT EXISTS analysis text COLLATE "C" NOT NULL DEFAULT '${UNKNOWN_ANALYSIS}'`);
  await client.query('ALTER TABLE corroborate_articles ALTER COLUMN analysis DROP DEFAULT');
  await client.query(ANALYSIS_INDEX_DDL);
  await client.query(KEYS_DDL);
  await client.query('DROP TABLE IF EXISTS corroborate_sentences');
  await client.query("UPDATE corroborate_meta SET value = $1 WHERE name = 'schema_version'", [String(SCHEMA_VERSION)]);
}

async function readVersion(client: ClientBase): Promise<number | undefined> {
  const exists = await client.query<{ t: string | null }>("SELECT to_regclass('corroborate_meta')::text AS t");
  if (!exists.rows[0].t) return undefined;
  const r = await client.query<{ value: string }>("SELECT value FROM corroborate_meta WHERE name = 'schema_version'");
  return r.rows.length ? Number(r.rows[0].value) : undefined;
}

/** The advisory lock every writer holds for its transaction: one load batch (or removal) at a time. */
export const ARCHIVE_LOCK = 0x43524f42;
