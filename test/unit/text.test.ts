import { strict as assert } from 'node:assert';
import { LineIndex, stripBom } from '../../src/core';
import { surfaceTokens, tokenize } from '../../src/core/language/tokens';

describe('LineIndex', () => {
  it('maps offsets to editor positions across LF, CRLF and CR line endings', () => {
    const text = 'ab\r\ncd\nef\rgh';
    const li = new LineIndex(text);
    assert.equal(li.lineCount, 4);
    assert.deepEqual(li.positionAt(text.indexOf('c')), { line: 1, character: 0 });
    assert.deepEqual(li.positionAt(text.indexOf('f')), { line: 2, character: 1 });
    assert.deepEqual(li.positionAt(text.indexOf('h')), { line: 3, character: 1 });
  });

  it('round-trips every offset through positions', () => {
    const text = 'one\r\ntwo\n\nthree\rfour';
    const li = new LineIndex(text);
    for (let o = 0; o <= text.length; o++) {
      if (text[o - 1] === '\r' && text[o] === '\n') continue; // between CR and LF is not a position
      assert.equal(li.offsetAt(li.positionAt(o)), o, `offset ${o}`);
    }
  });

  it('strips a byte-order mark', () => {
    assert.equal(stripBom('\uFEFFhello'), 'hello');
    assert.equal(stripBom('hello'), 'hello');
  });
});

describe('surfaceTokens', () => {
  it('gives the tokens of tokenize, words, cases and offsets, without stems', () => {
    let names = 0;
    for (const text of [
      '“It is too early,” said Jennifer Homendy, chair of the NTSB.',
      "Officials didn't say when; the mayor's office told reporters it would (at 5:26 p.m.).",
      'The U.S. carrier’s 1,200 flights — about 3% — were cancelled by Delta Air Lines.',
    ]) {
      const full = tokenize(text).map(({ text: t, start, end, lower, kind, capitalized }) => ({ text: t, start, end, lower, kind, capitalized }));
      assert.deepEqual(surfaceTokens(text), full);
      names += full.filter((t) => t.capitalized).length;
    }
    assert.ok(names >= 4, `${names} capitalised words`);
  });
});
