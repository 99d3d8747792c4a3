import type { Quantity } from '../language/quantities';
import { vectorRow } from '../language/vectors';
import { IntList } from './columns';
import { buildPostings, topK } from './postings';
import { encodeQuantity, quantitiesOf, type IndexCache } from './snapshot';

/** Where the encoded quantities of a source's passages are: passage pid + k is the snapshot's passage cp + k. */
interface QuantityRef {
  pid: number;
  cp: number;
  cache: Pick<IndexCache, 'qOff' | 'quantities' | 'stems'>;
}

/** The snapshot's columns these hold. */
type ColumnKey =
  | 'tOff'
  | 'tStem'
  | 'tStart'
  | 'tEnd'
  | 'nOff'
  | 'neg'
  | 'qOff'
  | 'quantities'
  | 'topicOff'
  | 'topics'
  | 'postOff'
  | 'postData';

/** Postings longer than this are too common to find candidates with (they still count in scoring). */
const MAX_POSTINGS = 20_000;

/**
 * What an index holds per passage and per stem, as typed columns: each passage's source, content words (stem id,
 * start, end), negations and quantities; the stems; the postings; each source's topic stems. No per-word objects,
 * so millions of passages fit; the candidate search runs over these columns alone.
 */
export class PassageColumns {
  /** Per passage, its source's index. */
  pSource = new IntList();
  /** Terms of passage i are [tOff[i], tOff[i+1]) in tStem/tStart/tEnd; negations likewise. */
  tOff = new IntList();
  tStem = new IntList(1 << 16);
  tStart = new IntList(1 << 16);
  tEnd = new IntList(1 << 16);
  nOff = new IntList();
  neg = new IntList();
  private readonly pQuant = new Map<number, Quantity[]>();
  /**
   * Per source taken in from a snapshot (a worker's part): where its passages' encoded quantities are, decoded when
   * first read (as an adopted snapshot's are), not as the source is added.
   */
  private readonly quantFrom: (QuantityRef | undefined)[] = [];
  /**
   * The snapshot adopted columns came from: its passages' quantities are decoded from it when first read (most are
   * never read), not all at adoption. Its arrays are these columns already, so this holds nothing more.
   */
  snapshot: IndexCache | undefined;
  private readonly stemIds = new Map<string, number>();
  private stemNames: string[] = [];
  /** Postings while sources are added: one growable list per stem. */
  private lists: IntList[] = [];
  /** Postings once compacted (CSR, see buildPostings). */
  private postOff: Int32Array | undefined;
  private postData: Int32Array | undefined;
  /** Per source, the stems it is about (of an adopted snapshot: built from it when first read, see `topicOf`). */
  private readonly topics: (Set<number> | undefined)[] = [];

  constructor() {
    this.tOff.push(0);
    this.nOff.push(0);
  }

  /** The passages counted so far. */
  get passageCount(): number {
    return this.pSource.length;
  }

  get stemCount(): number {
    return this.stemNames.length;
  }

  /**
   * Columns over a snapshot's own arrays (not copied): only its stem map is built, and its postings when it holds
   * none (a snapshot of an unfinished index). Topic sets are built when first read.
   */
  static adopt(cache: IndexCache, pSource: Int32Array): PassageColumns {
    const c = new PassageColumns();
    c.pSource = IntList.of(pSource);
    cache.stems.forEach((stem, id) => c.stemIds.set(stem, id));
    // The snapshot's own list, not a copy: a compacted index interns no more stems.
    c.stemNames = cache.stems;
    c.tOff = IntList.of(cache.tOff);
    c.tStem = IntList.of(cache.tStem);
    c.tStart = IntList.of(cache.tStart);
    c.tEnd = IntList.of(cache.tEnd);
    c.nOff = IntList.of(cache.nOff);
    c.neg = IntList.of(cache.neg);
    c.snapshot = cache;
    c.topics.length = Math.max(0, cache.topicOff.length - 1);
    if (cache.postOff.length === cache.stems.length + 1) {
      c.postOff = cache.postOff;
      c.postData = cache.postData;
    } else c.compact();
    return c;
  }

