import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { ArchiveIndex } from '../../src/archive/postgres/archiveIndex';
import { buildIndex, CombinedIndex, type SourceFile } from '../../src/core';
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
