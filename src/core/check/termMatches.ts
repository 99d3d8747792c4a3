import type { Vocabulary } from '../retrieval/passageIndex';
import type { Query } from './query';

// How a passage's words match a claim's words: the per-query match table and the shared-root test `align` reads.

/** How a passage word matches a claim word, in precedence order (the low two bits of a `matchesOf` entry). */
export const EXACT = 0;
export const SYNONYM = 1;
export const NEAR = 2;

const matchMemo = new WeakMap<Query, Map<number, number[]>>();

/**
 * Per stem id, the claim words it matches and how, as `termIndex << 2 | kind` (kind EXACT, SYNONYM, NEAR or 3 for an
 * antonym the claim does not itself hold), each claim word at most once per stem, by precedence. Made once per query.
 */
export function matchesOf(q: Query): Map<number, number[]> {
  let m = matchMemo.get(q);
  if (m) return m;
  m = new Map();
  const add = (id: number, e: number) => {
    const list = m!.get(id);
    if (list) list.push(e);
    else m!.set(id, [e]);
  };
  q.terms.forEach((t, j) => {
    if (t.id >= 0) add(t.id, (j << 2) | EXACT);
    for (const id of t.synonyms) if (id !== t.id) add(id, (j << 2) | SYNONYM);
    for (const id of t.near) if (id !== t.id && !t.synonyms.has(id)) add(id, (j << 2) | NEAR);
    for (const id of t.antonyms)
      if (id !== t.id && !t.synonyms.has(id) && !t.near.has(id) && !q.ids.has(id)) add(id, (j << 2) | 3);
  });
  matchMemo.set(q, m);
  return m;
}

/** Letters two stems of one root share at least (see `sharesRoot`). */
export const ROOT_PREFIX = 6;
/**
 * A hash of a stem's first ROOT_PREFIX letters, never 0 (1 for a shorter stem): equal for any two stems that share
 * a root.
 */
export function prefixCode(stem: string): number {
  if (stem.length < ROOT_PREFIX) return 1;
  let h = 17;
  for (let i = 0; i < ROOT_PREFIX; i++) h = (Math.imul(h, 31) + stem.charCodeAt(i)) | 0;
  return h || 2;
}
const prefixMemo = new WeakMap<Vocabulary, Int32Array>();
/** `prefixCode` of a stem id, memoised per vocabulary (0: not yet computed); a typed-array read per word in `align`. */
export function prefixOfId(vocabulary: Vocabulary, id: number): number {
  let codes = prefixMemo.get(vocabulary);
  if (!codes || id >= codes.length) {
    const grown = new Int32Array(Math.max(1024, (id + 1) * 2));
    if (codes) grown.set(codes);
    prefixMemo.set(vocabulary, (codes = grown));
  }
  return codes[id] || (codes[id] = prefixCode(vocabulary.stemOf(id)));
}

/** True for stems of one root that the stemmer left apart ("competit" and "competitor"). */
export function sharesRoot(a: string, b: string): boolean {
  if (b.length < 5 || a === b) return false;
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i >= 6 && i >= n - 2;
}
