import type { ClientBase } from 'pg';
import { rowsOf, type PassageRow, type RetrievedHit, type StemQuery } from './retrieve';

/** Passage keys are `article * 2^22 + ord` (exact in a double while article < 2^31). */
const ORD_SPAN = 4_194_304;
const MAX_ARTICLE = 2 ** 31;

/** How retrieval orders equal scores: by the article's path (code point order, as COLLATE "C"), then place. */
export interface ArticleOrder {
  /** The article's place in path order when it is known as a number (cheaper to compare), else undefined. */
  rank(article: number): number | undefined;
  /** The article's path, or undefined for an article not known yet. */
  path(article: number): string | undefined;
  /** Makes the paths of these articles known (articles loaded after the index was opened). */
  fetch(articles: number[]): Promise<void>;
}

/**
 * Retrieval with the sums in the client: the postings of each query stem are read once (one statement per batch
 * for the stems not held yet, array_send bytes) and kept across checks in a least-recently-used cache bounded in
 * postings; each query is summed as the in-memory index sums it; then one statement fetches the best passages'
 * rows with their paragraph neighbours. Two statements per batch of sentences, whatever the number of postings.
 * The cache is emptied when the archive's totals or last load change (each batch reads them with the postings it
 * fetches), so a load or removal is seen by the next batch. The ranking is `retrieveStems`' (the in-memory index's)
 * exactly: by score summed in word order, then by the first (word, alternative) that reached the passage, then by
 * the article's path and the passage's place in it.
 */
export class ClientRetrieval {
  private readonly cache = new Map<string, Float64Array>();
  /** Fetched passage rows with their neighbours, by passage key (most recently used last). */
  private readonly rows = new Map<number, FetchedRow>();
  private held = 0;
  private version: string | undefined;
  /** Keys standing for (article, ord) pairs out of the numeric range, negative. */
  private readonly wide = new Map<string, number>();
  private readonly wideOf = new Map<number, [number, number]>();

  /**
   * @param maxPostings postings the cache may hold (8 bytes each).
   * @param maxRows passage rows it may hold (each with its neighbours; a few kilobytes).
   */
  constructor(
    private readonly maxPostings = 4_000_000,
    private readonly maxRows = 20_000,
  ) {}

  /** Postings held in the cache now. */
  get postingsHeld(): number {
    return this.held;
  }

