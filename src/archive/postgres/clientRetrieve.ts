import type { ClientBase } from 'pg';
import { arrayLength, int4At, int8At } from './binaryArrays';
import { rowsOf, type PassageRow, type RetrievedHit, type StemQuery } from './retrieve';

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
  /** Per stem, its passages as dense ids (most recently used last). */
  private readonly cache = new Map<string, Int32Array>();
  /** Fetched passage rows with their neighbours, by dense id (most recently used last). */
  private readonly rows = new Map<number, FetchedRow>();
  private held = 0;
  private version: string | undefined;
  /** Dense passage ids: an article's ids by place, and each id's article and place. */
  private readonly ids = new Map<number, number[]>();
  private articles: number[] = [];
  private ords: number[] = [];
  // Scratch space for the sums, by dense id (as MemoryIndex.candidates).
  private acc = new Float64Array(0);
  private first = new Float64Array(0);
  private stamp = new Int32Array(0);
  private mark = 0;
  /** Grows whenever the caches are emptied (dense ids start again). */
  private epoch = 0;

  /**
   * @param maxPostings postings the cache may hold (4 bytes each; the dense ids cost about 20 bytes a passage).
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
    // This call's id space: a concurrent call that empties the caches replaces these arrays, not their contents.
    const { articles, ords } = this;
    const epoch = this.epoch;

    const n = articles.length;
    if (this.acc.length < n) {
      const size = Math.max(n, 1024) * 2;
      this.acc = new Float64Array(size);
      this.first = new Float64Array(size);
      this.stamp = new Int32Array(size);
      this.mark = 0;
    }
    const { acc, first, stamp } = this;
    // Per query: the sums, the first touch, and the best `cap` by (score, touch) with every tie at the cut.
    const picked: { pid: number; score: number; touch: number }[][] = [];
    const unknown = new Set<number>();
    for (const q of queries) {
      const touched: number[] = [];
      const start = this.mark + 1;
      q.words.forEach((alts, w) => {
        const mark = ++this.mark;
        alts.forEach((a, o) => {
          if (!Number.isFinite(a.weight)) return;
          const list = lists.get(a.stem);
          if (!list) return;
          for (let i = 0; i < list.length; i++) {
            const pid = list[i];
            const m = stamp[pid];
            if (m === mark) continue;
            if (m < start) {
              acc[pid] = 0;
              first[pid] = w * 1e6 + o;
              touched.push(pid);
            }
            stamp[pid] = mark;
            acc[pid] += a.weight;
          }
        });
      });
      const chosen = bestWithTies(touched, acc, first, cap).map((pid) => ({ pid, score: acc[pid], touch: first[pid] }));
      for (const c of chosen) if (order.path(articles[c.pid]) === undefined) unknown.add(articles[c.pid]);
      picked.push(chosen);
    }
    if (unknown.size) await order.fetch([...unknown]);

    const compare = (x: { pid: number; score: number; touch: number }, y: { pid: number; score: number; touch: number }) => {
      if (x.score !== y.score) return y.score - x.score;
      if (x.touch !== y.touch) return x.touch - y.touch;
      const ax = articles[x.pid];
      const ay = articles[y.pid];
      if (ax !== ay) {
        const rx = order.rank(ax);
        const ry = order.rank(ay);
        if (rx !== undefined && ry !== undefined) return rx - ry;
        const c = comparePaths(order.path(ax) ?? '', order.path(ay) ?? '');
        if (c) return c;
        return ax - ay;
      }
      return ords[x.pid] - ords[y.pid];
    };
    const tops = picked.map((chosen) => chosen.sort(compare).slice(0, cap));

    const distinct = [...new Set(tops.flatMap((t) => t.map((c) => c.pid)))];
    const missing: number[] = [];
    const rows = new Map<number, FetchedRow>();
    for (const pid of distinct) {
      const r = epoch === this.epoch ? this.rows.get(pid) : undefined;
      if (!r) missing.push(pid);
      else {
        rows.set(pid, r);
        this.rows.delete(pid);
        this.rows.set(pid, r);
      }
    }
    if (missing.length) {
      const asked = new Map(missing.map((pid) => [`${articles[pid]}/${ords[pid]}`, pid]));
      const found = await rowsOf(
        client,
        missing.map((pid) => String(articles[pid])),
        missing.map((pid) => ords[pid]),
      );
      for (const r of found) {
        const pid = asked.get(`${r.passage.article}/${r.passage.ord}`);
        if (pid === undefined) continue;
        rows.set(pid, r);
        if (epoch === this.epoch) this.rows.set(pid, r);
      }
    }
    for (const pid of this.rows.keys()) {
      if (this.rows.size <= Math.max(this.maxRows, distinct.length)) break;
      this.rows.delete(pid);
    }
    tops.forEach((top, i) => {
      for (const c of top) {
        const r = rows.get(c.pid);
        // A passage removed since its postings were read is left out.
        if (r) out[i].push({ score: c.score, passage: r.passage, previous: r.previous, next: r.next });
      }
    });
    return out;
  }

  /** The postings of these stems, from the cache or (those not held, or all after a load) the database. */
  private async postings(client: ClientBase, stems: string[]): Promise<Map<string, Int32Array>> {
    const got = new Map<string, Int32Array>();
    let missing = stems.filter((s) => {
      const l = this.cache.get(s);
      if (!l) return true;
      // Most recently used last.
      this.cache.delete(s);
      this.cache.set(s, l);
      got.set(s, l);
      return false;
    });
    // Dense ids are never freed one by one: past this many, start again.
    if (this.articles.length > 4 * this.maxPostings) {
      this.clear();
      missing = stems;
      got.clear();
    }
    for (let attempt = 0; attempt < 3; attempt++) {
      const before = this.epoch;
      // The arrays as base64 text of their binary form: a third fewer characters than bytea's hex output, and no
      // bytea parsing of a hex string in the client (node-postgres reads every field as text).
      const r = await client.query<{ version: string; stem: string | null; articles: string | null; ords: string | null }>(
        `SELECT s.articles::text || '/' || s.passages::text || '/' || coalesce(s.last_load::text, '') AS version, x.stem, x.articles, x.ords
           FROM corroborate_stats s
           LEFT JOIN LATERAL (SELECT stem, encode(array_send(articles), 'base64') AS articles, encode(array_send(ords), 'base64') AS ords
                                FROM corroborate_postings WHERE stem = ANY($1::text[])) x ON true`,
        [missing],
      );
      const version = r.rows[0]?.version ?? '';
      if (this.epoch !== before && got.size) {
        // Another retrieval emptied the caches meanwhile: the lists held are of the ids before.
        missing = stems;
        got.clear();
        continue;
      }
      if (this.version !== undefined && version !== this.version) {
        // The archive changed since the cached postings were read: read them all again.
        this.clear();
        this.version = version;
        if (got.size) {
          missing = stems;
          got.clear();
          continue;
        }
      }
      this.version = version;
      const parts = new Map<string, Int32Array[]>();
      for (const row of r.rows) {
        if (row.stem === null || !row.articles || !row.ords) continue;
        const pids = this.idsOf(Buffer.from(row.articles, 'base64'), Buffer.from(row.ords, 'base64'));
        const l = parts.get(row.stem);
        if (l) l.push(pids);
        else parts.set(row.stem, [pids]);
      }
      for (const s of missing) {
        const l = concat(parts.get(s) ?? []);
        this.put(s, l);
        got.set(s, l);
      }
      break;
    }
    return got;
  }

  private put(stem: string, list: Int32Array): void {
    // A stem two concurrent calls both missed is held once.
    this.held -= this.cache.get(stem)?.length ?? 0;
    this.cache.set(stem, list);
    this.held += list.length;
    for (const [s, l] of this.cache) {
      if (this.held <= this.maxPostings || s === stem) break;
      this.cache.delete(s);
      this.held -= l.length;
    }
  }

  private clear(): void {
    this.epoch++;
    this.cache.clear();
    this.rows.clear();
    this.held = 0;
    this.ids.clear();
    this.articles = [];
    this.ords = [];
  }

  /**
   * The dense ids of a postings row, from its two arrays in PostgreSQL's binary format (one-dimensional, no nulls):
   * int8 articles and int4 places, read in place (no array of numbers made for each).
   */
  private idsOf(articles: Buffer, ords: Buffer): Int32Array {
    const n = arrayLength(articles);
    if (arrayLength(ords) !== n) throw new Error('a postings row whose arrays differ in length');
    const pids = new Int32Array(n);
    for (let i = 0; i < n; i++) pids[i] = this.idOf(int8At(articles, i), int4At(ords, i));
    return pids;
  }

  /** The dense id of a passage. */
  private idOf(article: number, ord: number): number {
    let byOrd = this.ids.get(article);
    if (!byOrd) this.ids.set(article, (byOrd = []));
    let pid = byOrd[ord];
    if (pid === undefined) {
      pid = byOrd[ord] = this.articles.length;
      this.articles.push(article);
      this.ords.push(ord);
    }
    return pid;
  }
}

