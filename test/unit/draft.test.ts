import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { segmentDraft } from '../../src/core';

const sentences = (t: string, md = true) => segmentDraft(t, md).sentences.map((s) => s.text);

describe('draft segmentation', () => {
  it('skips front matter, headings, code blocks, HTML comments and footnote definitions', () => {
    const t = '---\ntitle: A draft. With dots.\n---\n# A heading. Here\n\nOne claim here.\n\n```\nCode here. More code.\n```\n<!-- A comment. -->\nTwo claims here.\n\n[^1]: A note. Here.\n';
    assert.deepEqual(sentences(t), ['One claim here.', 'Two claims here.']);
  });

  it('keeps link text but not link targets, and gives the sentence exactly as written', () => {
    const t = 'See [the report](https://example.com/a.b?c=d. E) for more. Next one.';
    const d = segmentDraft(t, true);
    assert.deepEqual(d.sentences.map((s) => s.text), ['See [the report](https://example.com/a.b?c=d. E) for more.', 'Next one.']);
    assert.ok(!d.sentences[0].masked.includes('example'));
  });

  it('recognises pandoc, LaTeX and footnote citations and attaches them to their sentence', () => {
    const t = 'First claim [@alpha; @beta, p. 4]. Second claim \\cite{gamma,delta}. Third claim.[^n]\n\n[^n]: See @epsilon.\n';
    const d = segmentDraft(t, true);
    assert.deepEqual(d.sentences.map((s) => s.citations.flatMap((c) => c.keys)), [['alpha', 'beta'], ['gamma', 'delta'], ['epsilon']]);
    for (const c of d.citations) for (const [i, k] of c.keys.entries()) if (c.keySpans[i]) assert.equal(t.slice(c.keySpans[i].start, c.keySpans[i].end), k);
  });

  it('does not count citation keys or e-mail addresses as words of the claim', () => {
    const d = segmentDraft('Prices rose [@smith2020].', true);
    assert.ok(!d.sentences[0].masked.includes('smith'));
  });

  it('splits plain text by lines and sentences without Markdown rules', () => {
    assert.deepEqual(sentences('# not a heading in plain text. Second.', false), ['# not a heading in plain text.', 'Second.']);
  });

  it('gives sentence spans that slice back to their text, for any input', () => {
    const unit = fc.constantFrom('a', 'B', ' ', '.', '?', '\n', '\r\n', '#', '`', '[', ']', '(', ')', '@', 'x', '---', '<!--', '-->', '^', '*', '\\cite{k}', '📰', 'é', '\u200b');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 200 }), fc.boolean(), (t, md) => {
        for (const s of segmentDraft(t, md).sentences) {
          assert.equal(t.slice(s.span.start, s.span.end), s.text);
          assert.equal(s.masked.length, s.text.length);
        }
      }),
      { numRuns: 500 },
    );
  });
});
