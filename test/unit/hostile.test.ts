import { strict as assert } from 'node:assert';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { createChecker, DocumentChecker, findingsFor, renderSentenceCard, segmentDraft } from '../../src/core';
import { testCorpus, type TestCorpus } from './helpers';
import { analyze, scanTerms } from '../../src/core/language/analyze';
import { extractQuantities } from '../../src/core/language/quantities';
import { splitSentences } from '../../src/core/text/sentences';
import { parseSource } from '../../src/core/sources/source';
import { tokenize } from '../../src/core/language/tokens';
import { loadSourceFolder } from '../../src/node/loadSources';
import { MAX_GROWTH, repeated, steadyGrowth } from './growth';
import { removeTempDir, tempDir } from './tempDir';

const fixtures = join(__dirname, '..', 'fixtures', 'hostile');

/**
 * Inputs that made scans quadratic or worse: runs of openers that never close, in Markdown, LaTeX and HTML, line
 * endings of every kind, and numbers, abbreviations and URLs without end.
 */
const PATHOLOGICAL = [
  '[', '[@', '[@@', '\\cite{', '\\cite[', '\\citep[p]', '`', '``````````', '<!--', '---\n', '```\n', '~~~x\n', '*_', '[a](', '[a][', '![',
  '](', '[^', '<a ', '<http:', '<p ', '<script>', '<title', '&a', '1,', '1.5 ', '1-', '$1', 'a.', 'A. ', 'U.S. ', ' \n', 'a\r', 'a\r\n',
  '# a\n', '> ', '| --- ', '[^1]: @k\n', '[k]: x\n', 'x\n===\n', 'not ', '"', 'http://',
];

describe('hostile sources', () => {
  let messages = '';
  let corpus: TestCorpus;
  before(async () => {
    const loaded = await loadSourceFolder(fixtures);
    corpus = testCorpus(loaded.files, loaded.manifestText ? [{ text: loaded.manifestText, label: 'corroborate.json' }] : []);
    corpus.problems.push(...loaded.problems);
    messages = corpus.problems.map((p) => p.message).join('\n');
  });

  it('skips binary, invalid UTF-8, empty files and bad front matter with one message each naming the file', () => {
    assert.match(messages, /binary\.txt: looks like a binary file/);
    assert.match(messages, /invalid-utf8\.txt: not valid UTF-8 text; skipped \(save it as UTF-8\)/);
    assert.match(messages, /empty\.txt: no sentences found/);
    assert.match(messages, /bad-front-matter\.md: front matter is not valid YAML/);
  });

  it('reads UTF-16 with a BOM, HTML without its scripts, nested folders', () => {
    const paths = corpus.sources.map((s) => s.path).sort();
    assert.deepEqual(paths, ['huge-word.txt', 'markup.md', 'nested/deep.txt', 'page.html', 'utf16.txt']);
    assert.equal(corpus.sources.find((s) => s.path === 'utf16.txt')?.passages[0].text, 'The harbor handled 2.5 million containers in 2023.');
    const html = corpus.sources.find((s) => s.path === 'page.html')!;
    assert.equal(html.title, 'Harbor & port news');
    assert.ok(html.passages.every((p) => !p.text.includes('document.write')));
  });

  it('names the manifest field of a bad entry, and keeps duplicate keys apart', () => {
    assert.match(messages, /corroborate\.json: field "sources\.2\.url": .*entry ignored/);
    assert.match(messages, /citation key "dup" is used by another source; using "dup-2"/);
    assert.deepEqual(corpus.sources.filter((s) => s.key.startsWith('dup')).map((s) => s.key).sort(), ['dup', 'dup-2']);
  });

  it('renders a source full of markup, links and commands inertly', () => {
    const s = corpus.check('The harbor authority strongly supports the moratorium.').sentences[0];
    assert.ok(s.support.some((r) => r.source.key === 'dup'));
    const card = renderSentenceCard(s, 5, () => 'command:corroborate.openPassage');
    assert.doesNotMatch(card, /\]\(command:workbench/);
    assert.doesNotMatch(card, /(?<!\\)<(script|img)/);
    for (const m of card.matchAll(/\]\(([^)]*)\)/g)) assert.equal(m[1], 'command:corroborate.openPassage');
  });

  it('skips a file over the size limit, survives a symbolic-link loop, a dangling link and deep nesting', async () => {
    const dir = tempDir('corroborate-hostile-');
    try {
      writeFileSync(join(dir, 'ok.txt'), 'A perfectly good sentence about the harbor.');
      writeFileSync(join(dir, 'big.txt'), Buffer.alloc(21 * 1024 * 1024, 'a'));
      symlinkSync(dir, join(dir, 'loop'));
      symlinkSync(join(dir, 'gone.txt'), join(dir, 'dangling.txt'));
      let deep = dir;
      for (let i = 0; i < 40; i++) mkdirSync((deep = join(deep, `d${i}`)));
      writeFileSync(join(deep, 'too-deep.txt'), 'Too deep to read.');
      const r = await loadSourceFolder(dir);
      assert.deepEqual(r.files.map((f) => f.path), ['ok.txt']);
      const text = r.problems.map((p) => p.message).join('\n');
      assert.match(text, /big\.txt: 21\.0 MB is larger than the 20 MB limit for one source; skipped/);
      assert.match(text, /dangling\.txt: cannot read \(ENOENT\); skipped/);
      assert.match(text, /nested more than 32 folders deep; skipped/);
    } finally {
      removeTempDir(dir);
    }
  });

  it('indexes a file whose only line is long in time linear in its length', () => {
    const line = (n: number) => Array.from({ length: Math.ceil(n / 8) }, (_, i) => `word${i % 997}`).join(' ');
    const g = steadyGrowth(line, (text) => testCorpus([{ path: 'long.txt', text }, { path: 'ok.txt', text: 'The council met on Monday.' }]), 5_000);
    assert.ok(g < MAX_GROWTH, `4 times the text took ${g.toFixed(1)} times as long`);
  });

  // One test per input, so that each has the whole hang guard to itself on a slow, busy machine.
  describe('reads HTML, Markdown and text sources full of unclosed markup in linear time', () => {
    const run = (text: string) => ['s.html', 's.md', 's.txt'].map((path) => parseSource({ path, text }));
    for (const e of ['<', '<p ', '</p', '<script>', '<title', '<title>', '&a', '&#1', '](', '](x "', '```\n', '~~~x\n', '# a\n', '<!--', 'a\r', ' \n', '---\n', 'a.', '[a](', 'U.S. ']) {
      it(JSON.stringify(e), () => {
        const g = steadyGrowth(repeated(e), run, 2_500);
        assert.ok(g < MAX_GROWTH, `${JSON.stringify(e)}…: 4 times the text took ${g.toFixed(1)} times as long`);
      });
    }
  });
});

