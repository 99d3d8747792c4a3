import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { testCorpus } from './helpers';
import { extractSource } from '../../src/node/extract';
import { loadSourceFolder } from '../../src/node/loadSources';
import { makeDocx } from '../fixtures/makeDocx';
import { makePdf } from '../fixtures/makePdf';
import { tempDir } from './tempDir';

const PAGE2 = 'The Elm Street bridge reopened on Saturday after eleven weeks of repairs.';

const PAGE = `<!doctype html><html><head><title>Bridge reopens after repair - The Valley Gazette</title>
<meta property="article:published_time" content="2024-05-04T09:00:00Z"><meta name="author" content="Ana Ortiz">
<meta property="og:site_name" content="The Valley Gazette">
<script>window.track("Subscribe now. Offer ends today.");</script><style>p { color: red }</style></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="cookie-banner" id="cookie-consent" role="dialog"><p>We use cookies to improve your experience. Accept all cookies to continue reading.</p><button>Accept</button></div>
<header><p>Subscribe today for unlimited access to local news.</p></header>
<main><article><h1>Bridge reopens after repair</h1>
<p>The Elm Street bridge reopened on Saturday after a repair that took eleven weeks. The city spent 2.4 million dollars on the work, according to the public works department.</p>
<p>Engineers replaced the deck and two of the four steel girders. Traffic had been diverted over the river since February, adding twenty minutes to many commutes.</p>
<h2>What comes next</h2><p>The council will vote in June on repairs to the Oak Street bridge, which inspectors rated as poor last year.</p>
</article>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Mayor announces a new parks plan for the summer</a></li><li><a href="/b">Storm floods the valley overnight</a></li></ul></aside></main>
<footer><p>Copyright 2024 The Valley Gazette. All rights reserved.</p></footer></body></html>`;

describe('source formats', () => {
  it('reads a PDF page by page: a passage knows its page and quotes the extracted text verbatim', async () => {
    const file = await extractSource('report.pdf', makePdf([['City engineering report.', 'Prepared for the council.'], [PAGE2, 'The repair cost 2.4 million dollars.']], { title: 'Elm Street bridge report' }));
    const corpus = testCorpus([file]);
    assert.deepEqual(corpus.problems, []);
    const [source] = corpus.sources;
    assert.equal(source.title, 'Elm Street bridge report');
    const p = source.passages.find((x) => x.text.includes('reopened'))!;
    assert.equal(p.text, PAGE2);
    assert.equal(p.page, 2);
    assert.equal(source.text.slice(p.span.start, p.span.end), p.text);
    assert.equal(source.passages.find((x) => x.text.includes('engineering'))!.page, 1);
    // The page headings are shown in the text but are not passages.
    assert.match(source.text, /\[Page 2\]/);
    assert.ok(source.passages.every((x) => !x.text.includes('[Page')));
    assert.equal(corpus.check(PAGE2).sentences[0].support[0]?.passage.page, 2);
  });

  it('skips a PDF with no text layer, an encrypted PDF and a broken PDF, each with a one-line reason', async () => {
    const reason = async (bytes: Buffer) => extractSource('x.pdf', bytes).then(() => 'read', (e: Error) => e.message);
    assert.match(await reason(makePdf([null, null])), /^x\.pdf: the PDF has no text layer \(2 pages of images, as a scan is\); run it through OCR first; skipped$/);
    assert.match(await reason(makePdf([['Secret.']], { encrypt: true })), /^x\.pdf: the PDF is encrypted \(it needs a password\); skipped$/);
    assert.match(await reason(Buffer.from('%PDF-1.4\nnot really a PDF')), /^x\.pdf: not a readable PDF \(.+\); skipped$/);
    for (const m of [await reason(makePdf([null])), await reason(Buffer.from('%PDF-1.7 broken'))]) assert.ok(!m.includes('\n'), m);
  });

  it('indexes only the article of a saved web page: title, byline and date as metadata, never navigation, banners or scripts', async () => {
    const file = await extractSource('gazette.html', new TextEncoder().encode(PAGE));
    const corpus = testCorpus([file]);
    const [s] = corpus.sources;
    assert.match(s.title, /^Bridge reopens after repair/);
    assert.equal(s.author, 'Ana Ortiz');
    assert.equal(s.date, '2024-05-04');
    assert.equal(s.outlet, 'The Valley Gazette');
    const passages = s.passages.map((p) => p.text);
    assert.ok(passages.includes('The Elm Street bridge reopened on Saturday after a repair that took eleven weeks.'), passages.join('\n'));
    assert.ok(passages.some((p) => p.startsWith('The council will vote in June')));
    const all = passages.join('\n');
    for (const junk of ['cookies', 'Subscribe', 'Home', 'Related stories', 'parks plan', 'Storm floods', 'Copyright', 'window.track', 'color: red', 'What comes next']) assert.ok(!all.includes(junk), `${junk} in ${all}`);
    for (const p of s.passages) assert.equal(s.text.slice(p.span.start, p.span.end), p.text);
  });

  it('reads a page Readability finds no article in from its body, without its navigation', async () => {
    const file = await extractSource('short.html', new TextEncoder().encode('<html><body><nav>Home News</nav><p>The ferry resumed service on Monday.</p></body></html>'));
    const passages = testCorpus([file]).sources[0].passages.map((p) => p.text);
    assert.deepEqual(passages, ['The ferry resumed service on Monday.']);
  });

  it('reads a Word document paragraph by paragraph, and names a broken one', async () => {
    const file = await extractSource('memo.docx', makeDocx(['Bridge memo', 'The bridge reopened on Saturday. It cost 2.4 million dollars.']));
    const s = testCorpus([file]).sources[0];
    assert.equal(s.title, 'Bridge memo');
    assert.deepEqual(s.passages.map((p) => p.text), ['Bridge memo', 'The bridge reopened on Saturday.', 'It cost 2.4 million dollars.']);
    await assert.rejects(extractSource('bad.docx', Buffer.from('PK this is no zip')), /^Error: bad\.docx: not a readable Word document \([^)]+\); skipped$/);
  });

  it('loads a folder of mixed formats and names every file it could not use', async () => {
    const dir = tempDir('corroborate-formats-');
    mkdirSync(join(dir, 'web'));
    writeFileSync(join(dir, 'report.pdf'), makePdf([['Cover page.'], [PAGE2]]));
    writeFileSync(join(dir, 'scan.pdf'), makePdf([null]));
    writeFileSync(join(dir, 'web', 'gazette.html'), PAGE);
    writeFileSync(join(dir, 'memo.docx'), makeDocx(['The bridge reopened on Saturday.']));
    writeFileSync(join(dir, 'blob.txt'), Buffer.from([0, 1, 2, 0]));
    writeFileSync(join(dir, 'latin1.txt'), Buffer.from('Caf\xe9 owners lost customers.', 'latin1'));
    writeFileSync(join(dir, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    const loaded = await loadSourceFolder(dir);
    assert.deepEqual(loaded.files.map((f) => f.path).sort(), ['memo.docx', 'report.pdf', 'web/gazette.html']);
    assert.equal(loaded.found, 6); // the PNG is not a source type
    const messages = loaded.problems.map((p) => p.message).sort();
    assert.equal(messages.length, 3);
    assert.match(messages[0], /^blob\.txt: looks like a binary file/);
    assert.match(messages[1], /^latin1\.txt: not valid UTF-8/);
    assert.match(messages[2], /^scan\.pdf: the PDF has no text layer/);
  });
});
