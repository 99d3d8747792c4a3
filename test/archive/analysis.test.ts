import { strict as assert } from 'node:assert';
import { join, resolve } from 'node:path';
import type pg from 'pg';
import { currentAnalysis } from '../../src/archive/postgres/analysisVersion';
import { connectArchive } from '../../src/archive/postgres/connect';
import { loadFolders } from '../../src/archive/postgres/ingest';
import { decodeFeatures, encodeFeatures } from '../../src/archive/postgres/records';
import { CACHE_VERSION, type JsonReport } from '../../src/core';
import { runCli as cli } from '../fixtures/runCli';
import { fingerprint, freshDatabase, withClient } from './helpers';

const repo = resolve(__dirname, '..', '..');
const seeds = join(repo, 'seeds');
const example = join(repo, 'examples', 'ai-pause-draft.md');

async function check(...args: string[]): Promise<{ code: number; report: JsonReport; err: string }> {
  const r = await cli('check', example, ...args, '--format', 'json', '--no-config', '--fail-on', 'never');
  assert.equal(r.code, 0, r.err);
  return { code: r.code, report: JSON.parse(r.out) as JsonReport, err: r.err };
}
const reading = (r: JsonReport) => r.files.map((f) => ({ sentences: f.sentences, findings: f.findings }));
const status = async (url: string) => JSON.parse((await cli('archive', 'status', '--db', url, '--format', 'json')).out);

/**
 * What an older engine would have stored: the articles' analysis named `analysis`, and their passages' features
 * without negations and figures (an engine that read neither).
 */
async function makeStale(c: pg.Client, analysis: string, where = 'true'): Promise<number> {
  const ids = (await c.query<{ id: string }>(`UPDATE corroborate_articles SET analysis = $1 WHERE ${where} RETURNING id::text AS id`, [analysis])).rows.map((r) => r.id);
  const rows = (await c.query<{ article: string; ord: number; features: Buffer }>('SELECT article::text AS article, ord, features FROM corroborate_passages WHERE article = ANY($1::bigint[])', [ids])).rows;
  for (const r of rows) {
    const f = decodeFeatures(r.features);
    await c.query('UPDATE corroborate_passages SET features = $3 WHERE article = $1 AND ord = $2', [r.article, r.ord, Buffer.from(encodeFeatures({ ...f, negations: [], quantities: new Float64Array(0) }))]);
  }
  return ids.length;
}

/** Makes an archive of schema version 3 look like one of version 2 (before the analysis column and the keys' hints). */
async function downgradeTo2(c: pg.Client): Promise<void> {
  await c.query('DROP INDEX corroborate_articles_analysis');
  await c.query('ALTER TABLE corroborate_articles DROP COLUMN analysis');
  await c.query('DROP TABLE corroborate_keys');
  await c.query('CREATE TABLE corroborate_sentences (h integer PRIMARY KEY, n integer NOT NULL)');
  await c.query("UPDATE corroborate_meta SET value = '2' WHERE name = 'schema_version'");
}

