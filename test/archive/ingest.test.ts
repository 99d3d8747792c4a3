import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type pg from 'pg';
import { generateCorpus } from '../../bench/corpus';
import { decodeFeatures } from '../../src/archive/postgres/records';
import { buildIndex, MANIFEST_FILE } from '../../src/core';
import { runCli as cli } from '../fixtures/runCli';
import { loadSourceFolder } from '../../src/node/loadSources';
import { fingerprint, freshDatabase, tempDir, withClient } from './helpers';

const repo = resolve(__dirname, '..', '..');
const seeds = join(repo, 'seeds');

/** The in-memory index of a folder, as `corroborate check --sources DIR` builds it. */
async function memoryCorpus(dir: string) {
  const loaded = await loadSourceFolder(dir);
  return buildIndex({ files: loaded.files, manifests: loaded.manifestText === undefined ? [] : [{ text: loaded.manifestText }] });
}

/** Passages per stem counted from the passages themselves: what the stored frequencies must equal. */
async function dfConsistent(c: pg.Client): Promise<boolean> {
  const r = await c.query<{ bad: string }>(
    `SELECT count(*) AS bad FROM (
       SELECT stem, count(*)::int AS df FROM corroborate_passages, unnest(stems) AS stem GROUP BY stem) counted
       FULL JOIN corroborate_stems s USING (stem)
      WHERE counted.df IS DISTINCT FROM s.df`,
  );
  return r.rows[0].bad === '0';
}

