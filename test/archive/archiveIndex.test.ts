import { strict as assert } from 'node:assert';
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { ArchiveIndex } from '../../src/archive/postgres/archiveIndex';
import { buildIndex, CombinedIndex, type Source, type SourceFile } from '../../src/core';
import { loadFolders } from '../../src/archive/postgres/ingest';
import { initSchema } from '../../src/archive/postgres/schema';
import { passageIndexContract } from '../unit/passageIndex.contract';
import { freshDatabase, tempDir } from './helpers';

const opened: { pool: pg.Pool; drop: () => Promise<void> }[] = [];

after(async () => {
  for (const o of opened.splice(0)) {
    await o.pool.end();
    await o.drop();
  }
});

/** An archive of `files` in a new database on the test cluster. */
async function archiveOf(files: SourceFile[]): Promise<ArchiveIndex> {
  const dir = tempDir('corroborate-archive-contract-');
  for (const f of files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.text);
  }
  const db = await freshDatabase();
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  opened.push({ pool, drop: db.drop });
  const client = await pool.connect();
  try {
    await initSchema(client);
    await loadFolders(client, [dir], { batchSize: 2 });
  } finally {
    client.release();
  }
  return ArchiveIndex.open(pool);
}

// The same contract the memory index passes, against an archive loaded from the same files into real PostgreSQL.
passageIndexContract('the PostgreSQL archive', archiveOf);

// And local sources with the archive, searched as one: the two copies in memory, the third source archived.
passageIndexContract('local sources and the archive together', async (files) => {
  const local = files.filter((f) => f.path !== 'b.txt');
  return new CombinedIndex([buildIndex({ files: local }), await archiveOf(files.filter((f) => f.path === 'b.txt'))]);
});

describe('the archive index: articles fetched when first needed', () => {
  const COPY =
    'The council approved a 12-month moratorium on harbor construction. Critics warned it could cost 400 jobs.';
  const files: SourceFile[] = [
    { path: 'a.txt', text: COPY },
    { path: 'b.txt', text: 'Port officials said the moratorium will not affect shipping.' },
    { path: 'c.txt', text: COPY },
  ];

  /** A client whose statements are counted (a real connection; only `query` is wrapped). */
  async function countingClient(url: string): Promise<{ client: pg.Client; statements: () => number }> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    let n = 0;
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      n++;
      return query(...args);
    };
    return { client, statements: () => n };
  }

  async function load(url: string, dir: string): Promise<void> {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await initSchema(c);
      await loadFolders(c, [dir], { batchSize: 2 });
    } finally {
      await c.end();
    }
  }

  /** A fresh database loaded from a folder holding `initial`, with a counting client, dropped afterwards. */
  async function withArchive(
    initial: readonly { path: string; text: string }[],
    body: (x: { dir: string; url: string; client: pg.Client; statements: () => number }) => Promise<void>,
  ): Promise<void> {
    const dir = tempDir('corroborate-archive-lazy-');
    for (const f of initial) writeFileSync(join(dir, f.path), f.text);
    const db = await freshDatabase();
    const { client, statements } = await countingClient(db.url);
    try {
      await load(db.url, dir);
      await body({ dir, url: db.url, client, statements });
    } finally {
      await client.end();
      await db.drop();
    }
  }

  it('holds no article after open; fetches keys asked together in one statement, each with its duplicate group', () =>
    withArchive(files, async ({ client, statements }) => {
      const [ka, kb, kc] = (await (await ArchiveIndex.open(client)).listSources(3)).map((s) => s.key);
      const index = await ArchiveIndex.open(client);
      assert.deepEqual(index.stats, { sources: 3, groups: 2, passages: 5 });
      const before = statements();
      const asked = [index.source(ka), index.source(kb), index.source('no-such-key')];
      assert.ok(
        asked.every((x) => x instanceof Promise),
        'nothing is held after open',
      );
      const [a, b, none] = await Promise.all(asked);
      assert.equal(statements() - before, 1);
      assert.equal(a?.path, 'a.txt');
      assert.equal(b?.path, 'b.txt');
      assert.equal(none, undefined);
      // Held now: at once, and a's copy came with it.
      const again = statements();
      assert.equal(index.source(ka), a);
      assert.deepEqual(
        index
          .groupMembers(a!.group)
          .map((s) => s.path)
          .sort(),
        ['a.txt', 'c.txt'],
      );
      assert.equal((index.source(kc) as Source | undefined)?.path, 'c.txt');
      assert.equal(statements(), again);
    }));

  it('finds an article loaded after the index was opened, by key and by retrieval', () =>
    withArchive([files[1]], async ({ dir, url, client }) => {
      const index = await ArchiveIndex.open(client);
      writeFileSync(join(dir, 'd.txt'), 'Dockworkers said the moratorium would cost them overtime.');
      await load(url, dir);
      const key = (await (await ArchiveIndex.open(client)).listSources(2)).find((s) => s.path === 'd.txt')!.key;
      const d = await index.source(key);
      assert.equal(d?.path, 'd.txt');
      const id = index.vocabulary.idOf('moratorium')!;
      const [hits] = await index.retrieve([{ words: [[{ id, weight: 1 }]] }], 10);
      assert.deepEqual(hits.map((h) => h.features.source.path).sort(), ['b.txt', 'd.txt']);
    }));

  it('lists the first sources in path order with one statement, and again at once', () =>
    withArchive(files, async ({ client, statements }) => {
      const index = await ArchiveIndex.open(client);
      const before = statements();
      const two = await index.listSources(2);
      assert.deepEqual(
        two.map((s) => s.path),
        ['a.txt', 'b.txt'],
      );
      assert.equal(statements() - before, 1);
      const one = index.listSources(1);
      assert.ok(Array.isArray(one));
      assert.deepEqual(
        one.map((s) => s.path),
        ['a.txt'],
      );
      assert.deepEqual(
        (await index.listSources(10)).map((s) => s.path),
        ['a.txt', 'b.txt', 'c.txt'],
      );
    }));
});
