import { strict as assert } from 'node:assert';
import { copyField, copyRow } from '../../src/archive/postgres/copyText';
import { decodeFeatures, encodeFeatures, recordsOf } from '../../src/archive/postgres/records';
import { corpusOf } from './helpers';

describe('archive records (what a load stores per passage)', () => {
  it('round-trips a feature record, quantities included, and rejects a damaged one', () => {
    const f = { terms: [{ stem: 0, start: 0, end: 3 }, { stem: 2, start: 9, end: 14 }], negations: [{ start: 4, end: 7 }], quantities: Float64Array.from([1, 0.3, 0.3, 0.3, 0, 15, 19, 3, 4, 1, 1]) };
    const bytes = encodeFeatures(f);
    assert.deepEqual(decodeFeatures(bytes), f);
    assert.throws(() => decodeFeatures(bytes.subarray(0, bytes.length - 8)), /damaged/);
  });

  it('keeps offsets relative to the passage and every stem a quantity names', () => {
    const corpus = corpusOf({ 'a.txt': 'Intro sentence here.\n\nThe harbor council hired 400 workers on Monday. It did not hire 20 more.' });
    const [rec] = recordsOf(corpus.index, '/r');
    const p = rec.passages[1];
    assert.equal(p.text, 'The harbor council hired 400 workers on Monday.');
    const f = decodeFeatures(p.features);
    const local = [...p.stems, ...(p.qstems ?? [])];
    const words = f.terms.map((t) => p.text.slice(t.start, t.end));
    for (const w of ['harbor', 'council', 'workers']) assert.ok(words.includes(w), `${w} in ${words.join(' ')}`);
    assert.equal(local[f.terms[words.indexOf('workers')].stem], 'worker');
    assert.ok(f.quantities.length > 0);
    assert.equal(p.text.slice(f.quantities[5], f.quantities[6]).includes('400'), true);
    assert.equal(p.joinsNext, true);
    assert.equal(rec.passages[0].joinsNext, false, 'a paragraph break ends the window');
    const neg = decodeFeatures(rec.passages[2].features).negations;
    assert.deepEqual(neg.map((n) => rec.passages[2].text.slice(n.start, n.end)), ['not']);
  });

  it('escapes COPY text fields so that no value can end a field, a row or an array element', () => {
    assert.equal(copyField('a\tb\nc\\d\re'), 'a\\tb\\nc\\\\d\\re');
    assert.equal(copyField(null), '\\N');
    assert.equal(copyField('\\N'), '\\\\N');
    assert.equal(copyField(['x"y', 'a\\b', '{,}']), '{"x\\\\"y","a\\\\\\\\b","{,}"}');
    assert.equal(copyField(Uint8Array.from([0, 255])), '\\\\x00ff');
    assert.equal(copyRow([1, true, undefined]), '1\tt\t\\N\n');
    assert.throws(() => copyField(NaN), /finite/);
  });
});