describe('the archive: loading source folders into PostgreSQL', function () {
  let db: { url: string; drop: () => Promise<void> };
  before(async () => {
    db = await freshDatabase();
  });
  after(async () => db?.drop());

  it('refuses to load before init, with the command to run, and exits 2', async () => {
    const r = await cli('archive', 'add', '--db', db.url, seeds);
    assert.equal(r.code, 2);
    assert.match(r.err, /holds no archive yet \(run "corroborate archive init --db URL"\)/);
  });

  it('initialises once; a second init finds the archive present', async () => {
    assert.match((await cli('archive', 'init', '--db', db.url)).out, /archive created/);
    assert.match((await cli('archive', 'init', '--db', db.url)).out, /archive already present/);
    const s = JSON.parse((await cli('archive', 'status', '--db', db.url, '--format', 'json')).out);
    assert.equal(s.articles, 0);
    assert.equal(s.lastLoad, null);
  });

  it('names a folder that is not there and exits 2', async () => {
    const r = await cli('archive', 'add', '--db', db.url, join(repo, 'no-such-folder'));
    assert.equal(r.code, 2);
    assert.match(r.err, /no-such-folder/);
    assert.equal(r.err.trim().split('\n').length, 1);
  });

  it('stores each seed with the in-memory index\'s key, passages and per-passage features', async () => {
    const r = await cli('archive', 'add', '--db', db.url, seeds, '--batch', '2');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^5 added, 0 replaced, 0 unchanged/);
    const corpus = await memoryCorpus(seeds);
    const snap = corpus.toCache();
    await withClient(db.url, async (c) => {
      const articles = (await c.query('SELECT id, path, key, title, outlet, url, passages FROM corroborate_articles ORDER BY path')).rows;
      assert.deepEqual(
        articles.map((a) => [a.path, a.key, a.title, a.outlet ?? undefined, a.url ?? undefined, a.passages]),
        corpus.sources.map((s) => [s.path, s.key, s.title, s.outlet, s.url, s.passages.length]),
      );
      let compared = 0;
      for (let si = 0; si < corpus.sources.length; si++) {
        const rows = (await c.query('SELECT ord, span_start, span_end, start_line, start_char, text, stems, qstems, features FROM corroborate_passages WHERE article = $1 ORDER BY ord', [articles[si].id])).rows;
        const source = corpus.sources[si];
        for (const row of rows) {
          const p = source.passages[row.ord];
          const pid = snap.firstPassage[si] + row.ord;
          assert.equal(row.text, p.text);
          assert.deepEqual([row.span_start, row.span_end], [p.span.start, p.span.end]);
          assert.deepEqual([row.start_line, row.start_char], [source.lines.positionAt(p.span.start).line, source.lines.positionAt(p.span.start).character]);
          const f = decodeFeatures(row.features);
          const local: string[] = [...row.stems, ...(row.qstems ?? [])];
          const terms = [];
          for (let t = snap.tOff[pid]; t < snap.tOff[pid + 1]; t++) terms.push([snap.stems[snap.tStem[t]], snap.tStart[t], snap.tEnd[t]]);
          assert.deepEqual(
            f.terms.map((t) => [local[t.stem], t.start + p.span.start, t.end + p.span.start]),
            terms,
          );
          assert.deepEqual(new Set(row.stems), new Set(terms.map((t) => t[0])));
          const negs = Array.from(snap.neg.subarray(snap.nOff[pid], snap.nOff[pid + 1]));
          assert.deepEqual(f.negations.flatMap((n) => [n.start + p.span.start, n.end + p.span.start]), negs);
          assert.equal(f.quantities.length, snap.qOff[pid + 1] - snap.qOff[pid]);
          compared++;
        }
      }
      assert.equal(compared, corpus.passageCount);
      assert.ok(await dfConsistent(c), 'stored document frequencies equal the counts over the passages');
    });
  });

  it('skips unchanged files, replaces a changed one, and removes on request, keeping frequencies exact', async () => {
    const dir = tempDir('corroborate-archive-inc-');
    for (const f of readdirSync(seeds)) copyFileSync(join(seeds, f), join(dir, f));
    const inc = await freshDatabase();
    try {
      await cli('archive', 'init', '--db', inc.url);
      assert.match((await cli('archive', 'add', '--db', inc.url, dir)).out, /^5 added, 0 replaced, 0 unchanged/);
      assert.match((await cli('archive', 'add', '--db', inc.url, dir)).out, /^0 added, 0 replaced, 5 unchanged \(0 passages\)/);
      const changed = join(dir, 'verifiable-pause.txt');
      writeFileSync(changed, readFileSync(changed, 'utf8') + '\n\nA regional council approved a harbor levy of 4 percent on Tuesday.\n');
      assert.match((await cli('archive', 'add', '--db', inc.url, dir)).out, /^0 added, 1 replaced, 4 unchanged/);
      // The incremental archive equals a clean load of the folder as it now is.
      const clean = await freshDatabase();
      try {
        await cli('archive', 'init', '--db', clean.url);
        await cli('archive', 'add', '--db', clean.url, dir);
        const [a, b] = [await withClient(inc.url, fingerprint), await withClient(clean.url, fingerprint)];
        assert.deepEqual(a, b);
      } finally {
        await clean.drop();
      }
      const removed = await cli('archive', 'remove', '--db', inc.url, changed);
      assert.match(removed.out, /^1 article removed/);
      await withClient(inc.url, async (c) => {
        assert.deepEqual((await c.query('SELECT count(*)::int AS n FROM corroborate_passages WHERE text LIKE $1', ['%harbor levy%'])).rows[0].n, 0);
        assert.ok(await dfConsistent(c));
        const stats = (await c.query('SELECT articles::int, passages::int FROM corroborate_stats')).rows[0];
        const counted = (await c.query('SELECT (SELECT count(*)::int FROM corroborate_articles) AS articles, (SELECT count(*)::int FROM corroborate_passages) AS passages')).rows[0];
        assert.deepEqual(stats, counted);
        assert.equal(stats.articles, 4);
      });
      assert.match((await cli('archive', 'remove', '--db', inc.url, dir)).out, /^4 articles removed/);
    } finally {
      await inc.drop();
    }
  });

  it('puts a copy of a source in its group across load batches, as the in-memory index does', async () => {
    const dir = tempDir('corroborate-archive-dup-');
    for (const f of readdirSync(seeds)) if (f !== MANIFEST_FILE) copyFileSync(join(seeds, f), join(dir, f));
    copyFileSync(join(seeds, 'gogoai.txt'), join(dir, 'zz-syndicated-copy.txt'));
    const g = await freshDatabase();
    try {
      await cli('archive', 'init', '--db', g.url);
      await cli('archive', 'add', '--db', g.url, dir, '--batch', '2');
      const corpus = await memoryCorpus(dir);
      const partition = (pairs: [string, string | number][]) => {
        const by = new Map<string | number, string[]>();
        for (const [path, grp] of pairs) by.set(grp, [...(by.get(grp) ?? []), path]);
        return [...by.values()].map((x) => x.sort().join(',')).sort();
      };
      const stored = await withClient(g.url, async (c) => (await c.query('SELECT path, grp FROM corroborate_articles')).rows.map((r) => [r.path, r.grp] as [string, string]));
      const expected = partition(corpus.sources.map((s) => [s.path, s.group]));
      assert.ok(expected.includes('gogoai.txt,zz-syndicated-copy.txt'), 'the in-memory index groups the copy');
      assert.deepEqual(partition(stored), expected);
      const keys = await withClient(g.url, async (c) => (await c.query('SELECT key FROM corroborate_articles ORDER BY path')).rows.map((r) => r.key));
      assert.deepEqual(keys, corpus.sources.map((s) => s.key));
    } finally {
      await g.drop();
    }
  });

  // Across batches the answer can differ: articles grouped while their shared sentences had 50 holders or fewer stay
  // grouped when later batches make those sentences boilerplate (the archive does not regroup; known, README).
  it('leaves sentences more than 50 articles hold out of duplicate groups, as the in-memory index does (one batch)', async () => {
    const dir = tempDir('corroborate-archive-boilerplate-');
    const boilerplate = [1, 2, 3, 4, 5].map((k) => `Northport Wire Service notice number ${k}: this story may not be republished without permission.`).join(' ');
    // 52 articles sharing five sentences of six: copies of one another but for the boilerplate rule.
    for (let i = 1; i <= 52; i++) writeFileSync(join(dir, `w${String(i).padStart(2, '0')}.txt`), `Wire story ${i}\n\n${boilerplate} The harbor levy rose by ${i} percent in district ${i} on Tuesday.\n`);
    // And two real copies, which share sentences no other article holds.
    const story = 'The Castel council approved a bridge toll of 12 percent on Monday. The mayor said the toll would fund repairs to the old river crossing.';
    writeFileSync(join(dir, 'c1.txt'), `Bridge toll\n\n${story}\n`);
    writeFileSync(join(dir, 'c2.txt'), `Bridge toll approved\n\n${story}\n`);
    const g = await freshDatabase();
    try {
      await cli('archive', 'init', '--db', g.url);
      await cli('archive', 'add', '--db', g.url, dir);
      const corpus = await memoryCorpus(dir);
      const partition = (pairs: [string, string | number][]) => {
        const by = new Map<string | number, string[]>();
        for (const [path, grp] of pairs) by.set(grp, [...(by.get(grp) ?? []), path]);
        return [...by.values()].map((x) => x.sort().join(',')).sort();
      };
      const expected = partition(corpus.sources.map((s) => [s.path, s.group]));
      assert.ok(expected.includes('c1.txt,c2.txt'), 'the in-memory index groups the copies');
      assert.equal(expected.length, 53, 'and none of the wire stories');
      const stored = await withClient(g.url, async (c) => (await c.query('SELECT path, grp FROM corroborate_articles')).rows.map((r) => [r.path, r.grp] as [string, string]));
      assert.deepEqual(partition(stored), expected);
    } finally {
      await g.drop();
    }
  });

  it('counts a sentence\'s holders across the stored articles and the batch: up to 50 join a group, the 51st is boilerplate', async () => {
    const dir = tempDir('corroborate-archive-boilerplate-batches-');
    const boilerplate = [1, 2, 3, 4, 5].map((k) => `Northport Wire Service notice number ${k}: this story may not be republished without permission.`).join(' ');
    const write = (i: number) => writeFileSync(join(dir, `w${String(i).padStart(2, '0')}.txt`), `Wire story ${i}\n\n${boilerplate} The harbor levy rose by ${i} percent in district ${i} on Tuesday.\n`);
    const g = await freshDatabase();
    const groups = () =>
      withClient(g.url, async (c) => (await c.query<{ paths: string }>("SELECT string_agg(path, ',' ORDER BY path) AS paths FROM corroborate_articles GROUP BY grp ORDER BY 1")).rows.map((r) => r.paths));
    const wires = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, k) => `w${String(from + k).padStart(2, '0')}.txt`).join(',');
    try {
      await cli('archive', 'init', '--db', g.url);
      for (let i = 1; i <= 44; i++) write(i);
      await cli('archive', 'add', '--db', g.url, dir);
      assert.deepEqual(await groups(), [wires(1, 44)]);
      // 44 stored holders and 6 in the batch: 50, not boilerplate; the batch joins the stored group.
      for (let i = 45; i <= 50; i++) write(i);
      assert.match((await cli('archive', 'add', '--db', g.url, dir)).out, /^6 added/);
      assert.deepEqual(await groups(), [wires(1, 50)]);
      // The 51st holder: boilerplate now, the new article joins nothing (the stored group stays).
      write(51);
      assert.match((await cli('archive', 'add', '--db', g.url, dir)).out, /^1 added/);
      assert.deepEqual(await groups(), [wires(1, 50), 'w51.txt']);
    } finally {
      await g.drop();
    }
  });

  it('gives a key many articles ask for the first free suffix across batches, after a removal, and without the hints table', async () => {
    const dir = tempDir('corroborate-archive-keys-');
    const title = 'Harbor council approves levy';
    const write = (file: string, n: number) => writeFileSync(join(dir, file), `${title}\n\nThe harbor council approved a levy of ${n} percent on day ${n} of the session in Northport.\n`);
    for (let i = 1; i <= 6; i++) write(`a${i}.txt`, i);
    const g = await freshDatabase();
    const keys = () => withClient(g.url, async (c) => new Map((await c.query<{ path: string; key: string }>('SELECT path, key FROM corroborate_articles')).rows.map((r) => [r.path, r.key])));
    try {
      await cli('archive', 'init', '--db', g.url);
      await cli('archive', 'add', '--db', g.url, dir, '--batch', '2');
      const corpus = await memoryCorpus(dir);
      assert.deepEqual(await keys(), new Map(corpus.sources.map((s) => [s.path, s.key])), 'the in-memory index\'s keys');
      const base = corpus.sources.find((s) => s.path === 'a1.txt')!.key;
      assert.equal(corpus.sources.find((s) => s.path === 'a6.txt')!.key, `${base}-6`);
      // A removed article's suffix is the first free one again.
      await cli('archive', 'remove', '--db', g.url, join(dir, 'a3.txt'));
      rmSync(join(dir, 'a3.txt'));
      write('b1.txt', 7);
      write('b2.txt', 8);
      await cli('archive', 'add', '--db', g.url, dir, '--batch', '1');
      let held = await keys();
      assert.equal(held.get('b1.txt'), `${base}-3`);
      assert.equal(held.get('b2.txt'), `${base}-7`);
      assert.equal(held.get('a6.txt'), `${base}-6`);
      // An archive of schema version 2 loaded before the hints: the upgrade makes the table again, every article is
      // analysed again (its analysis unknown) and keeps its key, and the new one's key comes out the same.
      await withClient(g.url, async (c) => {
        await c.query('DROP TABLE corroborate_keys');
        await c.query('DROP INDEX corroborate_articles_analysis');
        await c.query('ALTER TABLE corroborate_articles DROP COLUMN analysis');
        await c.query("UPDATE corroborate_meta SET value = '2' WHERE name = 'schema_version'");
      });
      write('b3.txt', 9);
      await cli('archive', 'add', '--db', g.url, dir);
      held = await keys();
      assert.equal(held.get('b3.txt'), `${base}-8`);
      assert.equal(new Set(held.values()).size, held.size, 'keys are unique');
      await withClient(g.url, async (c) => assert.deepEqual((await c.query('SELECT next FROM corroborate_keys WHERE base = $1', [base])).rows, [{ next: 9 }]));
      // A hint left behind (by a writer that did not keep it) costs more lookups, never a held key.
      await withClient(g.url, (c) => c.query('UPDATE corroborate_keys SET next = 2 WHERE base = $1', [base]));
      write('b4.txt', 10);
      await cli('archive', 'add', '--db', g.url, dir);
      assert.equal((await keys()).get('b4.txt'), `${base}-9`);
      await withClient(g.url, async (c) => assert.deepEqual((await c.query('SELECT next FROM corroborate_keys WHERE base = $1', [base])).rows, [{ next: 10 }]));
    } finally {
      await g.drop();
    }
  });

  it('stores hostile keys, titles, paths and texts verbatim: every value is a parameter or COPY data', async () => {
    const dir = tempDir('corroborate-archive-hostile-');
    const title = `Robert'); DROP TABLE corroborate_articles; --`;
    const text = `The council's "levy" passed\t4 to 3 \\N on Monday; DROP TABLE corroborate_passages; --. Backslash \\. and braces {"a","b"} stayed in it. A third sentence says $1 and '' and \\x41 twice.\n`;
    const file = `o'brien; DELETE FROM corroborate_stems;--.md`;
    writeFileSync(join(dir, file), text);
    const key = `x%_$1&?<>~/:.#+-y`;
    writeFileSync(join(dir, MANIFEST_FILE), JSON.stringify({ sources: [{ file, key, title }] }));
    const h = await freshDatabase();
    try {
      await cli('archive', 'init', '--db', h.url);
      const r = await cli('archive', 'add', '--db', h.url, dir);
      assert.equal(r.code, 0, r.err);
      await withClient(h.url, async (c) => {
        const a = (await c.query('SELECT path, key, title FROM corroborate_articles')).rows;
        assert.deepEqual(a, [{ path: file, key, title }]);
        const corpus = await memoryCorpus(dir);
        const passages = (await c.query('SELECT p.text FROM corroborate_passages p ORDER BY ord')).rows.map((x) => x.text);
        assert.deepEqual(passages, corpus.sources[0].passages.map((p) => p.text));
        assert.ok(passages.join(' ').includes('\t4 to 3 \\N'), 'tab and backslash-N kept');
        assert.ok(await dfConsistent(c));
      });
      assert.match((await cli('archive', 'remove', '--db', h.url, join(dir, file))).out, /^1 article removed/);
    } finally {
      await h.drop();
    }
  });

  it('a load killed with SIGKILL keeps its committed batches, and the next run makes it equal a clean load', async function () {
    const dir = tempDir('corroborate-archive-kill-');
    const generated = generateCorpus(240, 11, 120);
    for (const f of generated.files) writeFileSync(join(dir, f.path), f.text);
    const k = await freshDatabase();
    const clean = await freshDatabase();
    try {
      await cli('archive', 'init', '--db', k.url);
      const child = spawn(process.execPath, [join(repo, 'bin', 'corroborate.js'), 'archive', 'add', '--db', k.url, dir, '--batch', '1'], { stdio: 'ignore' });
      const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
      let atKill = -1;
      await withClient(k.url, async (c) => {
        const deadline = Date.now() + 90_000;
        while (Date.now() < deadline) {
          const n = Number((await c.query('SELECT articles FROM corroborate_stats')).rows[0].articles);
          if (n >= 5) {
            child.kill('SIGKILL');
            atKill = n;
            break;
          }
          await new Promise((r) => setImmediate(r));
        }
      });
      assert.equal(await exited, null, 'the loader was killed, not finished');
      assert.ok(atKill >= 5 && atKill < generated.files.length, `killed half-way (${atKill} of ${generated.files.length} committed)`);
      const kept = await withClient(k.url, fingerprint);
      assert.ok(kept.articles >= atKill && kept.articles < generated.files.length);
      const resumed = await cli('archive', 'add', '--db', k.url, dir);
      assert.match(resumed.out, new RegExp(`^${generated.files.length - kept.articles} added, 0 replaced, ${kept.articles} unchanged`));
      await cli('archive', 'init', '--db', clean.url);
      await cli('archive', 'add', '--db', clean.url, dir);
      const [a, b] = [await withClient(k.url, fingerprint), await withClient(clean.url, fingerprint)];
      assert.equal(a.articles, generated.files.length);
      assert.deepEqual(a, b);
    } finally {
      await k.drop();
      await clean.drop();
    }
  });
});