  /** The stems source `si` is about. */
  topicOf(si: number): ReadonlySet<number> {
    const known = this.topics[si];
    if (known) return known;
    const c = this.snapshot!;
    const topic = new Set<number>();
    for (let k = c.topicOff[si]; k < c.topicOff[si + 1]; k++) topic.add(c.topics[k]);
    return (this.topics[si] = topic);
  }

  /** Sets the topic stems of the next source. */
  addTopic(topic: Set<number>): void {
    this.topics.push(topic);
  }

  /** The id of `stem`, added when new. */
  intern(stem: string): number {
    let id = this.stemIds.get(stem);
    if (id === undefined) {
      id = this.stemNames.length;
      this.stemIds.set(stem, id);
      this.stemNames.push(stem);
      this.lists.push(new IntList(4));
    }
    return id;
  }

  stemId(stem: string): number | undefined {
    return this.stemIds.get(stem);
  }

  stemName(id: number): string {
    return this.stemNames[id];
  }

  /** A copy of the stem list. */
  stems(): string[] {
    return this.stemNames.slice();
  }

  /** Starts passage `pid` of source `si` (call before its terms). */
  startPassage(si: number): void {
    this.pSource.push(si);
  }

  addTerm(pid: number, sid: number, start: number, end: number): void {
    this.tStem.push(sid);
    this.tStart.push(start);
    this.tEnd.push(end);
    const list = this.lists[sid];
    if (list.length === 0 || list.data[list.length - 1] !== pid) list.push(pid);
  }

  addNegation(start: number, end: number): void {
    this.neg.push(start);
    this.neg.push(end);
  }

  setQuantities(pid: number, list: Quantity[]): void {
    this.pQuant.set(pid, list);
  }

  /** Source `si`'s passages from `pid` on have the quantities of `cache`'s passages from `cp` on. */
  quantitiesFrom(si: number, pid: number, cache: IndexCache, cp: number): void {
    this.quantFrom[si] = { pid, cp, cache: { qOff: cache.qOff, quantities: cache.quantities, stems: cache.stems } };
  }

  /** Ends the current passage (after its terms and negations). */
  endPassage(): void {
    this.tOff.push(this.tStem.length);
    this.nOff.push(this.neg.length);
  }

  /** Builds the compact postings from the term columns and drops the growable lists. */
  compact(): void {
    const { off, data } = buildPostings(this.tOff.data, this.tStem.data, this.passageCount, this.stemNames.length);
    this.postOff = off;
    this.postData = data;
    this.lists = [];
  }

  /** Passages holding stem `id`: [data, from, to). */
  private postingsOf(id: number): [Int32Array, number, number] | undefined {
    if (id < 0) return undefined;
    if (this.postOff && this.postData) return [this.postData, this.postOff[id], this.postOff[id + 1]];
    const l = this.lists[id];
    return l ? [l.data, 0, l.length] : undefined;
  }

  /** Passages holding stem `id` (0 for an unknown id). */
  documentFrequency(id: number): number {
    const post = this.postingsOf(id);
    return post ? post[2] - post[1] : 0;
  }

  private vrows = new Int32Array(0);
  /** Word-vector row of an indexed stem id (looked up once per id). */
  vectorRowOf(id: number): number {
    if (id >= this.vrows.length) {
      const grown = new Int32Array(Math.max(this.stemNames.length, id + 1) * 2).fill(-2);
      grown.set(this.vrows);
      this.vrows = grown;
    }
    let r = this.vrows[id];
    if (r === -2) r = this.vrows[id] = vectorRow(this.stemNames[id]);
    return r;
  }

