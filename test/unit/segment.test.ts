import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { splitSentences } from '../../src/core/text/sentences';

const texts = (t: string) => splitSentences(t).map((s) => t.slice(s.start, s.end));

describe('sentence splitting', () => {
  it('splits at sentence ends and keeps each span verbatim', () => {
    const t = 'The order gives 30 days. It was signed Thursday! Was it?  Yes.';
    assert.deepEqual(texts(t), ['The order gives 30 days.', 'It was signed Thursday!', 'Was it?', 'Yes.']);
  });

  it('does not split after abbreviations, initials or inside numbers', () => {
    const t = 'Dr. Smith met J. R. Jones in the U.S. capital on Jan. 5. The fee rose 3.5 percent.';
    assert.deepEqual(texts(t), ['Dr. Smith met J. R. Jones in the U.S. capital on Jan. 5.', 'The fee rose 3.5 percent.']);
  });

  it('treats a headline line and list items as their own sentences, without the bullet', () => {
    const t = 'A Headline Without Period\nBody sentence one. Body two.\n  • First point here\n- Second point here.';
    assert.deepEqual(texts(t), ['A Headline Without Period', 'Body sentence one.', 'Body two.', 'First point here', 'Second point here.']);
  });

  it('keeps closing quotes with the sentence they close', () => {
    const t = '"We are not there yet," the report said. It warned more.';
    assert.deepEqual(texts(t), ['"We are not there yet," the report said.', 'It warned more.']);
    assert.deepEqual(texts('He said "stop." Then left.'), ['He said "stop."', 'Then left.']);
  });

  it('joins soft-wrapped lines of one paragraph', () => {
    const t = 'This sentence is wrapped\nover two lines, as editors do.';
    assert.deepEqual(texts(t), [t]);
  });

  it('gives spans that map back exactly to trimmed, non-overlapping text for any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'B', ' ', '.', '?', '\n', '\r', '"', '1', 'é', '•', '-', 'U.S.', '\u200b') , maxLength: 300 }), (t) => {
        let last = 0;
        for (const s of splitSentences(t)) {
          assert.ok(s.start >= last && s.end > s.start && s.end <= t.length);
          const slice = t.slice(s.start, s.end);
          assert.equal(slice, slice.trim());
          last = s.end;
        }
      }),
      { numRuns: 500 },
    );
  });
});
