import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type pg from 'pg';
import { generateCorpus } from '../../bench/corpus';
import { ClientRetrieval, type ArticleOrder } from '../../src/archive/postgres/clientRetrieve';
import { compactPostings } from '../../src/archive/postgres/compact';
import { loadFolders, removePaths } from '../../src/archive/postgres/ingest';
import { retrieveStems, type StemQuery } from '../../src/archive/postgres/retrieve';
import { initSchema } from '../../src/archive/postgres/schema';
import { main } from '../../src/cli/main';
import type { JsonReport } from '../../src/core';
import { runCli as cli } from '../fixtures/runCli';
import { fingerprint, freshDatabase, tempDir, withClient } from './helpers';

const repo = resolve(__dirname, '..', '..');
const seeds = join(repo, 'seeds');
const example = join(repo, 'examples', 'ai-pause-draft.md');

/** Rows of the postings table, and stems they are of. */
async function rowCounts(c: pg.Client): Promise<{ rows: number; stems: number; maxPerStem: number }> {
  const r = await c.query<{ rows: number; stems: number; m: number }>(
    'SELECT count(*)::int AS rows, count(DISTINCT stem)::int AS stems, coalesce(max(n), 0)::int AS m FROM corroborate_postings, LATERAL (SELECT count(*) AS n FROM corroborate_postings q WHERE q.stem = corroborate_postings.stem) k',
  );
  return { rows: r.rows[0].rows, stems: r.rows[0].stems, maxPerStem: r.rows[0].m };
}

/** Queries made of stored passages' stems, and the most common stem alone (many equal scores). */
async function queriesOf(c: pg.Client): Promise<StemQuery[]> {
  const all = (await c.query<{ stems: string[] }>('SELECT stems FROM corroborate_passages ORDER BY article, ord')).rows;
  const counts = new Map<string, number>();
  for (const p of all) for (const s of p.stems) counts.set(s, (counts.get(s) ?? 0) + 1);
  const common = [...counts].sort((a, b) => b[1] - a[1])[0][0];
  const picks = Array.from({ length: 24 }, (_, k) => all[Math.floor((k * all.length) / 24)]);
  return [
    ...picks.map((p, k) => ({ words: p.stems.slice(0, 8).map((s, i) => [{ stem: s, weight: 1 + ((i * 7 + k) % 5) / 2 }]) })),
    { words: [[{ stem: common, weight: 1 }]] },
  ];
}

/** What retrieval gives for the queries: in SQL, and as a check retrieves them (nothing cached). */
async function retrieved(c: pg.Client, queries: StemQuery[]): Promise<unknown> {
  const paths = new Map<number, string>();
  const order: ArticleOrder = {
    rank: () => undefined,
    path: (a) => paths.get(a),
    fetch: async (ids) => {
      for (const x of (await c.query<{ id: string; path: string }>('SELECT id::text AS id, path FROM corroborate_articles WHERE id = ANY($1::bigint[])', [ids.map(String)])).rows) paths.set(Number(x.id), x.path);
    },
  };
  const flat = (lists: Awaited<ReturnType<typeof retrieveStems>>) => lists.map((l) => l.map((h) => [`${h.passage.article}/${h.passage.ord}`, Math.round(h.score * 1e6) / 1e6, h.previous?.ord ?? null, h.next?.ord ?? null]));
  const client = flat(await new ClientRetrieval().retrieve(c, queries, 40, order));
  const sql = flat(await retrieveStems(c, queries, 40));
  assert.deepEqual(client, sql);
  return client;
}

/** The example draft's report against the archive: per sentence its status, sources and quotes; and the findings. */
async function reading(url: string): Promise<unknown> {
  let out = '';
  let err = '';
  const code = await main(['check', example, '--db', url, '--format', 'json', '--no-config', '--fail-on', 'never'], (s) => void (out += s), (s) => void (err += s));
  assert.equal(code, 0, err);
  return (JSON.parse(out) as JsonReport).files.map((f) => ({ sentences: f.sentences, findings: f.findings }));
}

