import { analyze, scanTerms } from '../language/analyze';
import type { Quantity } from '../language/quantities';
import { vectorRow } from '../language/vectors';
import { nullLogger, type Logger } from '../logger';
import { byPath, SourceRegistry } from '../sources/registry';
import { locatePassage, type Manifest, type Passage, type Source, type SourceFile } from '../sources/source';
import { PARAGRAPH_BREAK } from '../text/markdown';
import type { Span } from '../text/text';
import { IntList } from './columns';
import { duplicateGroups } from './duplicates';
import type { IndexStats, PassageFeatures, PassageHit, PassageIndex, RetrievalQuery, Vocabulary } from './passageIndex';
import { buildPostings, topK } from './postings';
import { CACHE_VERSION, contentHash, encodeQuantity, quantitiesOf, type IndexCache } from './snapshot';
import { SnapshotSource } from './snapshotSource';

/** How an index is built. */
export interface IndexOptions {
  manifest?: Manifest;
  /** The content hash used to tell unchanged files (default: `contentHash`; adapters may pass a native one). */
  hash?: (text: string) => string;
  log?: Logger;
}

/** Where a file's index lies in the snapshots given to an index. */
interface CacheHit {
  k: number;
  i: number;
}

/** Postings longer than this are too common to find candidates with (they still count in scoring). */
const MAX_POSTINGS = 20_000;
/** Characters of source text kept past a passage's end in its features. */
const FOLLOWING = 40;

/**
 * The default `PassageIndex`: sources parsed and indexed in memory. Sources are added with `add` (all at once, or in
 * slices: queries work on what is indexed so far) and `finish` groups near-identical copies and compacts the
 * postings. Storage is columnar (typed arrays), so millions of passages hold no per-word objects.
 */
export class MemoryIndex implements PassageIndex {
  private readonly registry: SourceRegistry;
  /** Per passage id; an adopted index fills it as its sources are parsed (see `passageAt`). */
  private passages: (Passage | undefined)[] = [];
  private pSource = new IntList();
  /** Terms of passage i are [tOff[i], tOff[i+1]) in tStem/tStart/tEnd; negations likewise. */
  private tOff = new IntList();
  private tStem = new IntList(1 << 16);
  private tStart = new IntList(1 << 16);
  private tEnd = new IntList(1 << 16);
  private nOff = new IntList();
  private neg = new IntList();
  private readonly pQuant = new Map<number, Quantity[]>();
  /**
   * The snapshot an adopted index came from: its passages' quantities are decoded from it when first read (most are
   * never read), not all at adoption. Its arrays are the index's own columns already, so this holds nothing more.
   */
  private quantSnapshot: IndexCache | undefined;
  private readonly stemIds = new Map<string, number>();
  private stemNames: string[] = [];
  /** Postings while sources are added: one growable list per stem. */
  private lists: IntList[] = [];
  /** Postings once finished (CSR, see buildPostings). */
  private postOff: Int32Array | undefined;
  private postData: Int32Array | undefined;
  private readonly topic: Set<number>[] = [];
  private readonly firstPassage: number[] = [];
  private readonly hashes: string[] = [];
  private readonly skipped: { path: string; hash: string }[] = [];
  /** Snapshots whose sources may be reused, each with its stem ids mapped to this index's (-1: not yet). */
  private readonly caches: { cache: IndexCache; stemIds: Int32Array }[] = [];
  private readonly cacheIndex = new Map<string, CacheHit>();
  private finished = false;
  private readonly hash: (text: string) => string;
  private groups: Map<number, Source[]> | undefined;
  /** Sources indexed from a snapshot (not re-analysed). */
  reused = 0;
  /** True when the index is a snapshot adopted whole (`adopt`): there is nothing new to store. */
  adopted = false;
  /** The content hash of the manifests it was built with (see `IndexCache.manifests`); '' for none. */
  manifestsHash = '';
  /** Grows with every `add` and `finish`: results computed at an older generation may be stale. */
  generation = 0;

  constructor(options: IndexOptions = {}) {
    this.hash = options.hash ?? contentHash;
    this.registry = new SourceRegistry(options.manifest, options.log ?? nullLogger);
    this.tOff.push(0);
    this.nOff.push(0);
  }

