import { strict as assert } from 'node:assert';
import { join, resolve } from 'node:path';
import type pg from 'pg';
import { connectArchive } from '../../src/archive/postgres/connect';
import { loadFolders } from '../../src/archive/postgres/ingest';
import { decodeFeatures } from '../../src/archive/postgres/records';
import { ClientRetrieval, comparePaths, type ArticleOrder } from '../../src/archive/postgres/clientRetrieve';
import { retrieveStems, passagesOf, type StemQuery } from '../../src/archive/postgres/retrieve';
import { initSchema } from '../../src/archive/postgres/schema';
import { freshDatabase } from './helpers';

const seeds = join(resolve(__dirname, '..', '..'), 'seeds');

describe('the archive: retrieval in SQL', () => {
  let db: { url: string; drop: () => Promise<void> };
  let client: pg.Client;
  let all: { article: string; path: string; ord: number; stems: string[]; joins_next: boolean; text: string }[];
  before(async () => {
    db = await freshDatabase();
    client = await connectArchive(db.url);
    await initSchema(client);
    await loadFolders(client, [seeds], { batchSize: 2 });
    all = (await client.query('SELECT p.article::text, a.path, p.ord, p.stems, p.joins_next, p.text FROM corroborate_passages p JOIN corroborate_articles a ON a.id = p.article ORDER BY p.article, p.ord')).rows;
  });
  after(async () => {
    await client?.end();
    await db?.drop();
  });

  /**
   * The in-memory rule, computed here over every stored passage: per word, the weight of its first alternative held;
   * equal scores by the first (word, alternative) that reached the passage, then by path and place.
   */
  function oracle(q: StemQuery, limit: number) {
    const scored = all
      .map((p) => {
        const held = new Set(p.stems);
        let score = 0;
        let touch = Infinity;
        q.words.forEach((alts, w) => {
          const o = alts.findIndex((x) => held.has(x.stem));
          if (o >= 0) {
            score += alts[o].weight;
            touch = Math.min(touch, w * 1e6 + o);
          }
        });
        return { key: `${p.article}/${p.ord}`, path: p.path, ord: p.ord, score, touch };
      })
      .filter((x) => x.touch < Infinity);
    scored.sort((x, y) => y.score - x.score || x.touch - y.touch || (x.path < y.path ? -1 : x.path > y.path ? 1 : 0) || x.ord - y.ord);
    return scored.slice(0, limit).map((x) => [x.key, Math.round(x.score * 1e6) / 1e6]);
  }

  it('ranks passages by the weight of each word\'s first alternative held, for a batch of queries in one call', async () => {
    // Queries made from stored sentences: each stem a word, with a second, lighter alternative (another sentence's
    // stem) standing for a synonym.
    const picks = [all[3], all[40], all[100], all[150], all[200]];
    const queries: StemQuery[] = picks.map((p, k) => ({
      words: p.stems.slice(0, 8).map((s, i) => [
        { stem: s, weight: 1 + ((i * 7 + k) % 5) / 2 },
        { stem: all[(i * 31 + k * 17) % all.length].stems[0], weight: 0.6 },
      ]),
    }));
    const got = await retrieveStems(client, queries, 12);
    assert.equal(got.length, queries.length);
    queries.forEach((q, i) => {
      const expected = oracle(q, 12);
      assert.ok(expected.length > 0);
      assert.deepEqual(got[i].map((h) => [`${h.passage.article}/${h.passage.ord}`, Math.round(h.score * 1e6) / 1e6]), expected);
    });
    // The sentence a query was made from is its best passage.
    got.forEach((hits, i) => assert.equal(hits[0].passage.text, picks[i].text));
  });

  /** Paths of the stored articles, fetched on request as the archive index does for articles it has not seen. */
  function pathOrder(): ArticleOrder & { fetched: number[] } {
    const paths = new Map<number, string>();
    const fetched: number[] = [];
    return {
      fetched,
      rank: () => undefined,
      path: (a) => paths.get(a),
      fetch: async (ids) => {
        fetched.push(...ids);
        for (const p of all) if (ids.includes(Number(p.article))) paths.set(Number(p.article), p.path);
      },
    };
  }

  it('ranks in the client as in SQL: the same passages, scores and order, equal scores included, and caches postings', async () => {
    const picks = [all[3], all[40], all[100], all[150], all[200]];
    const queries: StemQuery[] = picks.map((p, k) => ({
      words: p.stems.slice(0, 8).map((s, i) => [
        { stem: s, weight: 1 + ((i * 7 + k) % 5) / 2 },
        { stem: all[(i * 31 + k * 17) % all.length].stems[0], weight: 0.6 },
      ]),
    }));
    // One common stem alone: many passages tie on score and first touch, and only path and place order them.
    const counts = new Map<string, number>();
    for (const p of all) for (const s of p.stems) counts.set(s, (counts.get(s) ?? 0) + 1);
    const common = [...counts].sort((a, b) => b[1] - a[1])[0][0];
    queries.push({ words: [[{ stem: common, weight: 1 }]] }, { words: [] });
    const retrieval = new ClientRetrieval();
    const order = pathOrder();
    const got = await retrieval.retrieve(client, queries, 12, order);
    const sql = await retrieveStems(client, queries, 12);
    const flat = (lists: typeof got) => lists.map((l) => l.map((h) => [`${h.passage.article}/${h.passage.ord}`, Math.round(h.score * 1e6) / 1e6, h.previous?.ord ?? null, h.next?.ord ?? null]));
    assert.deepEqual(flat(got), flat(sql));
    queries.slice(0, 6).forEach((q, i) => assert.deepEqual(got[i].map((h) => [`${h.passage.article}/${h.passage.ord}`, Math.round(h.score * 1e6) / 1e6]), oracle(q, 12)));
    assert.ok(counts.get(common)! > 12);
    assert.ok(order.fetched.length > 0);
    // Again: postings and rows come from the cache (one statement, to see that the archive has not changed), and
    // the answer is the same.
    const held = retrieval.postingsHeld;
    assert.ok(held > 0);
    const statements: string[] = [];
    const counting = new Proxy(client, {
      get: (target, name) => (name === 'query' ? (...args: Parameters<pg.Client['query']>) => (statements.push(String(args[0])), (target.query as (...a: unknown[]) => unknown)(...args)) : Reflect.get(target, name)),
    });
    assert.deepEqual(flat(await retrieval.retrieve(counting, queries, 12, order)), flat(sql));
    assert.equal(statements.length, 1);
    assert.equal(retrieval.postingsHeld, held);
  });

  it('reads postings again after a load changes the archive, and keeps its cache within its bound', async () => {
    const stem = all[3].stems[0];
    const small = new ClientRetrieval(1);
    const order = pathOrder();
    const before = await small.retrieve(client, [{ words: [[{ stem, weight: 1 }]] }, { words: [[{ stem: all[40].stems[0], weight: 1 }]] }], 1000, order);
    assert.ok(small.postingsHeld <= Math.max(...before.map((l) => l.length)));
    // A change of the totals (what a load or a removal makes) empties the cache; the answer follows the rows.
    await client.query('BEGIN');
    try {
      await client.query('UPDATE corroborate_stats SET last_load = now() + interval \'1 day\'');
      await client.query("UPDATE corroborate_postings SET articles = articles[1:1], ords = ords[1:1] WHERE stem = $1", [stem]);
      const after = await small.retrieve(client, [{ words: [[{ stem, weight: 1 }]] }], 1000, order);
      assert.equal(after[0].length, (await client.query('SELECT count(*)::int AS n FROM corroborate_postings WHERE stem = $1', [stem])).rows[0].n);
    } finally {
      await client.query('ROLLBACK');
    }
  });

  it('orders paths by code point, as PostgreSQL\'s "C" collation', () => {
    const paths = ['b.md', 'a.md', 'ab.md', '\u{1F600}.md', '\uFFFD.md', '\u00e9.md', 'A.md'];
    assert.deepEqual([...paths].sort(comparePaths), ['A.md', 'a.md', 'ab.md', 'b.md', '\u00e9.md', '\uFFFD.md', '\u{1F600}.md']);
  });

  it('brings back each hit\'s neighbours in the paragraph and its decodable features', async () => {
    const joined = all.find((p, i) => p.joins_next && i > 0 && all[i - 1].article === p.article && all[i - 1].joins_next)!;
    const [[hit]] = await retrieveStems(client, [{ words: joined.stems.map((s) => [{ stem: s, weight: 1 }]) }], 1);
    assert.equal(hit.passage.text, joined.text);
    const i = all.indexOf(joined);
    assert.equal(hit.next?.text, all[i + 1].text);
    assert.equal(hit.previous?.text, all[i - 1].text);
    const f = decodeFeatures(hit.passage.features);
    assert.equal(f.terms.length > 0, true);
    assert.ok(f.terms.every((t) => hit.passage.text.slice(t.start, t.end).length > 0));
    const ends = all.find((p) => !p.joins_next)!;
    const [[last]] = await retrieveStems(client, [{ words: ends.stems.map((s) => [{ stem: s, weight: 1 }]) }], 1);
    assert.equal(last.passage.text, ends.text);
    assert.equal(last.next, undefined);
  });

  it('answers an unknown or hostile stem with no hits, and a key filter with that article\'s passages in order', async () => {
    const none = await retrieveStems(client, [{ words: [[{ stem: "x'); DROP TABLE corroborate_passages; --", weight: 1 }]] }, { words: [] }], 60);
    assert.deepEqual(none, [[], []]);
    const key = (await client.query('SELECT key FROM corroborate_articles ORDER BY path LIMIT 1')).rows[0].key;
    const rows = await passagesOf(client, key, Infinity);
    assert.deepEqual(rows.map((r) => r.ord), rows.map((_, i) => i));
    assert.equal((await passagesOf(client, key, 2)).length, 2);
    assert.deepEqual(await passagesOf(client, 'no-such-key', 5), []);
  });
});
