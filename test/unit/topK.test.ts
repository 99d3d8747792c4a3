import { strict as assert } from 'node:assert';
import { topK } from '../../src/core/retrieval/postings';

describe('topK', () => {
  /** What a stable sort of every id by score gives: the rule another backend (the archive) reproduces. */
  const stable = (ids: number[], score: Float64Array, k: number) => [...ids].sort((x, y) => score[y] - score[x]).slice(0, k);

  it('keeps equal scores in the order the ids came, whether or not there are more ids than it keeps', () => {
    let seed = 7;
    const r = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let round = 0; round < 200; round++) {
      const n = 1 + Math.floor(r() * 300);
      const score = new Float64Array(n);
      for (let i = 0; i < n; i++) score[i] = Math.floor(r() * 4); // few distinct scores: many ties
      const ids = Array.from({ length: n }, (_, i) => i).sort(() => r() - 0.5);
      const k = 1 + Math.floor(r() * 80);
      assert.deepEqual(topK([...ids], score, k), stable(ids, score, k), `n ${n} k ${k}`);
    }
  });
});