describe('hostile drafts', () => {
  const corpus = testCorpus([
    { path: 'a.txt', text: 'The council approved a 12-month moratorium on harbor construction. Critics warned it could cost 400 jobs.' },
    { path: 'b.txt', text: 'The city council approved a one-year moratorium on harbor construction.' },
  ]);

  it('checks a 1 MB draft within its budget, reporting what it skipped', () => {
    const para = 'The council approved a 12-month moratorium on harbor construction. Critics warned it could cost 900 jobs. ';
    const text = Array.from({ length: 10_000 }, (_, i) => para.replace('900', String(i))).join('\n\n');
    assert.ok(text.length > 1_000_000);
    // A clock that advances one millisecond each time it is read: the budget is spent after a fixed amount of work,
    // on any machine.
    let clock = 0;
    const result = new DocumentChecker(createChecker({ index: corpus.index })).check(text, { budgetMs: 1500, now: () => clock++ });
    assert.ok(result.computed > 0 && result.computed <= 1500, `${result.computed} computed`);
    assert.ok(result.skipped > 0);
    assert.equal(result.sentences.length + result.skipped, 20_000);
    for (const s of result.sentences.slice(0, 50)) assert.equal(text.slice(s.span.start, s.span.end), s.text);
  });

  it('treats a 100,000-character sentence without punctuation as no claim, in time linear in its length', () => {
    const sentence = (n: number) => Array.from({ length: Math.ceil(n / 9) }, (_, i) => `council${i % 50}`).join(' ');
    assert.equal(corpus.check(sentence(100_000)).sentences[0].status, 'none');
    const g = steadyGrowth(sentence, (text) => corpus.check(text), 5_000);
    assert.ok(g < MAX_GROWTH, `4 times the sentence took ${g.toFixed(1)} times as long`);
  });

  it('keeps exact ranges with right-to-left text, emoji, combining marks, zero-width characters and mixed line endings', () => {
    const text = 'مجلس المدينة وافق. The council 👩🏽‍⚖️ approved a 12\u2011month moratorium.\r\nCafe\u0301 owners\u200b said no.\rLast line here.\n';
    const d = corpus.check(text);
    assert.ok(d.sentences.length >= 3);
    for (const s of d.sentences) {
      assert.equal(text.slice(s.span.start, s.span.end), s.text);
      const r = d.lines.rangeOf(s.span);
      assert.equal(d.lines.offsetAt(r.start), s.span.start);
      assert.equal(d.lines.offsetAt(r.end), s.span.end);
    }
  });

  // One test per input, so that each has the whole hang guard to itself on a slow, busy machine.
  describe('segments drafts made of one repeated opener, or of other pathological runs, in linear time', () => {
    const both = (text: string) => [segmentDraft(text, true), segmentDraft(text, false)];
    for (const e of PATHOLOGICAL) {
      it(JSON.stringify(e), () => {
        const g = steadyGrowth(repeated(e), both, 2_500);
        assert.ok(g < MAX_GROWTH, `${JSON.stringify(e)}…: 4 times the text took ${g.toFixed(1)} times as long`);
      });
    }
    it('one long URL', () => {
      const g = steadyGrowth((n) => 'http://' + 'a'.repeat(n), (text) => segmentDraft(text, true), 2_500);
      assert.ok(g < MAX_GROWTH, `one long URL: 4 times the text took ${g.toFixed(1)} times as long`);
    });
  });

  describe('tokenizes, reads quantities and analyzes pathological runs in linear time', () => {
    const run = (text: string) => {
      extractQuantities(tokenize(text));
      analyze(text);
      scanTerms(text, 0, text.length, () => {}, () => {});
    };
    for (const e of ['\\cite{', '<a ', '&a', '1,', '1.5 ', '1-', '$1', '12 months ', 'a.', 'A. ', 'U.S. ', 'a\r', "'", '"', 'not ', 'twenty ', 'http://']) {
      it(JSON.stringify(e), () => {
        const g = steadyGrowth(repeated(e), run, 2_500);
        assert.ok(g < MAX_GROWTH, `${JSON.stringify(e)}…: 4 times the text took ${g.toFixed(1)} times as long`);
      });
    }
  });

  describe('checks a whole draft of one repeated opener in linear time', () => {
    for (const e of ['\\cite{', '[@', '[^', '<!--', '[a](', '`', '<a ', ' \n', 'a\r']) {
      it(JSON.stringify(e), () => {
        const g = steadyGrowth(repeated(e), (text) => new DocumentChecker(corpus.checker).check(text), 2_500);
        assert.ok(g < MAX_GROWTH, `${JSON.stringify(e)}…: 4 times the draft took ${g.toFixed(1)} times as long`);
      });
    }
    it('prose', () => {
      const g = steadyGrowth(repeated('The council approved it. '), (text) => splitSentences(text), 2_500);
      assert.ok(g < MAX_GROWTH, `prose: 4 times the text took ${g.toFixed(1)} times as long`);
    });
  });

  it('never throws on any draft, and finds only consistent findings (property)', () => {
    const unit = fc.constantFrom('The council ', 'approved ', 'a ', '12-month ', 'moratorium ', 'not ', '400 jobs', '. ', '? ', '\n\n', '[@a-txt] ', '[@nope] ', '# ', '`x` ', '2023 ', 'half ', 'more than ', '\u200b', '👍', 'é');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 60 }), (t) => {
        const d = new DocumentChecker(createChecker({ index: corpus.index })).check(t, { budgetMs: 1000 });
        for (const s of d.sentences) {
          assert.equal(t.slice(s.span.start, s.span.end), s.text);
          for (const f of findingsFor(s)) assert.ok(f.span.start >= 0 && f.span.end <= t.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('parses numbers without throwing and with finite values (property)', () => {
    const unit = fc.constantFrom('1', '2', '0', ',', '.', ' ', '%', '$', 'million', 'half', 'a', 'third', 'more than ', 'less than ', 'roughly ', 'days', '-', 'month', 'February ', '2026', 'twenty', 'three', 'pair of ', 'times');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 40 }), (t) => {
        for (const q of extractQuantities(tokenize(t))) {
          assert.ok(Number.isFinite(q.value), t);
          assert.ok(q.lo <= q.hi, t);
          assert.ok(q.start >= 0 && q.end <= t.length && q.start < q.end, t);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('the fast indexing path', () => {
  it('finds exactly the content words and negations analyze finds, for passages without quantities (property)', () => {
    const unit = fc.constantFrom('The ', 'council ', "didn't ", "Anthropic's ", 'not ', 'rejects ', 'Harbor ', 'ran ', 'quickly', '. ', ', ', '“quoted” ', "it's ", 'CAN’T ', 'é', 'x-ray ', '$', '%', 'wrote ', 'U.S. ', 'US ', 'IT ', 'NOT ', 'U.K.', 'A.M. ', 'GPT4 ', 'Web3', 'self-improvement ', 'A ', 'an ', 'the ', 'weaker ', 'only ', 'Only ', '-', 'a month ', 'May ', 'may ', 'Thursday ', 'third ', '3 ', 'times ', 'March ', 'in 2024 ', '$5 ', 'a full week ', 'half ', 'stopped ', 'working ', 'quit ', 'declined ', 'to ');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 30 }), (t) => {
        const terms: [string, number, number, boolean][] = [];
        const negs: [number, number][] = [];
        const fast = scanTerms(t, 0, t.length, (stem, s, e, name) => terms.push([stem, s, e, name]), (s, e) => negs.push([s, e]));
        const a = analyze(t);
        if (!fast) return;
        assert.deepEqual(a.quantities, [], `the fast path took a passage with a quantity: ${t}`);
        assert.deepEqual(terms, a.terms.map((x) => [x.stem, x.token.start, x.token.end, x.name]));
        assert.deepEqual(negs, a.negationAt.map((s, i) => [s, s + a.negationWords[i].length]));
      }),
      { numRuns: 2000 },
    );
  });
});