  async retrieve(client: ClientBase, queries: readonly StemQuery[], limit: number, order: ArticleOrder): Promise<RetrievedHit[][]> {
    const out: RetrievedHit[][] = queries.map(() => []);
    const cap = Number.isFinite(limit) ? Math.floor(limit) : 2147483647;
    if (cap <= 0) return out;
    const wanted = new Set<string>();
    for (const q of queries) for (const alts of q.words) for (const a of alts) if (Number.isFinite(a.weight)) wanted.add(a.stem);
    if (!wanted.size) return out;
    const lists = await this.postings(client, [...wanted]);

    // Per query: the sums, the first touch, and the best `cap` by (score, touch) with every tie at the cut.
    const picked: { key: number; score: number; touch: number }[][] = [];
    const unknown = new Set<number>();
    for (const q of queries) {
      const slot = new Map<number, number>();
      const keys: number[] = [];
      const score: number[] = [];
      const touch: number[] = [];
      const word: number[] = [];
      q.words.forEach((alts, w) =>
        alts.forEach((a, o) => {
          if (!Number.isFinite(a.weight)) return;
          const list = lists.get(a.stem);
          if (!list) return;
          for (let i = 0; i < list.length; i++) {
            const k = list[i];
            const s = slot.get(k);
            if (s === undefined) {
              slot.set(k, keys.length);
              keys.push(k);
              score.push(a.weight);
              touch.push(w * 1e6 + o);
              word.push(w);
            } else if (word[s] !== w) {
              word[s] = w;
              score[s] += a.weight;
            }
          }
        }),
      );
      const chosen = bestWithTies(score, touch, cap).map((s) => ({ key: keys[s], score: score[s], touch: touch[s] }));
      for (const c of chosen) {
        const article = this.articleOf(c.key);
        if (order.path(article) === undefined) unknown.add(article);
      }
      picked.push(chosen);
    }
    if (unknown.size) await order.fetch([...unknown]);

    const compare = (x: { key: number; score: number; touch: number }, y: { key: number; score: number; touch: number }) => {
      if (x.score !== y.score) return y.score - x.score;
      if (x.touch !== y.touch) return x.touch - y.touch;
      const ax = this.articleOf(x.key);
      const ay = this.articleOf(y.key);
      if (ax !== ay) {
        const rx = order.rank(ax);
        const ry = order.rank(ay);
        if (rx !== undefined && ry !== undefined) return rx - ry;
        const c = comparePaths(order.path(ax) ?? '', order.path(ay) ?? '');
        if (c) return c;
        return ax - ay;
      }
      return this.ordOf(x.key) - this.ordOf(y.key);
    };
    const tops = picked.map((chosen) => chosen.sort(compare).slice(0, cap));

    const distinct = [...new Set(tops.flatMap((t) => t.map((c) => c.key)))];
    const missing: number[] = [];
    for (const k of distinct) {
      const r = this.rows.get(k);
      if (!r) missing.push(k);
      else {
        this.rows.delete(k);
        this.rows.set(k, r);
      }
    }
    if (missing.length) {
      const found = await rowsOf(
        client,
        missing.map((k) => String(this.articleOf(k))),
        missing.map((k) => this.ordOf(k)),
      );
      for (const r of found) this.rows.set(this.keyOf(Number(r.passage.article), r.passage.ord), r);
    }
    const rows = new Map(distinct.flatMap((k) => {
      const r = this.rows.get(k);
      return r ? [[k, r] as const] : [];
    }));
    for (const k of this.rows.keys()) {
      if (this.rows.size <= Math.max(this.maxRows, distinct.length)) break;
      this.rows.delete(k);
    }
    tops.forEach((top, i) => {
      for (const c of top) {
        const r = rows.get(c.key);
        // A passage removed since its postings were read is left out.
        if (r) out[i].push({ score: c.score, passage: r.passage, previous: r.previous, next: r.next });
      }
    });
    return out;
  }

  /** The postings of these stems, from the cache or (those not held, or all after a load) the database. */
  private async postings(client: ClientBase, stems: string[]): Promise<Map<string, Float64Array>> {
    const got = new Map<string, Float64Array>();
    let missing = stems.filter((s) => {
      const l = this.cache.get(s);
      if (!l) return true;
      // Most recently used last.
      this.cache.delete(s);
      this.cache.set(s, l);
      got.set(s, l);
      return false;
    });
    for (let attempt = 0; attempt < 2; attempt++) {
      const r = await client.query<{ version: string; stem: string | null; articles: Buffer | null; ords: Buffer | null }>(
        `SELECT s.articles::text || '/' || s.passages::text || '/' || coalesce(s.last_load::text, '') AS version, x.stem, x.articles, x.ords
           FROM corroborate_stats s
           LEFT JOIN LATERAL (SELECT stem, array_send(articles) AS articles, array_send(ords) AS ords FROM corroborate_postings
                               WHERE stem = ANY($1::text[])) x ON true`,
        [missing],
      );
      const version = r.rows[0]?.version ?? '';
      const parts = new Map<string, Float64Array[]>();
      for (const row of r.rows) {
        if (row.stem === null || !row.articles || !row.ords) continue;
        const articles = readArray(row.articles, 8);
        const ords = readArray(row.ords, 4);
        const keys = new Float64Array(articles.length);
        for (let i = 0; i < keys.length; i++) keys[i] = this.keyOf(articles[i], ords[i]);
        const l = parts.get(row.stem);
        if (l) l.push(keys);
        else parts.set(row.stem, [keys]);
      }
      const fetched = new Map<string, Float64Array>();
      for (const s of missing) fetched.set(s, concat(parts.get(s) ?? []));
      if (this.version !== undefined && version !== this.version && got.size) {
        // The archive changed since the cached postings were read: read them all again.
        this.clear();
        this.version = version;
        for (const [s, l] of fetched) this.put(s, l);
        missing = [...got.keys()];
        for (const [s, l] of fetched) got.set(s, l);
        continue;
      }
      if (version !== this.version) this.clear();
      this.version = version;
      for (const [s, l] of fetched) {
        this.put(s, l);
        got.set(s, l);
      }
      break;
    }
    return got;
  }

