import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { segmentDraft } from '../../src/core';
import { splitSentences } from '../../src/core/text/sentences';
import { MAX_GROWTH, repeated, steadyGrowth } from './growth';

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

/** A claim with the citation marker it carries, as the generator writes it, and what segmentation must find. */
interface Piece {
  text: string;
  /** The marker's expected citation, offsets relative to the piece. */
  citation?: { keys: string[]; start: number; end: number; style: 'pandoc' | 'latex' | 'footnote'; label?: string; keySpans: [number, number][] };
}

/** A claim sentence "Claim number i holds<marker>." with one of the marker forms, nested ones included. */
function claim(i: number, form: number): Piece {
  const head = `Claim number ${i} holds`;
  const at = head.length;
  const k = `k${i}`;
  const keyAt = (marker: string, key: string, from = 0) => at + marker.indexOf(key, from);
  const piece = (marker: string, citation: Omit<NonNullable<Piece['citation']>, 'start' | 'end'>, start = 0, end = marker.length): Piece => ({
    text: `${head}${marker}.`,
    citation: { ...citation, start: at + start, end: at + end },
  });
  switch (form) {
    case 0:
      return { text: `${head}.` };
    case 1: {
      const m = ` [@${k}]`;
      return piece(m, { keys: [k], style: 'pandoc', keySpans: [[keyAt(m, k), keyAt(m, k) + k.length]] }, 1);
    }
    case 2: {
      const m = ` [see @${k}, p. 4; @${k}b]`;
      const b = m.indexOf(`@${k}b`) + 1;
      return piece(m, { keys: [k, `${k}b`], style: 'pandoc', keySpans: [[keyAt(m, k), keyAt(m, k) + k.length], [at + b, at + b + k.length + 1]] }, 1);
    }
    case 3: {
      // Nested: the inner brackets are the citation, the outer ones stay text.
      const m = ` [[@${k}]]`;
      return piece(m, { keys: [k], style: 'pandoc', keySpans: [[keyAt(m, k), keyAt(m, k) + k.length]] }, 2, m.length - 1);
    }
    case 4: {
      const m = ` \\cite{${k}}`;
      return piece(m, { keys: [k], style: 'latex', keySpans: [[keyAt(m, k), keyAt(m, k) + k.length]] }, 1);
    }
    case 5: {
      const m = ` \\citep[see][p.~4]{${k}, ${k}b}`;
      const a = keyAt(m, `{${k}`) + 1;
      const b = keyAt(m, `${k}b`);
      return piece(m, { keys: [k, `${k}b`], style: 'latex', keySpans: [[a, a + k.length], [b, b + k.length + 1]] }, 1);
    }
    default: {
      const m = `[^n${i}]`;
      return piece(m, { keys: [k], style: 'footnote', label: `n${i}`, keySpans: [] });
    }
  }
}

// Openers that never close (no `]`, `)`, `}`, `>` or backtick pair can form from them), nested in any order.
const OPENERS = ['[', '[@', '[@x', '[^', '[^x', '\\cite{', '\\cite{x', '\\cite[', '\\citep[p', '<a ', '<http:', '<!', '![', '(', '{', '`', '``', '*', '_', '@', '<', ' word', ' ', 'é', '👍', '\\', '.'];
const junk = fc.array(fc.constantFrom(...OPENERS), { minLength: 1, maxLength: 12 }).map((a) => `x ${a.join('')}`);

describe('draft segmentation of broken Markdown and LaTeX (property)', () => {
  it('finds exactly the citations written, at their exact ranges, among unclosed and nested openers', () => {
    const part = fc.oneof(fc.record({ junk }), fc.record({ form: fc.integer({ min: 0, max: 6 }) }));
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 8 }), fc.boolean(), fc.boolean(), (parts, crlf, unclosedComment) => {
        const nl = crlf ? '\r\n' : '\n';
        let text = '';
        const expected: { span: { start: number; end: number }; citation?: Piece['citation'] }[] = [];
        const notes: string[] = [];
        parts.forEach((p, i) => {
          if (text) text += nl + nl;
          if ('junk' in p) {
            text += p.junk;
            return;
          }
          const c = claim(i, p.form);
          const start = text.length;
          text += c.text;
          expected.push({ span: { start, end: start + c.text.length }, citation: c.citation && { ...c.citation, start: start + c.citation.start, end: start + c.citation.end, keySpans: c.citation.keySpans.map(([s, e]) => [start + s, start + e]) } });
          if (c.citation?.style === 'footnote') notes.push(`[^n${i}]: See @k${i}.`);
        });
        for (const n of notes) text += nl + nl + n;
        // An unclosed comment hides everything after it, claims included.
        const tail = unclosedComment ? `${nl}${nl}<!-- ${claim(99, 1).text}` : '';
        const d = segmentDraft(text + tail, true);

        assert.deepEqual(
          d.citations.map((c) => ({ keys: c.keys, start: c.span.start, end: c.span.end, style: c.style, label: c.label, keySpans: c.keySpans.map((k) => [k.start, k.end]) })),
          expected.flatMap((e) => (e.citation ? [{ label: undefined, ...e.citation }] : [])),
        );
        for (const e of expected) {
          const s = d.sentences.find((x) => x.span.start === e.span.start);
          assert.ok(s, `no sentence at ${e.span.start} in ${JSON.stringify(text)}`);
          assert.deepEqual(s.span, e.span);
          assert.deepEqual(s.citations.map((c) => c.span), e.citation ? [{ start: e.citation.start, end: e.citation.end }] : []);
        }
        let last = 0;
        for (const s of d.sentences) {
          assert.ok(s.span.start >= last && s.span.end <= text.length, `sentence beyond the comment or out of order in ${JSON.stringify(text + tail)}`);
          assert.equal(s.text, (text + tail).slice(s.span.start, s.span.end));
          assert.equal(s.masked.length, s.text.length);
          last = s.span.end;
        }
      }),
      { numRuns: 400 },
    );
  });

  it('segments any repeated run of openers in linear time', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...OPENERS, ']', ')', '}', '>', '\n', '\r', '---', '```', '# ', '> ', '|'), { minLength: 1, maxLength: 4 }), (units) => {
        const unit = units.join('');
        const g = steadyGrowth(repeated(unit), (t) => [segmentDraft(t, true), segmentDraft(t, false)], 2_500);
        assert.ok(g < MAX_GROWTH, `${JSON.stringify(unit)} repeated: 4 times the text took ${g.toFixed(1)} times as long`);
      }),
      { numRuns: 15 },
    );
  });
});