/**
 * The best `cap` of `ids` by score (higher first), then first touch (lower first), with every id equal to the last
 * of them included (SQL's `rank() <= cap`): the rest of the order needs the article's path.
 */
function bestWithTies(ids: number[], score: Float64Array, touch: Float64Array, cap: number): number[] {
  const n = ids.length;
  if (n <= cap) return ids;
  const worse = (a: number, b: number) => score[a] < score[b] || (score[a] === score[b] && touch[a] > touch[b]);
  // A min-heap (worst at the top) of the best `cap` seen.
  const heap: number[] = [];
  for (let i = 0; i < n; i++) {
    const id = ids[i];
    if (heap.length < cap) {
      heap.push(id);
      for (let j = heap.length - 1; j > 0; ) {
        const up = (j - 1) >> 1;
        if (!worse(heap[j], heap[up])) break;
        [heap[j], heap[up]] = [heap[up], heap[j]];
        j = up;
      }
    } else if (worse(heap[0], id)) {
      heap[0] = id;
      for (let j = 0; ; ) {
        const l = 2 * j + 1;
        const r = l + 1;
        let m = j;
        if (l < cap && worse(heap[l], heap[m])) m = l;
        if (r < cap && worse(heap[r], heap[m])) m = r;
        if (m === j) break;
        [heap[j], heap[m]] = [heap[m], heap[j]];
        j = m;
      }
    }
  }
  const edge = heap[0];
  return ids.filter((id) => !worse(id, edge));
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

function concat(parts: Int32Array[]): Int32Array {
  if (parts.length === 1) return parts[0];
  const out = new Int32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

type FetchedRow = { passage: PassageRow; previous?: PassageRow; next?: PassageRow };