describe('the archive command line', () => {
  it('says in one line that a database that is down cannot be reached, hides the password, and exits 2', async () => {
    const r = await cli('archive', 'status', '--db', 'postgres://writer:s3cret@127.0.0.1:9/news');
    assert.equal(r.code, 2);
    assert.equal(r.err.trim().split('\n').length, 1);
    assert.match(r.err, /^corroborate: cannot reach the archive at postgres:\/\/writer:\*\*\*@127\.0\.0\.1:9\/news: connection refused/);
    assert.ok(!r.err.includes('s3cret'));
  });

  it('rejects what is not a postgres URL, a missing --db, missing folders and unknown commands', async () => {
    assert.match((await cli('archive', 'status', '--db', 'mysql://x')).err, /--db takes a postgres:\/\/ URL/);
    assert.match((await cli('archive', 'add', 'somewhere')).err, /archive add needs --db URL/);
    assert.match((await cli('archive', 'add', '--db', 'postgres://x@127.0.0.1:9/y')).err, /archive add needs at least one DIR/);
    assert.match((await cli('archive', 'frobnicate', '--db', 'postgres://x@127.0.0.1:9/y')).err, /unknown archive command "frobnicate"/);
    assert.match((await cli('archive', 'add', '--db', 'postgres://x@127.0.0.1:9/y', 'a', '--batch', '0')).err, /--batch must be a whole number/);
    for (const argv of [['archive', 'status', '--db', 'mysql://x'], ['archive', 'add', 'somewhere']]) assert.equal((await cli(...argv)).code, 2);
  });

  it('check --db: a database that is down is one line and exit 2, with the password hidden, with or without --sources', async () => {
    const draft = join(resolve(__dirname, '..', '..'), 'examples', 'ai-pause-draft.md');
    for (const extra of [[], ['--sources', join(resolve(__dirname, '..', '..'), 'seeds')]]) {
      const r = await cli('check', draft, '--db', 'postgres://writer:s3cret@127.0.0.1:9/news', ...extra);
      assert.equal(r.code, 2);
      assert.equal(r.out, '');
      assert.equal(r.err.trim().split('\n').length, 1, r.err);
      assert.match(r.err, /^corroborate: cannot reach the archive at postgres:\/\/writer:\*\*\*@127\.0\.0\.1:9\/news: connection refused/);
      assert.ok(!r.err.includes('s3cret'));
    }
  });

  it('check --db on a database without an archive says what to run, and exits 2', async () => {
    const db = await freshDatabase();
    try {
      const r = await cli('check', join(resolve(__dirname, '..', '..'), 'examples', 'ai-pause-draft.md'), '--db', db.url);
      assert.equal(r.code, 2);
      assert.match(r.err, /^corroborate: the database holds no archive yet \(run "corroborate archive init --db URL"\)\n$/);
    } finally {
      await db.drop();
    }
  });

  it('lists the archive commands in the main usage', async () => {
    const r = await cli('--help');
    assert.match(r.out, /corroborate archive add --db URL DIR\.\.\./);
  });
});
