import { analyze, scanTerms } from '../language/analyze';
import type { Quantity } from '../language/quantities';
import { nullLogger, type Logger } from '../logger';
import { byPath, SourceRegistry } from '../sources/registry';
import { locatePassage } from '../sources/locatedPassage';
import type { Manifest, Passage, Source, SourceFile } from '../sources/source';
import { PARAGRAPH_BREAK } from '../text/markdown';
import type { Span } from '../text/text';
import { adoptSnapshot, type AdoptedSnapshot } from './adoptSnapshot';
import { duplicateGroups } from './duplicates';
import { MemoryHit, vocabularyOf } from './memoryHit';
import { PassageColumns } from './passageColumns';
import type { IndexStats, PassageFeatures, PassageHit, PassageIndex, RetrievalQuery, Vocabulary } from './passageIndex';
import { CACHE_VERSION, contentHash, type IndexCache } from './snapshot';

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

/** Characters of source text kept past a passage's end in its features. */
const FOLLOWING = 40;

/**
 * The default `PassageIndex`: sources parsed and indexed in memory. Sources are added with `add` (all at once, or in
 * slices: queries work on what is indexed so far) and `finish` groups near-identical copies and compacts the
 * postings. Storage is columnar (`PassageColumns`: typed arrays), so millions of passages hold no per-word objects.
 */
export class MemoryIndex implements PassageIndex {
  private readonly registry: SourceRegistry;
  /** Per passage id; an adopted index fills it as its sources are parsed (see `passageAt`). */
  private passages: (Passage | undefined)[] = [];
  private cols = new PassageColumns();
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

  constructor(options: IndexOptions = {}, adopted?: AdoptedSnapshot) {
    this.hash = options.hash ?? contentHash;
    this.registry = adopted?.registry ?? new SourceRegistry(options.manifest, options.log ?? nullLogger);
    if (!adopted) return;
    this.hashes.push(...adopted.hashes);
    this.firstPassage.push(...adopted.firstPassage);
    this.skipped.push(...adopted.skipped);
    this.passages = new Array<Passage | undefined>(adopted.columns.passageCount);
    this.cols = adopted.columns;
    this.reused = this.sources.length;
    this.adopted = true;
    this.manifestsHash = adopted.manifestsHash;
    this.finished = true;
    this.generation++;
  }

  /**
   * The index of `files` adopted whole from a snapshot when every file is unchanged (same paths, same content),
   * which costs little more than reading the arrays; undefined otherwise (then build with `add`, which still reuses
   * the unchanged files' part of the snapshot). Problems reach `options.log` only when it is adopted.
   */
  static adopt(files: SourceFile[], cache: IndexCache, options: IndexOptions = {}): MemoryIndex | undefined {
    const held: Parameters<Logger['problem']>[0][] = [];
    const registry = new SourceRegistry(options.manifest, { problem: (p) => void held.push(p) });
    const adopted = adoptSnapshot(files, cache, registry, options.hash ?? contentHash);
    if (!adopted) return undefined;
    for (const p of held) options.log?.problem(p);
    return new MemoryIndex(options, adopted);
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
    const si = this.cols.pSource.get(pid);
    return (this.passages[pid] = this.sources[si].passages[pid - this.firstPassage[si]]);
  }

