import { strict as assert } from 'node:assert';
import {
  decodeLexicon,
  decodeVectors,
  decodeWordfreq,
  encodeLexicon,
  encodeVectors,
  encodeWordfreq,
  packLexicon,
  packVectors,
  packWordfreq,
} from '../../src/core/language/packedData';
import lexicon from '../../data/lexicon.json';
import vectors from '../../data/vectors.json';
import wordfreq from '../../data/wordfreq.json';

/** The bytes at an offset that is not a multiple of 8, as a Buffer from Node's pool may be. */
const shifted = (bytes: Uint8Array) => {
  const b = new Uint8Array(bytes.byteLength + 3);
  b.set(bytes, 3);
  return b.subarray(3);
};

describe('the packed language data', () => {
  const json = lexicon as unknown as { lemmas: Record<string, number[]>; ants: Record<string, number[]>; near: Record<string, number[]>; pos: Record<string, number[]> };
  const packed = packLexicon(json);
  const decoded = decodeLexicon(shifted(encodeLexicon(packed)));

  it('gives every lemma the JSON’s synsets, and every synset its near and opposite ones, after a round trip', () => {
    const lemmas = Object.keys(json.lemmas);
    assert.deepEqual(decoded.lemmas, lemmas);
    lemmas.forEach((k, i) => assert.deepEqual([...decoded.synIds.subarray(decoded.synOff[i], decoded.synOff[i + 1])], json.lemmas[k], k));
    for (const [links, off, ids] of [
      [json.near, decoded.nearOff, decoded.nearIds],
      [json.ants, decoded.antsOff, decoded.antsIds],
    ] as const) {
      for (let s = 0; s + 1 < off.length; s++) assert.deepEqual([...ids.subarray(off[s], off[s + 1])], links[s] ?? [], `synset ${s}`);
    }
  });

  it('lists a synset’s lemmas in the JSON’s key order', () => {
    const keys = Object.keys(json.lemmas);
    for (const s of [0, 1, 2, 100, 5000, 40000]) {
      const expected = keys.filter((k) => json.lemmas[k].includes(s));
      assert.deepEqual([...decoded.memberIdx.subarray(decoded.memberOff[s], decoded.memberOff[s + 1])].map((i) => decoded.lemmas[i]), expected, `synset ${s}`);
    }
  });

  it('round-trips the word vectors and rarities exactly', () => {
    const v = packVectors(vectors as never);
    const dv = decodeVectors(shifted(encodeVectors(v)));
    assert.equal(dv.dims, v.dims);
    assert.equal(dv.scale, v.scale);
    assert.deepEqual(dv.stems, v.stems);
    assert.deepEqual(dv.v, v.v);
    const w = packWordfreq(wordfreq as never);
    const dw = decodeWordfreq(shifted(encodeWordfreq(w)));
    assert.equal(dw.unknown, w.unknown);
    assert.deepEqual(dw.stems, Object.keys((wordfreq as { bits: object }).bits));
    assert.deepEqual([...dw.bits], Object.values((wordfreq as { bits: Record<string, number> }).bits));
  });

  it('keeps where each part of speech’s synsets start', () => {
    assert.deepEqual([...decoded.posStart], [json.pos.n[0], json.pos.v[0], json.pos.a[0], json.pos.r[0], json.pos.r[1]]);
    assert.ok(decoded.posStart[0] < decoded.posStart[1] && decoded.posStart[1] < decoded.posStart[2]);
  });

  it('refuses a file of another kind or a truncated one with a message that says to rebuild', () => {
    const bytes = encodeWordfreq(packWordfreq({ unknown: 3, bits: { a: 1, b: 2 } }));
    assert.throws(() => decodeLexicon(bytes), /not a CORLEX02 data file.*npm run build/);
    assert.throws(() => decodeWordfreq(bytes.subarray(0, bytes.byteLength - 8)), /truncated; rebuild/);
    assert.throws(() => decodeWordfreq(new Uint8Array(3)), /not a CORWFQ01 data file/);
    assert.deepEqual(decodeWordfreq(bytes).stems, ['a', 'b']);
  });
});