  /**
   * The index of `files` adopted whole from a snapshot when every file is unchanged (same paths, same content),
   * which costs little more than reading the arrays; undefined otherwise (then build with `add`, which still reuses
   * the unchanged files' part of the snapshot). Problems reach `options.log` only when it is adopted.
   */
  static adopt(files: SourceFile[], cache: IndexCache, options: IndexOptions = {}): MemoryIndex | undefined {
    if (cache.version !== CACHE_VERSION || files.length !== cache.sources.length + cache.skipped.length)
      return undefined;
    const held: Parameters<Logger['problem']>[0][] = [];
    const index = new MemoryIndex({ ...options, log: { problem: (p) => void held.push(p) } });
    const skipped = new Map(cache.skipped.map((x) => [x.path, x.hash]));
    const sorted = [...files].filter((f) => !skipped.has(f.path)).sort(byPath);
    for (const f of files) {
      if (!skipped.has(f.path)) continue;
      // Unchanged and still not a source: parse it again only for its message.
      if (skipped.get(f.path) !== index.hash(f.text) || index.registry.parse(f)) return undefined;
    }
    index.skipped.push(...cache.skipped);
    const hashes = sorted.map((f) => index.hash(f.text));
    if (sorted.some((f, i) => f.path !== cache.sources[i].path || hashes[i] !== cache.sources[i].hash))
      return undefined;
    // Lazy: no source is parsed here (same path, same content, same manifests: the snapshot's metadata and spans are
    // what parsing would give); each is parsed when a check or a hover first reads its passages or mask.
    const P = cache.firstPassage[sorted.length];
    const pSource = new Int32Array(P);
    for (let i = 0; i < sorted.length; i++) {
      const c = cache.sources[i];
      const from = cache.firstPassage[i];
      const to = cache.firstPassage[i + 1];
      const spans = () => {
        const out: Span[] = [];
        for (let p = from; p < to; p++) out.push({ start: cache.spans[p * 2], end: cache.spans[p * 2 + 1] });
        return out;
      };
      const source = new SnapshotSource(sorted[i], c, c.group, index.registry.metaOf(sorted[i].path), spans);
      index.registry.adopt(source, c.wanted);
      index.hashes.push(hashes[i]);
      index.firstPassage.push(from);
      pSource.fill(i, from, to);
      const topic = new Set<number>();
      for (let k = cache.topicOff[i]; k < cache.topicOff[i + 1]; k++) topic.add(cache.topics[k]);
      index.topic.push(topic);
    }
    index.passages = new Array<Passage | undefined>(P);
    index.pSource = IntList.of(pSource);
    cache.stems.forEach((stem, id) => index.stemIds.set(stem, id));
    // The snapshot's own list, not a copy: a finished index interns no more stems.
    index.stemNames = cache.stems;
    index.tOff = IntList.of(cache.tOff);
    index.tStem = IntList.of(cache.tStem);
    index.tStart = IntList.of(cache.tStart);
    index.tEnd = IntList.of(cache.tEnd);
    index.nOff = IntList.of(cache.nOff);
    index.neg = IntList.of(cache.neg);
    index.quantSnapshot = cache;
    index.reused = index.sources.length;
    index.adopted = true;
    index.manifestsHash = cache.manifests ?? '';
    index.compact();
    index.finished = true;
    index.generation++;
    for (const p of held) options.log?.problem(p);
    return index;
  }

  /**
   * Makes a snapshot's sources reusable by later `add` calls (a file whose path and content hash match is indexed
   * from it, not analysed). Several snapshots may be added: for example the parts indexed by worker threads.
   */
  addCache(cache: IndexCache): void {
    if (cache.version !== CACHE_VERSION) return;
    const k = this.caches.length;
    this.caches.push({ cache, stemIds: new Int32Array(cache.stems.length).fill(-1) });
    cache.sources.forEach((c, i) => this.cacheIndex.set(c.path, { k, i }));
  }

  private cachedSpans(hit: CacheHit | undefined): Span[] | undefined {
    if (!hit) return undefined;
    const c = this.caches[hit.k].cache;
    const spans: Span[] = [];
    for (let p = c.firstPassage[hit.i]; p < c.firstPassage[hit.i + 1]; p++)
      spans.push({ start: c.spans[p * 2], end: c.spans[p * 2 + 1] });
    return spans;
  }

  /** Passage `pid` (of an adopted index: taken from its source, which is parsed then if it was not yet). */
  private passageAt(pid: number): Passage {
    const known = this.passages[pid];
    if (known) return known;
    const si = this.pSource.get(pid);
    return (this.passages[pid] = this.sources[si].passages[pid - this.firstPassage[si]]);
  }

