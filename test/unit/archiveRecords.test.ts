import { strict as assert } from 'node:assert';
import { BinaryCopyWriter } from '../../src/archive/postgres/copyBinary';
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

  it('writes binary COPY fields as lengths and bytes: int8 past 2^32 and negative, arrays empty or not, text as UTF-8', () => {
    const w = new BinaryCopyWriter(64);
    w.row(6).int8(2 ** 40 + 5).int8(-3).textArray([]).textArray(['é\t"']).int4Array([7]).null();
    const b = Buffer.from(w.finish());
    assert.equal(b.subarray(0, 11).toString('latin1'), 'PGCOPY\n\xff\r\n\0');
    let at = 19; // signature, flags, header extension
    assert.equal(b.readInt16BE(at), 6);
    at += 2;
    const field = () => {
      const n = b.readInt32BE(at);
      at += 4;
      const v = n < 0 ? null : b.subarray(at, at + n);
      at += Math.max(0, n);
      return v;
    };
    assert.equal(field()!.readBigInt64BE(0), BigInt(2 ** 40 + 5));
    assert.equal(field()!.readBigInt64BE(0), -3n);
    assert.deepEqual([...field()!], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 25], 'no dimensions, element type text');
    const arr = field()!;
    assert.deepEqual([arr.readInt32BE(0), arr.readInt32BE(8), arr.readInt32BE(12), arr.readInt32BE(16), arr.readInt32BE(20)], [1, 25, 1, 1, 4]);
    assert.equal(arr.subarray(24).toString('utf8'), 'é\t"');
    const ints = field()!;
    assert.deepEqual([ints.readInt32BE(8), ints.readInt32BE(24)], [23, 7]);
    assert.equal(field(), null);
    assert.equal(b.readInt16BE(at), -1, 'trailer');
    assert.equal(at + 2, b.length);
    assert.throws(() => new BinaryCopyWriter().int8(2 ** 53), /safe integer/);
  });
});
