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

/** `matchesOf(q)` over stem ids in typed arrays: `slot[id]` indexes `lists` where `stamp[id] === gen`. */
export interface MatchTable {
  stamp: Int32Array;
  slot: Int32Array;
  gen: number;
  lists: number[][];
}
const table: MatchTable = { stamp: new Int32Array(1024), slot: new Int32Array(1024), gen: 0, lists: [] };
let tableOf: Query | undefined;

/**
 * The match table of `q`, for `align`'s one pass over a passage's words (a typed-array read per word instead of a
 * map lookup). One table is shared: it is filled again when another query asks, which the checker does once per
 * sentence, not per passage. Valid until the next call with another query.
 */
export function matchTable(q: Query): MatchTable {
  if (tableOf === q) return table;
  const m = matchesOf(q);
  let max = -1;
  for (const id of m.keys()) if (id > max) max = id;
  if (max >= table.stamp.length) {
    const size = Math.max(max + 1, table.stamp.length * 2);
    table.stamp = new Int32Array(size);
    table.slot = new Int32Array(size);
    table.gen = 0;
  }
  if (++table.gen === 0x7fffffff) {
    table.stamp.fill(0);
    table.gen = 1;
  }
  table.lists = [];
  for (const [id, list] of m) {
    table.stamp[id] = table.gen;
    table.slot[id] = table.lists.push(list) - 1;
  }
  tableOf = q;
  return table;
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
// The last vocabulary asked about and its memo: `align` asks for every word of a passage, of one vocabulary.
let lastVocabulary: Vocabulary | undefined;
let lastCodes: Int32Array = new Int32Array(0);
/** `prefixCode` of a stem id, memoised per vocabulary (0: not yet computed); a typed-array read per word in `align`. */
export function prefixOfId(vocabulary: Vocabulary, id: number): number {
  if (vocabulary !== lastVocabulary || id >= lastCodes.length) {
    let codes = prefixMemo.get(vocabulary);
    if (!codes || id >= codes.length) {
      const grown = new Int32Array(Math.max(1024, (id + 1) * 2));
      if (codes) grown.set(codes);
      prefixMemo.set(vocabulary, (codes = grown));
    }
    lastVocabulary = vocabulary;
    lastCodes = codes;
  }
  return lastCodes[id] || (lastCodes[id] = prefixCode(vocabulary.stemOf(id)));
}

/** True for stems of one root that the stemmer left apart ("competit" and "competitor"). */
export function sharesRoot(a: string, b: string): boolean {
  if (b.length < 5 || a === b) return false;
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i >= 6 && i >= n - 2;
}