  /** Parses and indexes source files (in path order within the call). Problems are logged, never thrown. */
  add(files: SourceFile[]): void {
    if (this.finished) throw new Error('MemoryIndex.add after finish(): build a new index');
    this.generation++;
    for (const f of [...files].sort(byPath)) {
      const hash = this.hash(f.text);
      const at = this.cacheIndex.get(f.path);
      const hit = at && this.caches[at.k].cache.sources[at.i].hash === hash ? at : undefined;
      const source = this.registry.parse(f, this.cachedSpans(hit));
      if (!source) {
        this.skipped.push({ path: f.path, hash });
        continue;
      }
      const si = this.registry.register(source);
      this.hashes.push(hash);
      if (hit) this.reused++;
      this.indexSource(source, si, hit);
    }
  }

  /** Groups near-identical copies and compacts the postings; call once all sources are added. */
  finish(): this {
    if (this.finished) return this;
    this.generation++;
    const groups = duplicateGroups(this.sources);
    this.sources.forEach((s, i) => (s.group = groups[i]));
    this.compact();
    this.lists = [];
    this.finished = true;
    return this;
  }

  private compact(): void {
    const { off, data } = buildPostings(this.tOff.data, this.tStem.data, this.passages.length, this.stemNames.length);
    this.postOff = off;
    this.postData = data;
    this.groups = undefined;
  }

  private intern(stem: string): number {
    let id = this.stemIds.get(stem);
    if (id === undefined) {
      id = this.stemNames.length;
      this.stemIds.set(stem, id);
      this.stemNames.push(stem);
      this.lists.push(new IntList(4));
    }
    return id;
  }

  private addTermId(pid: number, sid: number, start: number, end: number): void {
    this.tStem.push(sid);
    this.tStart.push(start);
    this.tEnd.push(end);
    const list = this.lists[sid];
    if (list.length === 0 || list.data[list.length - 1] !== pid) list.push(pid);
  }

  /** Passages holding stem `id`: [data, from, to). */
  private postingsOf(id: number): [Int32Array, number, number] | undefined {
    if (id < 0) return undefined;
    if (this.postOff && this.postData) return [this.postData, this.postOff[id], this.postOff[id + 1]];
    const l = this.lists[id];
    return l ? [l.data, 0, l.length] : undefined;
  }

  private indexSource(s: Source, si: number, hit?: CacheHit): void {
    this.firstPassage.push(this.passages.length);
    const caps = new Map<number, number>();
    const c = hit && this.caches[hit.k].cache;
    const stemIds = hit && this.caches[hit.k].stemIds;
    s.passages.forEach((p, k) => {
      const pid = this.passages.length;
      this.passages.push(p);
      this.pSource.push(si);
      if (c && hit && stemIds) {
        const cp = c.firstPassage[hit.i] + k;
        for (let i = c.tOff[cp]; i < c.tOff[cp + 1]; i++) {
          const ci = c.tStem[i];
          let sid = stemIds[ci];
          if (sid < 0) sid = stemIds[ci] = this.intern(c.stems[ci]);
          const st = c.tStart[i];
          this.addTermId(pid, sid, st, c.tEnd[i]);
          if (st > p.span.start && isUpper(s.text.charCodeAt(st))) caps.set(sid, (caps.get(sid) ?? 0) + 1);
        }
        for (let i = c.nOff[cp]; i < c.nOff[cp + 1]; i++) this.neg.push(c.neg[i]);
        const list = quantitiesOf(c, cp);
        if (list) this.pQuant.set(pid, list);
      } else if (
        !scanTerms(
          s.mask,
          p.span.start,
          p.span.end,
          (stem, start, end, name) => {
            const sid = this.intern(stem);
            this.addTermId(pid, sid, start, end);
            if (name) caps.set(sid, (caps.get(sid) ?? 0) + 1);
          },
          (start, end) => {
            this.neg.push(start);
            this.neg.push(end);
          },
        )
      ) {
        const a = analyze(s.mask, p.span.start, p.span.end);
        for (const t of a.terms) {
          const sid = this.intern(t.stem);
          this.addTermId(pid, sid, t.token.start, t.token.end);
          if (t.name) caps.set(sid, (caps.get(sid) ?? 0) + 1);
        }
        a.negationAt.forEach((at, i) => {
          this.neg.push(at);
          this.neg.push(at + a.negationWords[i].length);
        });
        if (a.quantities.length) this.pQuant.set(pid, a.quantities);
      }
      this.tOff.push(this.tStem.length);
      this.nOff.push(this.neg.length);
    });
    // What a source is about: the names it repeats, and its title's names. Lets "the company" in a passage stand
    // for the company's name in a draft.
    const topic = new Set<number>();
    for (const [sid, n] of caps) if (n >= 3) topic.add(sid);
    for (const t of analyze(s.title).terms) if (t.name || /^\p{Lu}/u.test(t.token.text)) topic.add(this.intern(t.stem));
    this.topic.push(topic);
  }

