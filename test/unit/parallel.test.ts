import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { testCorpus, wrap } from './helpers';
import { nativeHash } from '../../src/node/loadSources';
import { buildIndexParallel, indexSourcesParallel, splitShares } from '../../src/node/parallelIndex';
import { generateCorpus } from '../../bench/corpus';

describe('parallel indexing', () => {
  const workerPath = join(__dirname, '..', '..', 'dist', 'indexWorker.js');
  before(function () {
    // The worker runs as a bundle (npm ci builds it); build it if this checkout has not yet.
    if (!existsSync(workerPath)) execFileSync(process.execPath, [join(__dirname, '..', '..', 'esbuild.mjs')]);
  });

  it('builds, with worker threads, the same corpus one thread builds', async () => {
    const { files } = generateCorpus(400, 11);
    const one = testCorpus(files, [], { hash: nativeHash });
    const many = await buildIndexParallel(files, [], { threads: 3, workerPath });
    assert.equal(many.reused, files.length - splitShares(files.length, 3)[0]); // the workers' shares came as snapshots
    assert.deepEqual(many.sources.map((s) => [s.key, s.passages.length]), one.sources.map((s) => [s.key, s.passages.length]));
    const draft = generateCorpus(400, 11).files[200].text.split('\n').slice(2, 3).join('');
    const summary = (c: typeof one) => c.check(draft).sentences.map((s) => [s.status, s.support.map((r) => [r.source.path, r.score]), s.contradictions.map((r) => r.reason)]);
    assert.deepEqual(summary(wrap(many, [])), summary(one));
  });

  it('splits the files so the calling thread, which also takes in the workers\' parts, analyses fewer', () => {
    for (const [n, threads] of [[300, 2], [10_000, 2], [401, 3], [1000, 4]]) {
      const sizes = splitShares(n, threads);
      assert.equal(sizes.reduce((a, b) => a + b, 0), n);
      assert.equal(sizes.length, threads);
      assert.ok(sizes[0] < sizes[1], `${sizes}`);
    }
    assert.deepEqual(splitShares(300, 2), [100, 200]);
  });

  it('leaves the share of a worker that fails to the calling thread', async () => {
    const { files } = generateCorpus(320, 12);
    const c = await buildIndexParallel(files, [], { threads: 2, workerPath: join(__dirname, 'no-such-worker.js') });
    assert.equal(c.sources.length, 320);
    assert.equal(c.reused, 0);
  });

  it('runs as a build loop that yields before each file, and gives the index the one-thread build gives', async () => {
    const { files } = generateCorpus(360, 14);
    const it = indexSourcesParallel(files, [], { threads: 2, workerPath });
    let yields = 0;
    let step = await it.next();
    while (!step.done) {
      assert.equal(step.value.done, yields++);
      assert.equal(step.value.total, 360);
      step = await it.next();
    }
    assert.equal(yields, 360);
    assert.equal(step.value.reused, 240); // the worker's share: two thirds, the calling thread also takes it in
    const one = testCorpus(files, [], { hash: nativeHash });
    assert.deepEqual(step.value.sources.map((s) => [s.key, s.passages.length]), one.sources.map((s) => [s.key, s.passages.length]));
    // Abandoned after the first file: it ends there (and stops its worker).
    const early = indexSourcesParallel(files, [], { threads: 2, workerPath });
    const first = await early.next();
    assert.equal(first.done, false);
    assert.deepEqual(await early.return(one.index), { done: true, value: one.index });
    assert.deepEqual(await early.next(), { done: true, value: undefined });
  });
});