  private put(stem: string, list: Float64Array): void {
    this.cache.set(stem, list);
    this.held += list.length;
    for (const [s, l] of this.cache) {
      if (this.held <= this.maxPostings || s === stem) break;
      this.cache.delete(s);
      this.held -= l.length;
    }
  }

  private clear(): void {
    this.cache.clear();
    this.rows.clear();
    this.held = 0;
  }

  private keyOf(article: number, ord: number): number {
    if (article >= 0 && article < MAX_ARTICLE && ord >= 0 && ord < ORD_SPAN) return article * ORD_SPAN + ord;
    const name = `${article}/${ord}`;
    let k = this.wide.get(name);
    if (k === undefined) {
      k = -1 - this.wide.size;
      this.wide.set(name, k);
      this.wideOf.set(k, [article, ord]);
    }
    return k;
  }

  private articleOf(key: number): number {
    return key >= 0 ? Math.floor(key / ORD_SPAN) : this.wideOf.get(key)![0];
  }

  private ordOf(key: number): number {
    return key >= 0 ? key % ORD_SPAN : this.wideOf.get(key)![1];
  }
}

/**
 * Positions of the best `cap` entries by score (higher first), then touch (lower first), with every entry equal
 * to the last of them included (SQL's `rank() <= cap`): the rest of the order needs the article's path.
 */
function bestWithTies(score: number[], touch: number[], cap: number): number[] {
  const n = score.length;
  const all = Array.from({ length: n }, (_, i) => i);
  if (n <= cap) return all;
  const worse = (a: number, b: number) => score[a] < score[b] || (score[a] === score[b] && touch[a] > touch[b]);
  // A min-heap (worst at the top) of the best `cap` seen.
  const heap: number[] = [];
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(heap[l], heap[m])) m = l;
      if (r < heap.length && worse(heap[r], heap[m])) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  };
  for (let i = 0; i < n; i++) {
    if (heap.length < cap) {
      heap.push(i);
      for (let j = heap.length - 1; j > 0 && worse(heap[j], heap[(j - 1) >> 1]); j = (j - 1) >> 1) [heap[j], heap[(j - 1) >> 1]] = [heap[(j - 1) >> 1], heap[j]];
    } else if (worse(heap[0], i)) {
      heap[0] = i;
      down(0);
    }
  }
  const edge = heap[0];
  return all.filter((i) => !worse(i, edge));
}

/** Code point order of two strings (PostgreSQL's COLLATE "C" on UTF-8). */
export function comparePaths(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (U+D800–DFFF) stand for code points above every other UTF-16 unit.
    const sx = x >= 0xd800 && x <= 0xdfff ? x + 0x2000 : x >= 0xe000 ? x - 0x800 : x;
    const sy = y >= 0xd800 && y <= 0xdfff ? y + 0x2000 : y >= 0xe000 ? y - 0x800 : y;
    return sx - sy;
  }
  return a.length - b.length;
}

/** The elements of a one-dimensional int8 (width 8) or int4 (width 4) array in PostgreSQL's binary format. */
function readArray(b: Buffer, width: 4 | 8): number[] {
  const ndim = b.readInt32BE(0);
  if (ndim === 0) return [];
  const n = b.readInt32BE(12);
  const out = new Array<number>(n);
  let at = 20;
  for (let i = 0; i < n; i++) {
    // Each element: its length (int4, -1 for null), then its bytes.
    at += 4;
    out[i] = width === 8 ? Number(b.readBigInt64BE(at)) : b.readInt32BE(at);
    at += width;
  }
  return out;
}

function concat(parts: Float64Array[]): Float64Array {
  if (parts.length === 1) return parts[0];
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

type FetchedRow = { passage: PassageRow; previous?: PassageRow; next?: PassageRow };