  /** A snapshot of the index an adapter can store, to rebuild it without re-analysing unchanged files. */
  toCache(): IndexCache {
    const stems = this.stemNames.slice();
    const extra = new Map<string, number>();
    const stemIndex = (stem: string) => {
      const id = this.stemIds.get(stem) ?? extra.get(stem);
      if (id !== undefined) return id;
      extra.set(stem, stems.length);
      stems.push(stem);
      return stems.length - 1;
    };
    const P = this.passages.length;
    const spans = new Int32Array(P * 2);
    const qOff = new Int32Array(P + 1);
    const q: number[] = [];
    for (let pid = 0; pid < P; pid++) {
      // An adopted index's unparsed sources keep their snapshot's spans.
      const p = this.passages[pid];
      spans[pid * 2] = p ? p.span.start : this.quantSnapshot!.spans[pid * 2];
      spans[pid * 2 + 1] = p ? p.span.end : this.quantSnapshot!.spans[pid * 2 + 1];
      qOff[pid] = q.length;
      for (const x of this.quantitiesAt(pid) ?? []) encodeQuantity(x, stemIndex, q);
    }
    qOff[P] = q.length;
    const topicOff = new Int32Array(this.sources.length + 1);
    const topics: number[] = [];
    this.topic.forEach((t, i) => {
      topicOff[i] = topics.length;
      topics.push(...t);
    });
    topicOff[this.sources.length] = topics.length;
    return {
      version: CACHE_VERSION,
      stems,
      sources: this.sources.map((s, i) => {
        const wanted = this.registry.wantedKey(s);
        const meta = {
          key: s.key,
          title: s.title,
          outlet: s.outlet,
          author: s.author,
          url: s.url,
          date: s.date,
          ...(wanted ? { wanted } : {}),
        };
        return { path: s.path, hash: this.hashes[i], group: s.group, ...meta };
      }),
      skipped: this.skipped.slice(),
      ...(this.manifestsHash ? { manifests: this.manifestsHash } : {}),
      firstPassage: Int32Array.from([...this.firstPassage, P]),
      spans,
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
    };
  }

  /** The sources, in path order. For this in-memory index only: the port never enumerates sources. */
  get sources(): readonly Source[] {
    return this.registry.sources;
  }

  get stats(): IndexStats {
    return { sources: this.sources.length, groups: this.groupMap().size, passages: this.passages.length };
  }

  source(key: string): Source | undefined {
    return this.registry.get(key);
  }

  listSources(limit: number): Source[] {
    return this.sources.slice(0, Math.max(0, limit));
  }

  groupMembers(group: number): Source[] {
    return this.groupMap().get(group) ?? [];
  }

  private groupMap(): Map<number, Source[]> {
    if (this.groups && this.finished) return this.groups;
    const m = new Map<number, Source[]>();
    for (const s of this.sources) {
      const l = m.get(s.group);
      if (l) l.push(s);
      else m.set(s.group, [s]);
    }
    return (this.groups = m);
  }

  readonly vocabulary: Vocabulary = vocabularyOf(this);

  /** Passages holding stem `id` (0 for an unknown id). */
  documentFrequency(id: number): number {
    const post = this.postingsOf(id);
    return post ? post[2] - post[1] : 0;
  }

  stemId(stem: string): number | undefined {
    return this.stemIds.get(stem);
  }

  stemName(id: number): string {
    return this.stemNames[id];
  }

