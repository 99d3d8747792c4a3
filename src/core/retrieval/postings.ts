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

/** The `k` ids with the highest scores, best first (a bounded min-heap: O(n log k)). */
export function topK(ids: number[], score: Float64Array, k: number): number[] {
  if (ids.length <= k) return ids.sort((x, y) => score[y] - score[x]);
  const heap: number[] = [];
  const less = (i: number, j: number) => score[heap[i]] < score[heap[j]];
  const swap = (i: number, j: number) => {
    const t = heap[i];
    heap[i] = heap[j];
    heap[j] = t;
  };
  for (const id of ids) {
    if (heap.length < k) {
      heap.push(id);
      for (let i = heap.length - 1; i > 0 && less(i, (i - 1) >> 1); i = (i - 1) >> 1) swap(i, (i - 1) >> 1);
    } else if (score[id] > score[heap[0]]) {
      heap[0] = id;
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
  return heap.sort((x, y) => score[y] - score[x]);
}
