import { strict as assert } from 'node:assert';
import {
  buildIndex,
  contentHash,
  decodeCache,
  encodeCache,
  findingsFor,
  jsonSources,
  renderSentenceCard,
  type SourceFile,
} from '../../src/core';
import { SnapshotSource } from '../../src/core/retrieval/snapshotSource';
import { adopted, testCorpus, type TestCorpus } from './helpers';

// Every kind of file adoption must reproduce: plain text, Markdown with front matter (and a key another source
// already has), HTML with its own title, a manifest's metadata, and a file that is not a source.
const files: SourceFile[] = [
  {
    path: 'a.txt',
    text: 'The council approved a 12-month moratorium on harbor construction. Critics warned it could cost 400 jobs.\nThe sea wall is not as strong as expected.',
  },
  {
    path: 'b.md',
    text: '---\ntitle: Harbor halt\nkey: harbor\n---\n# Harbor halt\n\nThe Harbor Council approved a one-year moratorium on harbor construction.\n\nThe vote was 7 to 2 on Tuesday.',
  },
  {
    path: 'c.md',
    text: '---\nkey: harbor\nauthor: Ana Ruiz\n---\nThe moratorium will cost the port 900 jobs, the union said.\n\nConstruction resumes in 2027.',
  },
  {
    path: 'd.html',
    text: '<html><head><title>Port &amp; city</title></head><body><p>The sea wall is strong, engineers said.</p><p>The council met on Tuesday.</p></body></html>',
  },
  { path: 'e.txt', text: 'Ferry fares rose by 12 percent in March. The harbor reopened in June.' },
  { path: 'bin.txt', text: 'a\u0000b' },
];
const manifests = [
  {
    text: JSON.stringify({
      sources: [{ file: 'e.txt', outlet: 'Tide Gazette', date: '2026-03-04', title: 'Fares up' }],
    }),
  },
];
const draft = [
  'The council approved a twelve-month moratorium on harbor construction.',
  'Critics warned it could cost 900 jobs.',
  'The sea wall is strong.',
  'The vote was 7 to 2 on Tuesday [@harbor].',
  'Ferry fares rose by 20 percent in March.',
].join('\n\n');

/** Everything a user sees of a check: statuses, findings, hover cards, the sources list, and the problems. */
function report(c: TestCorpus) {
  const result = c.check(draft);
  return {
    sentences: result.sentences.map((s) => ({
      status: s.status,
      findings: findingsFor(s).map((f) => [f.code, f.message, f.span.start, f.span.end]),
      card: renderSentenceCard(s, c.index.stats.groups, (source, passage) => `open:${source.path}:${passage.span.start}`),
      support: s.support.map((r) => [r.source.key, r.passage.index, r.passage.text, r.score]),
      contra: s.contradictions.map((r) => [r.source.key, r.passage.text, r.reason]),
    })),
    sources: jsonSources(c.index),
    problems: c.problems.map((p) => p.message),
  };
}