  get passageCount(): number {
    return this.passages.length;
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

  retrieve(queries: readonly RetrievalQuery[], limit: number, filter?: { sourceKey?: string }): PassageHit[][] {
    if (filter?.sourceKey !== undefined) {
      const source = this.source(filter.sourceKey);
      const si = source ? this.sources.indexOf(source) : -1;
      if (si < 0) return queries.map(() => []);
      const end = this.firstPassage[si + 1] ?? this.passages.length;
      const ids: number[] = [];
      for (let id = this.firstPassage[si]; id < end && ids.length < limit; id++) ids.push(id);
      return queries.map(() => ids.map((id) => this.hit(id)));
    }
    return queries.map((q) => this.candidates(q, limit).map((id) => this.hit(id)));
  }

  private hit(pid: number): PassageHit {
    return new MemoryHit(this, pid, this.features(pid, 1));
  }

  /** The two-sentence window from `pid`, when pid and pid + 1 are one paragraph of one source. */
  window(pid: number): PassageFeatures | undefined {
    return pid >= 0 && this.adjacent(pid) ? this.features(pid, 2) : undefined;
  }

  /** Features of `count` consecutive passages of one source from `pid`, as one passage. */
  private features(pid: number, count: number): PassageFeatures {
    const si = this.pSource.get(pid);
    const source = this.sources[si];
    const first = this.passageAt(pid);
    const last = this.passageAt(pid + count - 1);
    const span = { start: first.span.start, end: last.span.end };
    const passage = locatePassage(
      source,
      count === 1 ? first : { index: first.index, span, text: source.text.slice(span.start, span.end) },
    );
    const from = this.tOff.get(pid);
    const to = this.tOff.get(pid + count);
    let quantities: Quantity[] = this.quantitiesAt(pid) ?? [];
    for (let k = 1; k < count; k++) quantities = [...quantities, ...(this.quantitiesAt(pid + k) ?? [])];
    return {
      source,
      passage,
      text: source.text.slice(span.start, span.end + FOLLOWING),
      masked: source.mask.slice(span.start, span.end),
      stems: this.tStem.data,
      starts: this.tStart.data,
      ends: this.tEnd.data,
      termFrom: from,
      termTo: to,
      negations: this.neg.data,
      negationFrom: this.nOff.get(pid),
      negationTo: this.nOff.get(pid + count),
      quantities,
      topics: this.topic[si],
    };
  }

  /** The quantities of passage `pid` (decoded from the adopted snapshot on first read). */
  private quantitiesAt(pid: number): Quantity[] | undefined {
    const known = this.pQuant.get(pid);
    const c = this.quantSnapshot;
    if (known || !c || pid + 1 >= c.qOff.length || c.qOff[pid] === c.qOff[pid + 1]) return known;
    const list = quantitiesOf(c, pid)!;
    this.pQuant.set(pid, list);
    return list;
  }

  /** True when passages pid and pid + 1 are consecutive sentences of one source and one paragraph. */
  private adjacent(pid: number): boolean {
    if (pid + 1 >= this.passages.length || this.pSource.get(pid) !== this.pSource.get(pid + 1)) return false;
    const text = this.sources[this.pSource.get(pid)].text;
    return !PARAGRAPH_BREAK.test(text.slice(this.passageAt(pid).span.end, this.passageAt(pid + 1).span.start));
  }

  // Scratch space for candidates(), reused across queries (the index is used from one thread).
  private acc: Float64Array | undefined;
  private stamp: Int32Array | undefined;
  private mark = 0;

  /** Passages sharing the most weighted words with the query, best first. */
  private candidates(q: RetrievalQuery, limit: number): number[] {
    const n = this.passages.length;
    if (!this.acc || this.acc.length < n) {
      this.acc = new Float64Array(Math.max(n, 1024) * 2);
      this.stamp = new Int32Array(this.acc.length).fill(-1);
    }
    const acc = this.acc;
    const stamp = this.stamp!;
    const touched: number[] = [];
    // Words in more than a few percent of passages find nothing specific; they still count in scoring.
    const maxPostings = Math.max(2000, Math.min(MAX_POSTINGS, n * 0.05));
    const first = this.mark + 1;
    for (const word of q.words) {
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
            touched.push(pid);
          }
          stamp[pid] = mark;
          acc[pid] += weight;
        }
      }
    }
    return topK(touched, acc, limit);
  }
}

/** A hit whose windows are built when first read: most candidates never need them. */
class MemoryHit implements PassageHit {
  private next: PassageFeatures | undefined | null = null;
  private previous: PassageFeatures | undefined | null = null;

  constructor(
    private readonly index: MemoryIndex,
    private readonly pid: number,
    readonly features: PassageFeatures,
  ) {}

  get withNext(): PassageFeatures | undefined {
    if (this.next === null) this.next = this.index.window(this.pid);
    return this.next;
  }

  get withPrevious(): PassageFeatures | undefined {
    if (this.previous === null) this.previous = this.index.window(this.pid - 1);
    return this.previous;
  }
}

function vocabularyOf(index: MemoryIndex): Vocabulary {
  return {
    get passageCount() {
      return index.passageCount;
    },
    idOf: (stem) => index.stemId(stem),
    stemOf: (id) => index.stemName(id),
    documentFrequency: (id) => index.documentFrequency(id),
    vectorRowOf: (id) => index.vectorRowOf(id),
  };
}

const isUpper = (c: number) =>
  (c >= 65 && c <= 90) || (c > 127 && String.fromCharCode(c) !== String.fromCharCode(c).toLowerCase());
