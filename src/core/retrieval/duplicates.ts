import type { Source } from '../sources/source';

/** Sentences shared by more files than this are boilerplate, which says nothing about copies. */
const BOILERPLATE = 50;

/**
 * Near-duplicate groups: a source whose sentences are 80% (of the shorter one's) in another is a copy of it, and
 * support counts groups, not files. Returns each source's group (the index of its group's first source).
 *
 * Sentences are compared by a 32-bit hash of their lower-cased text, numbered in an open-addressing table; each
 * source's distinct sentence numbers and each sentence's sources are typed arrays (no Set per source, no Map over
 * all sentences), and the sentences two sources share are counted in one reused array.
 */
export function duplicateGroups(sources: readonly Source[]): number[] {
  const S = sources.length;
  let total = 0;
  for (const s of sources) total += s.passages.length;
  // Sentence hash -> sentence number, by linear probing; `ids` is -1 where a slot is free.
  let cap = 16;
  while (cap < total * 2) cap *= 2;
  const mask = cap - 1;
  const keys = new Uint32Array(cap);
  const ids = new Int32Array(cap).fill(-1);
  let distinct = 0;
  // Per source, its distinct sentence numbers in passage order: [off[i], off[i + 1]) of `own`.
  const off = new Int32Array(S + 1);
  const own = new Int32Array(total);
  // Per sentence number: how many sources hold it, and the last source counted (to count each source once).
  let count = new Int32Array(1024);
  let last = new Int32Array(1024);
  let n = 0;
  for (let i = 0; i < S; i++) {
    off[i] = n;
    for (const p of sources[i].passages) {
      if (p.text.length <= 20) continue;
      const h = foldedHash(p.text);
      let slot = Math.imul(h, 0x9e3779b1) & mask;
      while (ids[slot] >= 0 && keys[slot] !== h) slot = (slot + 1) & mask;
      let id = ids[slot];
      if (id < 0) {
        id = ids[slot] = distinct++;
        keys[slot] = h;
        if (id === count.length) {
          count = grown(count, 0);
          last = grown(last, -1);
        } else last[id] = -1;
      }
      if (last[id] === i) continue;
      last[id] = i;
      count[id]++;
      own[n++] = id;
    }
  }
  off[S] = n;
  // Per sentence number, its sources in ascending order: [at[id], at[id + 1]) of `holders`.
  const at = new Int32Array(distinct + 1);
  for (let id = 0; id < distinct; id++) at[id + 1] = at[id] + count[id];
  const fill = at.slice(0, distinct);
  const holders = new Int32Array(n);
  for (let i = 0; i < S; i++) for (let k = off[i]; k < off[i + 1]; k++) holders[fill[own[k]]++] = i;

  const parent = new Int32Array(S);
  for (let i = 0; i < S; i++) parent[i] = i;
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  // Sentences source i shares with each later source j (valid where seen[j] === i), and the j touched.
  const shared = new Int32Array(S);
  const seen = new Int32Array(S).fill(-1);
  const touched = new Int32Array(S);
  for (let i = 0; i < S; i++) {
    let t = 0;
    for (let k = off[i]; k < off[i + 1]; k++) {
      const id = own[k];
      if (count[id] > BOILERPLATE) continue;
      for (let h = at[id]; h < at[id + 1]; h++) {
        const j = holders[h];
        if (j <= i) continue;
        if (seen[j] !== i) {
          seen[j] = i;
          shared[j] = 0;
          touched[t++] = j;
        }
        shared[j]++;
      }
    }
    const size = off[i + 1] - off[i];
    for (let k = 0; k < t; k++) {
      const j = touched[k];
      if (shared[j] >= 0.8 * Math.min(size, off[j + 1] - off[j])) parent[find(j)] = find(i);
    }
  }
  return Array.from({ length: S }, (_, i) => find(i));
}

function grown(a: Int32Array<ArrayBuffer>, value: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2).fill(value);
  b.set(a);
  return b;
}

/** FNV-1a of a text with ASCII letters folded to lower case. */
export function foldedHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h >>> 0;
}
