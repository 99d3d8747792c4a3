import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeCache } from '../../src/core';
import { runCli as run } from '../fixtures/runCli';
import { nativeDigest, userCacheDir } from '../../src/node/indexCache';
import { buildIndexParallel, splitShares } from '../../src/node/parallelIndex';
import { loadSourceFolder, nativeHash } from '../../src/node/loadSources';
import { generateCorpus } from '../../bench/corpus';
import { testCorpus, wrap, writeHarborSources } from './helpers';
import { removeTempDir, tempDir } from './tempDir';

describe('the command line index cache', () => {
  const dir = tempDir('corroborate-cli-cache-');
  after(() => removeTempDir(dir));
  const sources = writeHarborSources(dir);
  const draft = join(dir, 'draft.md');
  writeFileSync(draft, '# Draft\n\nThe council approved a 12-month moratorium on harbor construction.\n\nCritics warned the delay could cost 900 jobs.\n\nThe harbor bridge will cost 9 million dollars.\n');
  let n = 0;
  /** A new, empty cache folder for one test. */
  const freshCache = () => join(dir, `cache-${n++}`);
  /** The one index snapshot in a cache folder (beside it at most its result cache; no temporary files left). */
  const only = (cache: string) => {
    const names = readdirSync(cache);
    const index = names.filter((n) => n.endsWith('.bin'));
    assert.equal(index.length, 1, `one index file: ${names.join(', ')}`);
    assert.deepEqual(names.filter((n) => n !== index[0] && n !== index[0].replace(/\.bin$/, '.results.json')), [], 'nothing else');
    return join(cache, index[0]);
  };
  const check = (cache: string, ...more: string[]) => run('check', draft, '--sources', sources, '--format', 'json', '--fail-on', 'never', '--cache-location', cache, ...more);

  it('gives a warm run the cold run’s report, from the snapshot without re-indexing', async () => {
    const cache = freshCache();
    const cold = await check(cache);
    assert.equal(cold.code, 0, cold.err);
    assert.equal(cold.err, '');
    const file = only(cache);
    const snapshot = decodeCache(readFileSync(file), nativeDigest);
    assert.deepEqual(snapshot?.sources.map((s) => s.path), ['a.txt', 'b.txt']);
    const before = statSync(file);
    const warm = await check(cache);
    assert.equal(warm.err, '');
    assert.deepEqual(JSON.parse(warm.out), JSON.parse(cold.out));
    // Adopted whole: nothing new to store, so the file was not replaced.
    const after = statSync(file);
    assert.equal(after.ino, before.ino);
    assert.equal(after.mtimeMs, before.mtimeMs);
    // The text report is the same too (but for the time it took).
    const text = async () => (await run('check', draft, '--sources', sources, '--fail-on', 'never', '--cache-location', cache)).out.replace(/in \d+ ms/, '');
    assert.equal(await text(), (await run('check', draft, '--sources', sources, '--fail-on', 'never', '--no-cache')).out.replace(/in \d+ ms/, ''));
  });

  it('reports a damaged cache file in one line, does not use it, and rebuilds it', async () => {
    const cache = freshCache();
    const cold = await check(cache);
    const file = only(cache);
    for (const damage of [
      (b: Buffer) => (b[b.length - 5] ^= 0xff), // a flipped byte in the arrays
      (b: Buffer) => {
        const at = b.indexOf('"stems":["') + 10; // a changed letter in the header's first stem: still valid JSON
        b[at] = b[at] === 0x61 ? 0x62 : 0x61;
      },
    ]) {
      const bytes = readFileSync(file);
      damage(bytes);
      writeFileSync(file, bytes);
      const r = await check(cache);
      assert.equal(r.code, 0, r.err);
      assert.deepEqual(JSON.parse(r.out), JSON.parse(cold.out));
      const lines = r.err.split('\n').filter(Boolean);
      assert.equal(lines.length, 1, r.err);
      assert.match(lines[0], /^corroborate: the index cache .*index-[0-9a-f]+\.bin is damaged or from another version; re-indexing/);
      assert.ok(decodeCache(readFileSync(only(cache)), nativeDigest), 'rebuilt');
      assert.equal((await check(cache)).err, '', 'the rebuilt file is used quietly');
    }
    // Truncated, or not a snapshot at all.
    for (const bytes of [readFileSync(file).subarray(0, 100), Buffer.from('not an index')]) {
      writeFileSync(file, bytes);
      const r = await check(cache);
      assert.match(r.err, /damaged or from another version/);
      assert.deepEqual(JSON.parse(r.out), JSON.parse(cold.out));
    }
  });

  it('hashes each source file as it reads it, as the index would hash its text (with a byte-order mark too)', async () => {
    const folder = join(dir, 'hashed');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'plain.txt'), 'Ferry fares rose by 12 percent in March — a record.\n');
    writeFileSync(join(folder, 'bom.txt'), '\ufeffThe harbor reopened in June.\n');
    writeFileSync(join(folder, 'page.html'), '<html><body><p>The sea wall is strong, engineers said.</p></body></html>');
    const loaded = await loadSourceFolder(folder);
    assert.equal(loaded.files.length, 3);
    for (const f of loaded.files) assert.equal(f.hash, nativeHash(f.text), f.path);
    assert.ok(!loaded.files.find((f) => f.path === 'bom.txt')!.text.startsWith('\ufeff'));
  });

  it('re-indexes a source file that changed, and stores the new snapshot', async () => {
    const cache = freshCache();
    const folder = join(dir, 'changing');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.txt'), 'The council approved a 12-month moratorium on harbor construction.');
    writeFileSync(join(folder, 'b.txt'), 'The harbor bridge will cost 4 million dollars.');
    const checkIt = () => run('check', draft, '--sources', folder, '--format', 'json', '--fail-on', 'never', '--cache-location', cache);
    const statusOf = (out: string, start: string) => JSON.parse(out).files[0].sentences.find((s: { text: string }) => s.text.startsWith(start));
    const first = await checkIt();
    assert.equal(statusOf(first.out, 'The harbor bridge').status, 'contradicted');
    const before = statSync(only(cache)).ino;
    writeFileSync(join(folder, 'b.txt'), 'The harbor bridge will cost 9 million dollars.');
    const second = await checkIt();
    assert.equal(second.err, '');
    assert.equal(statusOf(second.out, 'The harbor bridge').status, 'single-source');
    assert.deepEqual(JSON.parse(second.out), JSON.parse((await run('check', draft, '--sources', folder, '--format', 'json', '--fail-on', 'never', '--no-cache')).out));
    const file = only(cache);
    assert.notEqual(statSync(file).ino, before, 'replaced');
    const snapshot = decodeCache(readFileSync(file), nativeDigest)!;
    assert.equal(snapshot.sources.find((s) => s.path === 'b.txt')?.hash, nativeHash(readFileSync(join(folder, 'b.txt'), 'utf8')));
  });

  it('does not adopt a snapshot made under another manifest (titles change what sources are about)', async () => {
    const cache = freshCache();
    const folder = join(dir, 'titled');
    mkdirSync(folder);
    writeFileSync(join(folder, 'a.txt'), 'The council approved a 12-month moratorium on harbor construction.');
    const list = async () => (await run('sources', '--sources', folder, '--cache-location', cache)).out;
    assert.match(await list(), /\ta\.txt\t/);
    const before = statSync(only(cache)).ino;
    writeFileSync(join(folder, 'corroborate.json'), JSON.stringify({ sources: [{ file: 'a.txt', key: 'harbor', title: 'Harbor Halt' }] }));
    assert.match(await list(), /^harbor\ta\.txt\tHarbor Halt/m);
    assert.notEqual(statSync(only(cache)).ino, before);
  });

  it('writes nothing with --no-cache, and keeps the default cache in the user cache folder, not the project', async () => {
    const cache = freshCache();
    mkdirSync(cache);
    const projectBefore = readdirSync(dir).sort();
    const userDir = userCacheDir();
    const userBefore = existsSync(userDir) ? readdirSync(userDir).sort() : [];
    const r = await run('check', draft, '--sources', sources, '--fail-on', 'never', '--no-cache');
    assert.equal(r.code, 0, r.err);
    await run('check', draft, '--sources', sources, '--fail-on', 'never', '--cache-location', cache, '--no-cache');
    assert.deepEqual(readdirSync(cache), []);
    assert.deepEqual(existsSync(userDir) ? readdirSync(userDir).sort() : [], userBefore);
    // Without either flag: the user cache folder (the tests point XDG_CACHE_HOME at a temporary folder).
    assert.ok(process.env.XDG_CACHE_HOME && userDir.startsWith(process.env.XDG_CACHE_HOME));
    await run('check', draft, '--sources', sources, '--fail-on', 'never');
    assert.equal(readdirSync(userDir).filter((f) => !userBefore.includes(f) && f.endsWith('.bin')).length, 1);
    assert.deepEqual(readdirSync(dir).sort(), projectBefore);
    assert.deepEqual(readdirSync(sources).sort(), ['a.txt', 'b.txt']);
  });

  it('names the user cache folder after XDG_CACHE_HOME, else the platform’s convention', () => {
    assert.equal(userCacheDir({ XDG_CACHE_HOME: '/x/cache' }, 'linux', '/home/u'), join('/x/cache', 'corroborate'));
    assert.equal(userCacheDir({ XDG_CACHE_HOME: 'relative' }, 'linux', '/home/u'), join('/home/u', '.cache', 'corroborate'));
    assert.equal(userCacheDir({}, 'darwin', '/Users/u'), join('/Users/u', 'Library', 'Caches', 'corroborate'));
    assert.equal(userCacheDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u'), join('C:\\Users\\u\\AppData\\Local', 'corroborate', 'Cache'));
  });

  it('gives worker threads only the files a snapshot does not hold, and builds the index one thread builds', async () => {
    const workerPath = join(__dirname, '..', '..', 'dist', 'indexWorker.js');
    const { files } = generateCorpus(700, 13);
    const old = await buildIndexParallel(files.slice(0, 350), [], { threads: 1 });
    const cache = old.toCache();
    const many = await buildIndexParallel(files, [], { threads: 2, workerPath, cache });
    assert.equal(many.adopted, false);
    // 350 from the snapshot; of the 350 new files the worker's share (the larger: this thread also takes it in) came
    // as its snapshot.
    const [own, worker] = splitShares(350, 2);
    assert.ok(worker > own && own > 0, `${own} / ${worker}`);
    assert.equal(many.reused, 350 + worker);
    const one = testCorpus(files, [], { hash: nativeHash });
    assert.deepEqual(many.sources.map((s) => [s.key, s.passages.length]), one.sources.map((s) => [s.key, s.passages.length]));
    const sentence = files[600].text.split('\n')[2];
    const summary = (c: typeof one) => c.check(sentence).sentences.map((s) => [s.status, s.support.map((r) => [r.source.path, r.score])]);
    assert.deepEqual(summary(wrap(many, [])), summary(one));
    const whole = await buildIndexParallel(files, [], { threads: 2, workerPath, cache: many.toCache() });
    assert.equal(whole.adopted, true);
  });
});
