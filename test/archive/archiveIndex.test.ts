import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import pg from 'pg';
import { ArchiveIndex } from '../../src/archive/postgres/archiveIndex';
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

// The same contract the memory index passes, against an archive loaded from the same files into real PostgreSQL.
passageIndexContract('the PostgreSQL archive', async (files) => {
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
});
