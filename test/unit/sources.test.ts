import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifest } from '../../src/core';
import { testCorpus } from './helpers';
import { deriveKey, parseSource } from '../../src/core/sources/source';

describe('sources', () => {
  it('reads metadata from Markdown front matter and quotes the body verbatim', () => {
    const text = '\uFEFF---\ntitle: "Storm: what we know"\nauthor: Ana Ortiz\nkey: ortiz2024\ndate: 2024-05-01\n---\n# Storm\n\nThe storm hit at 4 am.\r\nIt flooded 30 homes.\r\n';
    const s = parseSource({ path: 'storm.md', text });
    assert.equal(s.title, 'Storm: what we know');
    assert.equal(s.author, 'Ana Ortiz');
    assert.equal(s.key, 'ortiz2024');
    assert.equal(s.date, '2024-05-01');
    assert.deepEqual(s.passages.map((p) => p.text), ['The storm hit at 4 am.', 'It flooded 30 homes.']);
    for (const p of s.passages) assert.equal(s.text.slice(p.span.start, p.span.end), p.text);
  });

  it('derives a title from a headline line, else from the first sentence, and a key from the title', () => {
    assert.equal(parseSource({ path: 'a.txt', text: 'Storm Floods the Valley\nThe storm hit.' }).title, 'Storm Floods the Valley');
    assert.equal(parseSource({ path: 'b.txt', text: 'The storm hit the valley at dawn. More.' }).title, 'The storm hit the valley at dawn');
    assert.equal(deriveKey('The Storm Floods the Valley', 'x.txt'), 'storm-floods-valley');
  });

  it('reads HTML sources without their tags, scripts or styles', () => {
    const s = parseSource({ path: 'p.html', text: '<html><head><title>Page</title><style>p{}</style></head><body><p>First claim here.</p><script>var x = "Not. Prose.";</script><p>Second &amp; last claim.</p></body></html>' });
    assert.equal(s.title, 'Page');
    assert.deepEqual(s.passages.map((p) => p.text), ['First claim here.', 'Second & last claim.']);
  });

  it('names the file and the field when a manifest is invalid', () => {
    const problems: string[] = [];
    const m = parseManifest('{"sources":[{"file":"a.txt","url":"not a url"},{"file":"b.txt","key":"b"}]}', 'x/corroborate.json', problems);
    assert.deepEqual(m.sources, [{ file: 'b.txt', key: 'b' }]);
    assert.match(problems[0], /x\/corroborate\.json: field "sources\.0\.url"/);
    assert.throws(() => parseManifest('{"sources": [', 'm.json'), /m\.json: not valid JSON/);
    const p2: string[] = [];
    parseManifest('{"sources":[{"file":"a.txt","colour":"red"}]}', 'm.json', p2);
    assert.match(p2[0], /colour/);
    assert.throws(() => parseManifest('[1, 2]', 'm.json'), /m\.json: the file/);
  });

  it('names the file when front matter is malformed, and skips only that file', () => {
    const c = testCorpus([
      { path: 'bad.md', text: '---\ntitle: [unclosed\n---\nBody text here.' },
      { path: 'good.txt', text: 'A perfectly good sentence here.' },
    ]);
    assert.deepEqual(c.sources.map((s) => s.path), ['good.txt']);
    assert.match(c.problems[0].message, /^bad\.md: front matter is not valid YAML/);
  });

  it('skips binary and empty files with a message, and keeps duplicate keys apart', () => {
    const c = testCorpus(
      [
        { path: 'bin.txt', text: 'abc\u0000def' },
        { path: 'empty.txt', text: '   \n' },
        { path: 'one.txt', text: 'First source sentence here.' },
        { path: 'two.txt', text: 'Second source sentence here.' },
      ],
      [{ text: JSON.stringify({ sources: [{ file: 'one.txt', key: 'same' }, { file: 'two.txt', key: 'same' }] }) }],
    );
    assert.deepEqual(c.sources.map((s) => s.key), ['same', 'same-2']);
    assert.deepEqual(c.problems.map((p) => p.path).sort(), ['bin.txt', 'empty.txt', 'two.txt']);
  });

  it('reports a manifest entry whose file is missing, and keeps working', () => {
    const c = testCorpus([{ path: 'a.txt', text: 'A sentence here.' }], [{ text: '{"sources":[{"file":"gone.txt","key":"gone"}]}' }]);
    assert.equal(c.sources.length, 1);
    assert.match(c.problems[0].message, /gone\.txt/);
  });

  it('names each bundled seed file by its citation key, so related information and links read like sources', () => {
    const dir = join(__dirname, '..', '..', 'seeds');
    const manifest = JSON.parse(readFileSync(join(dir, 'corroborate.json'), 'utf8')) as { sources: { file: string; key: string }[] };
    const files = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
    assert.deepEqual(manifest.sources.map((x) => x.file).sort(), files);
    for (const x of manifest.sources) assert.equal(x.file, `${x.key}.txt`);
  });
});
