import pg from 'pg';

export { tempDir } from '../unit/tempDir';

/** The test cluster's URL: `npm run test:archive` starts one (scripts/provision-postgres.sh) and sets it. */
export function clusterUrl(): string {
  const url = process.env.CORROBORATE_TEST_DB;
  if (!url) throw new Error('CORROBORATE_TEST_DB is not set: run the archive tests with "npm run test:archive", which starts PostgreSQL');
  return url;
}

let counter = 0;

/** A new, empty database on the test cluster for one suite; `drop` removes it. */
export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `corroborate_t${process.pid}_${++counter}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: clusterUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`); // a name made here, not input
  } finally {
    await admin.end();
  }
  const u = new URL(clusterUrl());
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: clusterUrl() });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

export async function withClient<T>(url: string, f: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

/**
 * What an archive holds, independent of article ids and load order: per article (by path) its key, hash, title,
 * group partner set and every passage's stored columns; plus the document frequencies and totals. Throws when the
 * postings are not exactly those of the stored passages.
 */
export async function fingerprint(c: pg.Client): Promise<{ articles: number; passages: number; digest: string; stems: string; stats: string }> {
  const a = await c.query<{ n: string; digest: string }>(
    `SELECT count(*) AS n, md5(string_agg(x, '|' ORDER BY x)) AS digest FROM (
       SELECT concat_ws('~', a.root, a.path, a.hash, a.key, a.title, a.topics::text, a.sentences, a.passages,
              (SELECT string_agg(b.path, ',' ORDER BY b.path) FROM corroborate_articles b WHERE b.grp = a.grp),
              (SELECT md5(string_agg(concat_ws('~', p.ord, p.span_start, p.span_end, p.start_line, p.start_char, p.end_line, p.end_char, p.text, p.masked,
                      p.after, p.after_masked, p.joins_next, p.sentence_hash, p.stems::text, p.qstems::text, encode(p.features, 'hex')), '|' ORDER BY p.ord))
                 FROM corroborate_passages p WHERE p.article = a.id)) AS x
       FROM corroborate_articles a) t`,
  );
  const p = await c.query<{ n: string }>('SELECT count(*) AS n FROM corroborate_passages');
  const s = await c.query<{ d: string }>("SELECT md5(string_agg(stem || ':' || df, '|' ORDER BY stem)) AS d FROM corroborate_stems");
  const st = await c.query<{ d: string }>('SELECT articles || \'/\' || passages AS d FROM corroborate_stats');
  // The postings (per stem, the passages holding it): those of every stored passage, and no others.
  const po = await c.query<{ ok: boolean }>(
    `SELECT (SELECT coalesce(md5(string_agg(x, '|' ORDER BY x)), '') FROM (
               SELECT p.stem || '~' || art.path || '~' || u.o AS x
                 FROM corroborate_postings p CROSS JOIN LATERAL unnest(p.articles, p.ords) AS u(id, o) JOIN corroborate_articles art ON art.id = u.id) t)
          = (SELECT coalesce(md5(string_agg(x, '|' ORDER BY x)), '') FROM (
               SELECT s.stem || '~' || art.path || '~' || p.ord AS x
                 FROM corroborate_passages p CROSS JOIN LATERAL unnest(p.stems) AS s(stem) JOIN corroborate_articles art ON art.id = p.article) t) AS ok`,
  );
  if (!po.rows[0].ok) throw new Error('the postings are not those of the stored passages');
  return { articles: Number(a.rows[0].n), passages: Number(p.rows[0].n), digest: a.rows[0].digest, stems: s.rows[0].d, stats: st.rows[0].d };
}