  /** The quantities of passage `pid` (decoded from the adopted snapshot on first read). */
  quantitiesAt(pid: number): Quantity[] | undefined {
    const known = this.pQuant.get(pid);
    if (known) return known;
    const ref = this.snapshot ? undefined : this.quantFrom[this.pSource.get(pid)];
    const c = this.snapshot ?? ref?.cache;
    const cp = ref ? ref.cp + pid - ref.pid : pid;
    if (!c || cp + 1 >= c.qOff.length || c.qOff[cp] === c.qOff[cp + 1]) return undefined;
    const list = quantitiesOf(c, cp)!;
    this.pQuant.set(pid, list);
    return list;
  }

  /** The columns as a snapshot holds them (copies of the used parts; quantities encoded, see `encodeQuantity`). */
  toCache(): Pick<IndexCache, 'stems' | ColumnKey> {
    const stems = this.stems();
    const extra = new Map<string, number>();
    const stemIndex = (stem: string) => {
      const id = this.stemIds.get(stem) ?? extra.get(stem);
      if (id !== undefined) return id;
      extra.set(stem, stems.length);
      stems.push(stem);
      return stems.length - 1;
    };
    const P = this.passageCount;
    const qOff = new Int32Array(P + 1);
    const q: number[] = [];
    for (let pid = 0; pid < P; pid++) {
      qOff[pid] = q.length;
      for (const x of this.quantitiesAt(pid) ?? []) encodeQuantity(x, stemIndex, q);
    }
    qOff[P] = q.length;
    const S = this.topics.length;
    const topicOff = new Int32Array(S + 1);
    const topics: number[] = [];
    for (let i = 0; i < S; i++) {
      topicOff[i] = topics.length;
      topics.push(...this.topicOf(i));
    }
    topicOff[S] = topics.length;
    // The postings once compacted, with an empty list for each stem only quantities name (added above).
    let postOff = new Int32Array(0);
    if (this.postOff) {
      postOff = new Int32Array(stems.length + 1);
      postOff.set(this.postOff);
      postOff.fill(this.postOff[this.postOff.length - 1], this.postOff.length);
    }
    return {
      stems,
      tOff: this.tOff.toArray(),
      tStem: this.tStem.toArray(),
      tStart: this.tStart.toArray(),
      tEnd: this.tEnd.toArray(),
      nOff: this.nOff.toArray(),
      neg: this.neg.toArray(),
      qOff,
      quantities: Float64Array.from(q),
      topicOff,
      topics: Int32Array.from(topics),
      postOff,
      postData: this.postData ? this.postData.slice() : new Int32Array(0),
    };
  }

  // Scratch space for candidates(), reused across queries (the index is used from one thread).
  private acc: Float64Array | undefined;
  private stamp: Int32Array | undefined;
  private touched = new Int32Array(1024);
  private mark = 0;

  /** Passages sharing the most weighted words with the query, best first. */
  candidates(words: readonly (readonly { id: number; weight: number }[])[], limit: number): number[] {
    const n = this.passageCount;
    if (!this.acc || this.acc.length < n) {
      this.acc = new Float64Array(Math.max(n, 1024) * 2);
      this.stamp = new Int32Array(this.acc.length).fill(-1);
    }
    const acc = this.acc;
    const stamp = this.stamp!;
    let touched = this.touched;
    let count = 0;
    // Words in more than a few percent of passages find nothing specific; they still count in scoring.
    const maxPostings = Math.max(2000, Math.min(MAX_POSTINGS, n * 0.05));
    const first = this.mark + 1;
    for (const word of words) {
      const mark = ++this.mark;
      for (const { id, weight } of word) {
        const post = this.postingsOf(id);
        if (!post || post[2] - post[1] > maxPostings) continue;
        const [data, from, to] = post;
        for (let i = from; i < to; i++) {
          const pid = data[i];
          if (stamp[pid] === mark) continue;
          if (stamp[pid] < first) {
            acc[pid] = 0;
            if (count === touched.length) {
              const grown = new Int32Array(touched.length * 2);
              grown.set(touched);
              this.touched = touched = grown;
            }
            touched[count++] = pid;
          }
          stamp[pid] = mark;
          acc[pid] += weight;
        }
      }
    }
    return topK(touched.subarray(0, count), acc, limit);
  }
}