describe('the archive records which analysis of the engine made each article', () => {
  const dbs: { url: string; drop: () => Promise<void> }[] = [];
  const fresh = async () => {
    const db = await freshDatabase();
    dbs.push(db);
    assert.equal((await cli('archive', 'init', '--db', db.url)).code, 0);
    return db;
  };
  let clean: string;
  before(async () => {
    clean = (await fresh()).url;
    assert.equal((await cli('archive', 'add', '--db', clean, seeds)).code, 0);
  });
  after(async () => {
    for (const d of dbs.splice(0)) await d.drop();
  });

  it('names the analysis by the snapshot version and a digest of a fixed article, the same on every call', () => {
    assert.match(currentAnalysis(), new RegExp(`^${CACHE_VERSION}\\.[0-9a-f]{12}$`));
    assert.equal(currentAnalysis(), currentAnalysis());
  });

  it('stores the current analysis with every article; status says none is stale, and check --db does not warn', async () => {
    await withClient(clean, async (c) => {
      assert.deepEqual((await c.query('SELECT DISTINCT analysis FROM corroborate_articles')).rows, [{ analysis: currentAnalysis() }]);
    });
    const s = await status(clean);
    assert.equal(s.analysis, currentAnalysis());
    assert.deepEqual(s.stale, { articles: 0, byRoot: [] });
    const text = (await cli('archive', 'status', '--db', clean)).out;
    assert.match(text, new RegExp(`^analysis\\t${currentAnalysis().replace('.', '\\.')} `, 'm'));
    assert.match(text, /^stale articles\t0$/m);
    assert.equal((await check('--db', clean)).err, '');
  });

  it('counts articles of another analysis, warns in one line, and "archive add" analyses them again in resumable batches, keys kept', async () => {
    const db = await fresh();
    assert.equal((await cli('archive', 'add', '--db', db.url, seeds)).code, 0);
    const memory = await check('--sources', seeds);
    const stale = await withClient(db.url, (c) => makeStale(c, '9.0123456789ab'));
    assert.equal(stale, 5);
    // The comparison has teeth: with the older features the report is not the in-memory one.
    const before = await check('--db', db.url);
    assert.notDeepEqual(reading(before.report), reading(memory.report));
    assert.equal(before.err.split('\n').filter(Boolean).length, 1, before.err);
    assert.match(
      before.err,
      new RegExp(`^corroborate: warning: 5 of 5 archive articles were analysed by another version of Corroborate's engine and are scored with out-of-date features; run "corroborate archive add --db \\S+ ${seeds.replace(/[/.]/g, '\\$&')}" to analyse them again\\n$`),
    );
    const s = await status(db.url);
    assert.deepEqual(s.stale, { articles: 5, byRoot: [{ root: seeds, analysis: '9.0123456789ab', articles: 5 }] });
    assert.match((await cli('archive', 'status', '--db', db.url)).out, /^stale articles\t5 \(analysed by another engine/m);
    // A load stopped after its first batch keeps what it analysed again; the next one does the rest.
    const client = await connectArchive(db.url);
    try {
      const first = await loadFolders(client, [seeds], { batchSize: 2, maxBatches: 1, compact: false });
      assert.deepEqual([first.added, first.replaced, first.reanalysed, first.unchanged], [0, 0, 2, 0]);
    } finally {
      await client.end();
    }
    assert.equal((await status(db.url)).stale.articles, 3);
    assert.match((await check('--db', db.url)).err, /^corroborate: warning: 3 of 5 archive articles/);
    const rest = await cli('archive', 'add', '--db', db.url, seeds, '--batch', '2');
    assert.match(rest.out, /^0 added, 0 replaced, 3 analysed again, 2 unchanged/);
    assert.equal((await status(db.url)).stale.articles, 0);
    const after = await check('--db', db.url);
    assert.equal(after.err, '');
    assert.deepEqual(reading(after.report), reading(memory.report));
    // Keys, features, groups, postings and frequencies: those of a clean load.
    const [a, b] = [await withClient(db.url, fingerprint), await withClient(clean, fingerprint)];
    assert.deepEqual(a, b);
    // Nothing stale: the next add skips every file.
    assert.match((await cli('archive', 'add', '--db', db.url, seeds)).out, /^0 added, 0 replaced, 5 unchanged/);
  });

  it('keeps a re-analysed article\'s key even where a fresh load would number it otherwise', async () => {
    const db = await fresh();
    assert.equal((await cli('archive', 'add', '--db', db.url, seeds)).code, 0);
    // Keys as a long-lived archive may hold them (suffixes freed and taken in another order than path order).
    await withClient(db.url, async (c) => {
      const keys = (await c.query<{ id: string; key: string }>('SELECT id::text AS id, key FROM corroborate_articles ORDER BY path')).rows;
      await c.query("UPDATE corroborate_articles SET key = key || '-7' WHERE id = $1", [keys[0].id]);
    });
    const keysOf = (url: string) => withClient(url, async (c) => (await c.query('SELECT path, key FROM corroborate_articles ORDER BY path')).rows);
    const held = await keysOf(db.url);
    await withClient(db.url, (c) => makeStale(c, '9.0123456789ab'));
    assert.match((await cli('archive', 'add', '--db', db.url, seeds)).out, /^0 added, 0 replaced, 5 analysed again/);
    assert.deepEqual(await keysOf(db.url), held);
  });

  it('upgrades an archive of schema version 2 on init, readers being told to run it; its articles are then analysed again', async () => {
    const db = await fresh();
    assert.equal((await cli('archive', 'add', '--db', db.url, seeds)).code, 0);
    await withClient(db.url, downgradeTo2);
    for (const r of [await cli('check', example, '--db', db.url), await cli('archive', 'status', '--db', db.url)]) {
      assert.equal(r.code, 2);
      assert.equal(
        r.err,
        'corroborate: the archive has schema version 2; this Corroborate uses 3: run "corroborate archive init --db URL" to upgrade it in place, then "corroborate archive add --db URL DIR..." to analyse its articles again\n',
      );
    }
    assert.match((await cli('archive', 'init', '--db', db.url)).out, /upgraded to schema version 3; its articles are analysed again by the next "archive add"/);
    const s = await status(db.url);
    assert.deepEqual(s.stale, { articles: 5, byRoot: [{ root: seeds, analysis: '', articles: 5 }] });
    assert.match((await cli('archive', 'status', '--db', db.url)).out, /by analysis unknown \(schema version 2\)/);
    assert.match((await check('--db', db.url)).err, /^corroborate: warning: 5 of 5 archive articles/);
    await withClient(db.url, async (c) => assert.equal((await c.query("SELECT to_regclass('corroborate_sentences') AS t")).rows[0].t, null));
    assert.match((await cli('archive', 'add', '--db', db.url, seeds)).out, /^0 added, 0 replaced, 5 analysed again, 0 unchanged/);
    assert.deepEqual(await withClient(db.url, fingerprint), await withClient(clean, fingerprint));
    assert.equal((await check('--db', db.url)).err, '');
  });

  it('a writer upgrades a version 2 archive itself and says so; versions 1 and newer ones are refused', async () => {
    const db = await fresh();
    assert.equal((await cli('archive', 'add', '--db', db.url, seeds)).code, 0);
    await withClient(db.url, downgradeTo2);
    const add = await cli('archive', 'add', '--db', db.url, seeds);
    assert.equal(add.code, 0, add.err);
    assert.match(add.err, /^archive upgraded from schema version 2 to 3$/m);
    assert.match(add.out, /^0 added, 0 replaced, 5 analysed again/);
    for (const [version, message] of [
      ['1', 'the archive has schema version 1; this Corroborate uses 3 (load it again into a new database)'],
      ['4', 'the archive has schema version 4, made by a newer Corroborate; this one uses 3 (upgrade Corroborate)'],
    ]) {
      await withClient(db.url, (c) => c.query("UPDATE corroborate_meta SET value = $1 WHERE name = 'schema_version'", [version]));
      for (const argv of [['archive', 'init'], ['archive', 'add'], ['archive', 'status']]) {
        const r = await cli(...argv, '--db', db.url, ...(argv[1] === 'add' ? [seeds] : []));
        assert.equal(r.code, 2);
        assert.equal(r.err, `corroborate: ${message}\n`);
      }
    }
  });
});