describe('adopting an index snapshot lazily', () => {
  const eager = testCorpus(files, manifests);
  const snapshot = () => decodeCache(encodeCache(eager.toCache()))!;

  it('parses no source at adoption, and only the sources a check reads', () => {
    const lazy = testCorpus(files, manifests, { cache: snapshot() });
    assert.equal(lazy.index.adopted, true);
    assert.ok(lazy.sources.every((s) => s instanceof SnapshotSource && !s.isParsed));
    // Metadata is there without parsing: keys (a renamed one too), titles, the manifest's fields.
    assert.deepEqual(
      lazy.sources.map((s) => [s.key, s.title, s.outlet, s.author, s.date]),
      eager.sources.map((s) => [s.key, s.title, s.outlet, s.author, s.date]),
    );
    assert.ok(lazy.sources.every((s) => !(s as SnapshotSource).isParsed));
    lazy.check('Ferry fares rose by 20 percent in March.');
    const parsed = lazy.sources.filter((s) => (s as SnapshotSource).isParsed).map((s) => s.path);
    assert.ok(parsed.includes('e.txt'), `parsed: ${parsed.join(', ')}`);
    assert.ok(parsed.length < lazy.sources.length, `parsed: ${parsed.join(', ')}`);
  });

  it('gives the same diagnostics, cards, sources and problems as an eager build', () => {
    const lazy = testCorpus(files, manifests, { cache: snapshot() });
    assert.equal(lazy.index.adopted, true);
    const want = report(testCorpus(files, manifests));
    assert.deepEqual(report(lazy), want);
    assert.ok(
      want.problems.some((m) => /c\.md: citation key "harbor" is used by another source; using "harbor-2"/.test(m)),
    );
    // Each source's text, mask, passages and lines, once parsed, are an eager parse's.
    lazy.sources.forEach((s, i) => {
      const e = eager.sources[i];
      assert.deepEqual(
        [s.path, s.text, s.mask, s.passages, s.lines.rangeOf({ start: 5, end: 9 })],
        [e.path, e.text, e.mask, e.passages, e.lines.rangeOf({ start: 5, end: 9 })],
      );
    });
  });

  it('writes the same snapshot again, parsed or not', () => {
    const lazy = testCorpus(files, manifests, { cache: snapshot() });
    const again = encodeCache(lazy.toCache());
    assert.deepEqual(again, encodeCache(eager.toCache()));
    lazy.check(draft);
    assert.deepEqual(encodeCache(lazy.toCache()), again);
  });
  /** Every stem's name and document frequency, as the checker's query weights read them. */
  const frequencies = (c: TestCorpus) => {
    const v = c.index.vocabulary;
    const out: [string, number][] = [];
    for (let id = 0; v.documentFrequency(id) > 0 || v.stemOf(id) !== undefined; id++)
      out.push([v.stemOf(id), v.documentFrequency(id)]);
    return out.filter(([, n]) => n > 0).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  };

  it('stores the postings in the snapshot and adopts them as they are, building them only for a snapshot without', () => {
    const cache = snapshot();
    assert.equal(cache.postOff.length, cache.stems.length + 1);
    assert.ok(cache.postData.length > 0);
    const want = frequencies(eager);
    assert.ok(want.length > 20);
    const lazy = testCorpus(files, manifests, { cache });
    assert.deepEqual(frequencies(lazy), want);
    // A snapshot of an unfinished index (a worker's share) holds none: adopting it builds the same postings.
    const share = buildIndex({ files, finish: false }).toCache();
    assert.equal(share.postOff.length + share.postData.length, 0);
    const fromShare = adopted(files, decodeCache(encodeCache(share))!);
    assert.ok(fromShare);
    assert.deepEqual(frequencies(fromShare), frequencies(testCorpus(files)));
  });

  it('reads the snapshot\'s arrays in place when they are aligned in the bytes read, and copies them when not', () => {
    const bytes = encodeCache(eager.toCache());
    const inPlace = decodeCache(bytes)!;
    assert.equal(inPlace.tStem.buffer, bytes.buffer);
    // The same bytes four bytes into a larger buffer: no Int32Array or Float64Array can view them there.
    const shifted = new Uint8Array(bytes.length + 4).subarray(4);
    shifted.set(bytes);
    const copied = decodeCache(shifted)!;
    assert.notEqual(copied.tStem.buffer, shifted.buffer);
    assert.deepEqual(copied, inPlace);
    assert.deepEqual(report(testCorpus(files, manifests, { cache: copied })), report(eager));
  });
  it('uses the hash an adapter gave a file instead of hashing its text, and re-indexes a file whose hash differs', () => {
    // Calls on the files' texts (the manifests' text is hashed as well, once a build).
    const texts = new Set(files.map((f) => f.text));
    let hashed = 0;
    const counting = (text: string) => (texts.has(text) && hashed++, contentHash(text));
    const cache = snapshot();
    const given = files.map((f) => ({ ...f, hash: contentHash(f.text) }));
    const whole = buildIndex({ files: given, manifests, cache, hash: counting });
    assert.ok(whole.adopted);
    assert.equal(hashed, 0, 'no file hashed again');
    // The same texts without hashes are hashed, once each.
    assert.ok(buildIndex({ files, manifests, cache, hash: counting }).adopted);
    assert.equal(hashed, files.length);
    // A given hash that is not the snapshot's: that file is analysed again (the others reused), never trusted.
    const changed = given.map((f) => (f.path === 'e.txt' ? { ...f, hash: 'another' } : f));
    const rebuilt = buildIndex({ files: changed, manifests, cache, hash: counting });
    assert.ok(!rebuilt.adopted);
    assert.equal(rebuilt.reused, eager.sources.length - 1);
  });
});
