import { strict as assert } from 'node:assert';
import { contentHash, decodeCache, encodeCache, type SourceFile } from '../../src/core';
import { adopted, testCorpus } from './helpers';

const files: SourceFile[] = [
  { path: 'a.txt', text: 'The council approved a 12-month moratorium on harbor construction. Critics warned it could cost 400 jobs.\nThe sea wall is not as strong as expected.' },
  { path: 'b.md', text: '---\ntitle: Harbor halt\n---\n# Harbor halt\n\nThe Harbor Council approved a one-year moratorium on harbor construction.' },
];
const draft = 'The council approved a twelve-month moratorium on harbor construction.\n\nCritics warned it could cost 900 jobs.\n\nThe sea wall is strong.';
const summary = (c: ReturnType<typeof testCorpus>) =>
  c.check(draft).sentences.map((s) => ({ status: s.status, support: s.support.map((r) => [r.source.key, r.passage.text, r.score]), contra: s.contradictions.map((r) => r.reason) }));

describe('the index cache', () => {
  it('rebuilds an identical index from its binary form, without re-analysing unchanged files', () => {
    const fresh = testCorpus(files);
    // As read from disk: a Node Buffer, which may be a view into a larger pool.
    const bytes = Buffer.concat([Buffer.from('padding'), Buffer.from(encodeCache(fresh.toCache()))]).subarray(7);
    const cache = decodeCache(bytes);
    assert.ok(cache);
    const warm = testCorpus(files, [], { cache });
    assert.equal(warm.index.reused, 2);
    assert.deepEqual(summary(warm), summary(fresh));
    assert.deepEqual(warm.sources.map((s) => [s.key, s.title, s.passages.length]), fresh.sources.map((s) => [s.key, s.title, s.passages.length]));
  });

  it('adopts a snapshot whole when no file changed, and declines when one did', () => {
    const fresh = testCorpus(files);
    const cache = decodeCache(encodeCache(fresh.toCache()))!;
    const whole = adopted(files, cache);
    assert.ok(whole);
    assert.deepEqual(summary(whole), summary(fresh));
    assert.deepEqual(whole.rankSources('harbor moratorium').map((r) => r.source.path), fresh.rankSources('harbor moratorium').map((r) => r.source.path));
    assert.equal(adopted([files[0], { ...files[1], text: files[1].text + ' More.' }], cache), undefined);
    assert.equal(adopted([files[0]], cache), undefined);
    // A file that is not a source (binary) stays out, with its message, and does not stop adoption.
    const withBad = [...files, { path: 'bin.txt', text: 'a\u0000b' }];
    const again = adopted(withBad, decodeCache(encodeCache(testCorpus(withBad).toCache()))!);
    assert.ok(again);
    assert.match(again.problems[0].message, /bin\.txt: looks like a binary file/);
  });

  it('re-analyses a file whose content changed', () => {
    const cache = decodeCache(encodeCache(testCorpus(files).toCache()));
    const changed = [files[0], { ...files[1], text: files[1].text + ' It will cost 900 jobs.' }];
    const warm = testCorpus(changed, [], { cache });
    assert.equal(warm.index.reused, 1);
    const best = warm.rankSources('It will cost 900 jobs.')[0];
    assert.equal(best.source.path, 'b.md');
    assert.equal(best.passage.text, 'It will cost 900 jobs.');
  });

  it('ignores a damaged or foreign cache', () => {
    assert.equal(decodeCache(new Uint8Array([1, 2, 3])), undefined);
    const bytes = encodeCache(testCorpus(files).toCache());
    assert.equal(decodeCache(bytes.slice(0, bytes.length - 8)), undefined);
  });

  it('hashes content stably and distinguishes small changes', () => {
    assert.equal(contentHash('abc'), contentHash('abc'));
    assert.notEqual(contentHash('abc'), contentHash('abd'));
  });
});