describe('the archive: compacting the postings', function () {
  let corpus: string;
  before(() => {
    corpus = tempDir('corroborate-compact-');
    for (const f of generateCorpus(160, 5, 300).files) writeFileSync(join(corpus, f.path), f.text);
  });

  it('merges each stem\'s rows (one per load batch) into one; retrieval and the check give the same after as before', async () => {
    const db = await freshDatabase();
    try {
      const fresh = await withClient(db.url, async (c) => {
        await initSchema(c);
        const load = await loadFolders(c, [seeds, corpus], { batchSize: 10, compact: false });
        assert.equal(load.compaction, undefined);
        return rowCounts(c);
      });
      assert.ok(fresh.rows > 2 * fresh.stems, `${fresh.rows} rows of ${fresh.stems} stems`);
      const before = await withClient(db.url, async (c) => ({ print: await fingerprint(c), hits: await retrieved(c, await queriesOf(c)) }));
      const report = await reading(db.url);
      const r = await cli('archive', 'compact', '--db', db.url);
      const said = /^postings of (\d+) stems merged: (\d+) rows into (\d+) in /.exec(r.out);
      assert.ok(said, r.out);
      const [merged, from, into] = said.slice(1).map(Number);
      // The stems of more than one row, each now one row.
      assert.equal(into, merged);
      assert.equal(from - into, fresh.rows - fresh.stems);
      await withClient(db.url, async (c) => {
        const now = await rowCounts(c);
        // Every stem's postings fit one row at this size.
        assert.deepEqual(now, { rows: fresh.stems, stems: fresh.stems, maxPerStem: 1 });
        assert.deepEqual(await fingerprint(c), before.print);
        assert.deepEqual(await retrieved(c, await queriesOf(c)), before.hits);
        // Nothing left to merge: a second compaction rewrites nothing.
        assert.deepEqual({ ...(await compactPostings(c)), elapsedMs: 0 }, { stems: 0, rowsBefore: 0, rowsAfter: 0, elapsedMs: 0 });
      });
      assert.deepEqual(await reading(db.url), report);
      // The comparison has teeth: the draft's sentences are found, and in more than one status.
      const statuses = new Set((report as { sentences: { status: string }[] }[])[0].sentences.map((s) => s.status));
      assert.ok(statuses.has('corroborated') && statuses.size > 1, [...statuses].join(' '));
    } finally {
      await db.drop();
    }
  });

  it('cuts a stem\'s rows between articles at the bound, and retrieves the same from them', async () => {
    const db = await freshDatabase();
    try {
      await withClient(db.url, async (c) => {
        await initSchema(c);
        await loadFolders(c, [corpus], { batchSize: 40, compact: false });
        const queries = await queriesOf(c);
        const before = { print: await fingerprint(c), hits: await retrieved(c, queries) };
        await compactPostings(c, { full: true, rowPostings: 50 });
        const rows = (await c.query<{ stem: string; first: string; last: string; articles: string[] }>('SELECT stem, first_article AS first, last_article AS last, articles::text[] FROM corroborate_postings ORDER BY stem, first_article')).rows;
        const stems = new Set(rows.map((r) => r.stem));
        assert.ok(rows.length > stems.size, 'some stems have more than one row');
        const perStem = new Map<string, number>();
        for (const r of rows) perStem.set(r.stem, (perStem.get(r.stem) ?? 0) + 1);
        for (const r of rows) {
          const ids = r.articles.map(Number);
          assert.ok(ids.every((id, i) => i === 0 || id >= ids[i - 1]), 'in article order');
          // A batch's row is bounded by the batch's ids; a merged row by its own.
          assert.ok(Number(r.first) <= Math.min(...ids) && Number(r.last) >= Math.max(...ids));
          if (perStem.get(r.stem)! > 1) assert.deepEqual([r.first, r.last], [String(ids[0]), String(ids[ids.length - 1])]);
          // Fewer than the bound plus one article's postings.
          const lastArticle = ids.filter((id) => id === ids[ids.length - 1]).length;
          assert.ok(ids.length < 50 + lastArticle, `${r.stem}: ${ids.length} postings`);
        }
        // Rows of one stem cover disjoint runs of articles.
        for (let i = 1; i < rows.length; i++) if (rows[i].stem === rows[i - 1].stem) assert.ok(Number(rows[i].first) > Number(rows[i - 1].last));
        assert.deepEqual(await fingerprint(c), before.print);
        assert.deepEqual(await retrieved(c, queries), before.hits);
      });
    } finally {
      await db.drop();
    }
  });

  it('writes the same rows merging in the client as in SQL (a stem too large for the client), full and incremental', async () => {
    const dir = tempDir('corroborate-compact-sql-');
    const files = generateCorpus(90, 11, 300).files;
    for (const f of files.slice(0, 60)) writeFileSync(join(dir, f.path), f.text);
    const rows = async (c: pg.Client) =>
      (await c.query('SELECT stem, first_article::text, last_article::text, articles::text, ords::text FROM corroborate_postings ORDER BY stem, first_article')).rows;
    // The same loads into two archives (so the same ids); `a` merges in the client, `b` in SQL (clientBytes 0: every
    // stem is too large), then `b` both ways (a bound between stems' sizes).
    const [a, b] = [await freshDatabase(), await freshDatabase()];
    try {
      const step = async (compact: (c: pg.Client, db: 'a' | 'b') => Promise<unknown>) => {
        const out: unknown[] = [];
        for (const [name, db] of [['a', a], ['b', b]] as const) {
          out.push(
            await withClient(db.url, async (c) => {
              await initSchema(c);
              await loadFolders(c, [dir], { batchSize: 7, compact: false });
              await compact(c, name);
              return rows(c);
            }),
          );
        }
        assert.deepEqual(out[0], out[1]);
        return out[0] as { stem: string }[];
      };
      const full = await step((c, db) => compactPostings(c, { full: true, rowPostings: 40, rowsPerTransaction: 150, clientBytes: db === 'a' ? undefined : 0 }));
      assert.ok(full.length > new Set(full.map((r) => r.stem)).size, 'some stems have more than one row');
      // An add after that: its rows are merged with each stem's last row.
      for (const f of files.slice(60)) writeFileSync(join(dir, f.path), f.text);
      await step((c, db) => compactPostings(c, { rowPostings: 40, rowsPerTransaction: 150, clientBytes: db === 'a' ? undefined : 2000 }));
    } finally {
      await a.drop();
      await b.drop();
    }
  });

  it('keeps incremental adds, replacements and removals exact on merged rows, merging only what each add wrote', async () => {
    const dir = tempDir('corroborate-compact-inc-');
    const files = generateCorpus(60, 9, 300).files;
    for (const f of files.slice(0, 40)) writeFileSync(join(dir, f.path), f.text);
    const inc = await freshDatabase();
    const clean = await freshDatabase();
    try {
      await withClient(inc.url, async (c) => {
        await initSchema(c);
        const first = await loadFolders(c, [dir], { batchSize: 5 });
        assert.ok(first.compaction && first.compaction.rowsBefore > first.compaction.rowsAfter);
        const once = await rowCounts(c);
        assert.equal(once.rows, once.stems);
        // New files, and a changed one: this add's rows are merged with each stem's row.
        for (const f of files.slice(40)) writeFileSync(join(dir, f.path), f.text);
        writeFileSync(join(dir, files[3].path), files[3].text.replace(/\.\n/, '. A harbour committee met again on Tuesday.\n'));
        const second = await loadFolders(c, [dir], { batchSize: 5 });
        assert.equal(second.added, 20);
        assert.equal(second.replaced, 1);
        assert.ok(second.compaction && second.compaction.stems > 0 && second.compaction.stems < once.stems, `${second.compaction?.stems} of ${once.stems} stems merged`);
        const twice = await rowCounts(c);
        assert.equal(twice.rows, twice.stems);
        const removed = await removePaths(c, [join(dir, files[7].path), join(dir, files[50].path)]);
        assert.equal(removed.articles, 2);
      });
      rmSync(join(dir, files[7].path));
      rmSync(join(dir, files[50].path));
      await withClient(clean.url, async (c) => {
        await initSchema(c);
        await loadFolders(c, [dir]);
      });
      // fingerprint also checks that the postings are exactly those of the stored passages.
      const [a, b] = [await withClient(inc.url, fingerprint), await withClient(clean.url, fingerprint)];
      assert.equal(a.articles, 58);
      assert.deepEqual(a, b);
      const queries = await withClient(clean.url, queriesOf);
      const byPath = async (url: string) =>
        withClient(url, async (c) => {
          const hits = (await retrieved(c, queries)) as [string, number][][];
          const paths = new Map((await c.query<{ id: string; path: string }>('SELECT id::text AS id, path FROM corroborate_articles')).rows.map((r) => [r.id, r.path]));
          return hits.map((l) => l.map(([key, score]) => [paths.get(key.split('/')[0]) + '/' + key.split('/')[1], score]));
        });
      assert.deepEqual(await byPath(inc.url), await byPath(clean.url));
    } finally {
      await inc.drop();
      await clean.drop();
    }
  });

  it('a compaction killed with SIGKILL leaves a consistent archive that readers see unchanged throughout; the next one finishes it', async function () {
    const db = await freshDatabase();
    const dir = tempDir('corroborate-compact-kill-');
    cpSync(corpus, dir, { recursive: true });
    try {
      const queries = await withClient(db.url, async (c) => {
        await initSchema(c);
        await loadFolders(c, [dir], { batchSize: 4, compact: false });
        return queriesOf(c);
      });
      const fresh = await withClient(db.url, rowCounts);
      const before = await withClient(db.url, async (c) => ({ print: await fingerprint(c), hits: await retrieved(c, queries) }));
      const child = spawn(process.execPath, ['--require', 'tsx/cjs', join(__dirname, 'compactChild.ts'), db.url], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
      const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
      let commits = 0;
      let reads = 0;
      const killed = new Promise<void>((res) =>
        child.stdout.on('data', (d: Buffer) => {
          commits += d.toString().split('\n').filter(Boolean).length;
          if (commits >= 10) {
            child.kill('SIGKILL');
            res();
          }
        }),
      );
      // Readers while it runs: each retrieval (one snapshot per statement) sees the same passages.
      await withClient(db.url, async (c) => {
        let done = false;
        void killed.then(() => (done = true));
        void exited.then(() => (done = true));
        while (!done) {
          assert.deepEqual(await retrieved(c, queries), before.hits);
          reads++;
        }
      });
      assert.equal(await exited, null, 'the compaction was killed, not finished');
      assert.ok(reads > 0);
      await withClient(db.url, async (c) => {
        const half = await rowCounts(c);
        assert.ok(half.rows < fresh.rows && half.rows > half.stems, `killed half-way: ${half.rows} rows (${fresh.rows} before, ${half.stems} stems)`);
        assert.deepEqual(await fingerprint(c), before.print);
        assert.deepEqual(await retrieved(c, queries), before.hits);
        // The next add (nothing new to load) or compaction finishes it.
        await compactPostings(c, { full: true });
        assert.equal((await rowCounts(c)).rows, half.stems);
        assert.deepEqual(await fingerprint(c), before.print);
        assert.deepEqual(await retrieved(c, queries), before.hits);
      });
    } finally {
      await db.drop();
    }
  });
});
