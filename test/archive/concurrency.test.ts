import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type pg from 'pg';
import { generateCorpus } from '../../bench/corpus';
import { connectArchive } from '../../src/archive/postgres/connect';
import { retrieveStems, type StemQuery } from '../../src/archive/postgres/retrieve';
import { initSchema } from '../../src/archive/postgres/schema';
import { freshDatabase, tempDir } from './helpers';

const repo = resolve(__dirname, '..', '..');

describe('the archive: reading while a load runs', () => {
  it('gives each reader transaction one snapshot: totals match the rows, and a query repeated inside it gives the same hits', async () => {
    const dir = tempDir('corroborate-archive-conc-');
    const generated = generateCorpus(150, 23, 120);
    for (const f of generated.files) writeFileSync(join(dir, f.path), f.text);
    const db = await freshDatabase();
    const readers: pg.Client[] = [];
    try {
      const setup = await connectArchive(db.url);
      await initSchema(setup);
      await setup.end();
      // Words of the generated articles, so that hits change as articles arrive.
      const query: StemQuery = { words: ['council', 'budget', 'worker', 'approv', 'harbor', 'minist'].map((stem) => [{ stem, weight: 1 }]) };
      const loader = spawn(process.execPath, [join(repo, 'bin', 'corroborate.js'), 'archive', 'add', '--db', db.url, dir, '--batch', '3'], { stdio: 'ignore' });
      const exited = new Promise<number | null>((res) => loader.once('exit', (code) => res(code)));
      let running = true;
      void exited.then(() => (running = false));
      for (let i = 0; i < 3; i++) readers.push(await connectArchive(db.url));
      const seen = new Set<number>();
      let transactions = 0;
      let withHits = 0;
      const read = async (c: pg.Client) => {
        while (running) {
          await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
          const stats = (await c.query('SELECT articles::int, passages::int FROM corroborate_stats')).rows[0];
          const first = await retrieveStems(c, [query], 20);
          const counted = (await c.query('SELECT (SELECT count(*)::int FROM corroborate_articles) AS articles, (SELECT count(*)::int FROM corroborate_passages) AS passages')).rows[0];
          const again = await retrieveStems(c, [query], 20);
          await c.query('COMMIT');
          assert.deepEqual(counted, stats, 'totals and rows from one snapshot');
          assert.deepEqual(again, first, 'the same query twice in one transaction');
          seen.add(stats.articles);
          if (first[0].length) withHits++;
          transactions++;
        }
      };
      await Promise.all(readers.map(read));
      assert.equal(await exited, 0);
      const mid = [...seen].filter((n) => n > 0 && n < generated.files.length);
      assert.ok(mid.length >= 2, `readers saw the load in progress (${transactions} transactions, states ${[...seen].sort((a, b) => a - b).join(' ')})`);
      assert.ok(mid.every((n) => n % 3 === 0), 'only whole batches are ever visible');
      assert.ok(withHits > 0, 'the query found passages during the load');
    } finally {
      await Promise.all(readers.map((c) => c.end()));
      await db.drop();
    }
  });
});