  /** Parses and indexes source files (in path order within the call). Problems are logged, never thrown. */
  add(files: SourceFile[]): void {
    if (this.finished) throw new Error('MemoryIndex.add after finish(): build a new index');
    this.generation++;
    for (const f of [...files].sort(byPath)) {
      const hash = f.hash ?? this.hash(f.text);
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
    this.cols.compact();
    this.groups = undefined;
    this.finished = true;
    return this;
  }

  private indexSource(s: Source, si: number, hit?: CacheHit): void {
    const cols = this.cols;
    this.firstPassage.push(this.passages.length);
    const caps = new Map<number, number>();
    const c = hit && this.caches[hit.k].cache;
    const stemIds = hit && this.caches[hit.k].stemIds;
    if (c && hit) cols.quantitiesFrom(si, this.passages.length, c, c.firstPassage[hit.i]);
    s.passages.forEach((p, k) => {
      const pid = this.passages.length;
      this.passages.push(p);
      cols.startPassage(si);
      if (c && hit && stemIds) {
        const cp = c.firstPassage[hit.i] + k;
        for (let i = c.tOff[cp]; i < c.tOff[cp + 1]; i++) {
          const ci = c.tStem[i];
          let sid = stemIds[ci];
          if (sid < 0) sid = stemIds[ci] = cols.intern(c.stems[ci]);
          const st = c.tStart[i];
          cols.addTerm(pid, sid, st, c.tEnd[i]);
          if (st > p.span.start && isUpper(s.text.charCodeAt(st))) caps.set(sid, (caps.get(sid) ?? 0) + 1);
        }
        for (let i = c.nOff[cp]; i < c.nOff[cp + 1]; i += 2) cols.addNegation(c.neg[i], c.neg[i + 1]);
      } else if (
        !scanTerms(
          s.mask,
          p.span.start,
          p.span.end,
          (stem, start, end, name) => {
            const sid = cols.intern(stem);
            cols.addTerm(pid, sid, start, end);
            if (name) caps.set(sid, (caps.get(sid) ?? 0) + 1);
          },
          (start, end) => cols.addNegation(start, end),
        )
      ) {
        const a = analyze(s.mask, p.span.start, p.span.end);
        for (const t of a.terms) {
          const sid = cols.intern(t.stem);
          cols.addTerm(pid, sid, t.token.start, t.token.end);
          if (t.name) caps.set(sid, (caps.get(sid) ?? 0) + 1);
        }
        a.negationAt.forEach((at, i) => cols.addNegation(at, at + a.negationWords[i].length));
        if (a.quantities.length) cols.setQuantities(pid, a.quantities);
      }
      cols.endPassage();
    });
    // What a source is about: the names it repeats, and its title's names. Lets "the company" in a passage stand
    // for the company's name in a draft.
    const topic = new Set<number>();
    for (const [sid, n] of caps) if (n >= 3) topic.add(sid);
    for (const t of analyze(s.title).terms) if (t.name || /^\p{Lu}/u.test(t.token.text)) topic.add(cols.intern(t.stem));
    cols.addTopic(topic);
  }

  /** A snapshot of the index an adapter can store, to rebuild it without re-analysing unchanged files. */
  toCache(): IndexCache {
    const cols = this.cols;
    const P = this.passages.length;
    const spans = new Int32Array(P * 2);
    for (let pid = 0; pid < P; pid++) {
      // An adopted index's unparsed sources keep their snapshot's spans.
      const p = this.passages[pid];
      spans[pid * 2] = p ? p.span.start : cols.snapshot!.spans[pid * 2];
      spans[pid * 2 + 1] = p ? p.span.end : cols.snapshot!.spans[pid * 2 + 1];
    }
    return {
      version: CACHE_VERSION,
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
      ...cols.toCache(),
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
    return this.cols.documentFrequency(id);
  }

  stemId(stem: string): number | undefined {
    return this.cols.stemId(stem);
  }

  stemName(id: number): string {
    return this.cols.stemName(id);
  }

  get passageCount(): number {
    return this.passages.length;
  }

  /** Word-vector row of an indexed stem id (looked up once per id). */
  vectorRowOf(id: number): number {
    return this.cols.vectorRowOf(id);
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
    return queries.map((q) => this.cols.candidates(q.words, limit).map((id) => this.hit(id)));
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
    const cols = this.cols;
    const si = cols.pSource.get(pid);
    const source = this.sources[si];
    const first = this.passageAt(pid);
    const last = this.passageAt(pid + count - 1);
    const span = { start: first.span.start, end: last.span.end };
    const passage = locatePassage(
      source,
      count === 1 ? first : { index: first.index, span, text: source.text.slice(span.start, span.end) },
    );
    let quantities: Quantity[] = cols.quantitiesAt(pid) ?? [];
    for (let k = 1; k < count; k++) quantities = [...quantities, ...(cols.quantitiesAt(pid + k) ?? [])];
    return {
      source,
      passage,
      text: source.text.slice(span.start, span.end + FOLLOWING),
      masked: source.mask.slice(span.start, span.end),
      stems: cols.tStem.data,
      starts: cols.tStart.data,
      ends: cols.tEnd.data,
      termFrom: cols.tOff.get(pid),
      termTo: cols.tOff.get(pid + count),
      negations: cols.neg.data,
      negationFrom: cols.nOff.get(pid),
      negationTo: cols.nOff.get(pid + count),
      quantities,
      topics: cols.topicOf(si),
    };
  }

  /** True when passages pid and pid + 1 are consecutive sentences of one source and one paragraph. */
  private adjacent(pid: number): boolean {
    const pSource = this.cols.pSource;
    if (pid + 1 >= this.passages.length || pSource.get(pid) !== pSource.get(pid + 1)) return false;
    const text = this.sources[pSource.get(pid)].text;
    return !PARAGRAPH_BREAK.test(text.slice(this.passageAt(pid).span.end, this.passageAt(pid + 1).span.start));
  }
}

const isUpper = (c: number) =>
  (c >= 65 && c <= 90) || (c > 127 && String.fromCharCode(c) !== String.fromCharCode(c).toLowerCase());
