/**
 * Compact postings (CSR) from the term columns: stem s's passages are `data[off[s], off[s + 1])`, each once, in
 * passage order. A counting sort, two passes, no per-stem objects.
 */
export function buildPostings(
  tOff: Int32Array,
  tStem: Int32Array,
  passages: number,
  stems: number,
): { off: Int32Array; data: Int32Array } {
  const count = new Int32Array(stems + 1);
  const last = new Int32Array(stems).fill(-1);
  for (let p = 0; p < passages; p++) {
    for (let i = tOff[p]; i < tOff[p + 1]; i++) {
      const s = tStem[i];
      if (last[s] !== p) {
        last[s] = p;
        count[s + 1]++;
      }
    }
  }
  for (let s = 0; s < stems; s++) count[s + 1] += count[s];
  const data = new Int32Array(count[stems]);
  const fill = count.slice(0, stems);
  last.fill(-1);
  for (let p = 0; p < passages; p++) {
    for (let i = tOff[p]; i < tOff[p + 1]; i++) {
      const s = tStem[i];
      if (last[s] !== p) {
        last[s] = p;
        data[fill[s]++] = p;
      }
    }
  }
  return { off: count, data };
}

/**
 * The `k` ids with the highest scores, best first; equal scores in the order of `ids` (what a stable sort of all of
 * them would give, kept in a bounded min-heap: O(n log k)). Another backend can return the same passages.
 */
export function topK(ids: ArrayLike<number>, score: Float64Array, k: number): number[] {
  if (ids.length <= k) return Array.from(ids).sort((x, y) => score[y] - score[x]);
  // Heap entries are positions in `ids`: a later position is worse at an equal score.
  const heap: number[] = [];
  const worse = (a: number, b: number) => score[ids[a]] < score[ids[b]] || (score[ids[a]] === score[ids[b]] && a > b);
  const less = (i: number, j: number) => worse(heap[i], heap[j]);
  const swap = (i: number, j: number) => {
    const t = heap[i];
    heap[i] = heap[j];
    heap[j] = t;
  };
  for (let at = 0; at < ids.length; at++) {
    if (heap.length < k) {
      heap.push(at);
      for (let i = heap.length - 1; i > 0 && less(i, (i - 1) >> 1); i = (i - 1) >> 1) swap(i, (i - 1) >> 1);
    } else if (score[ids[at]] > score[ids[heap[0]]]) {
      heap[0] = at;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < k && less(l, m)) m = l;
        if (r < k && less(r, m)) m = r;
        if (m === i) break;
        swap(i, m);
        i = m;
      }
    }
  }
  return heap.sort((a, b) => score[ids[b]] - score[ids[a]] || a - b).map((at) => ids[at]);
}
