import { analyze, scanTerms, type Analysis, type Term } from './language/analyze';
import { related } from './language/lexicon';
import { stemOf } from './language/tokens';
import { segmentDraft, type CitationMarker } from './drafts/draft';
import { comparable, compatible, type Quantity } from './language/quantities';
import { MANIFEST_FILE, parseManifest, parseSource, deriveKey, isSourcePath, type Manifest, type Passage, type Source, type SourceFile, type SourceMeta, type SourceProblem } from './sources/source';
import { IntList } from './retrieval/columns';
import { decide, type PairEvidence, type SupportModel } from './check/support';
import { bitsOf, UNKNOWN_BITS } from './language/wordfreq';
import { cosine, meanVector, similarity, vectorRow } from './language/vectors';
import { LineIndex, squash, type Span } from './text/text';

/** What a draft sentence is, given the sources. */
export type Status = 'corroborated' | 'single-source' | 'contradicted' | 'disputed' | 'unsupported' | 'none';

/** A passage of a source that states (support) or conflicts with (contradiction) a draft sentence. */
export interface PassageRef {
  source: Source;
  passage: Passage;
  /** 0..1: how much of the sentence's content the passage states. */
  score: number;
  /** Offsets, in the passage's source text, of the words that match the sentence (for emphasis in hovers). */
  matched: Span[];
}

export interface Contradiction extends PassageRef {
  /** A sentence a person can read: "source says 30 days, draft says 90 days". */
  reason: string;
  kind: 'quantity' | 'negation' | 'antonym' | 'roles';
  /** For a quantity conflict: the source's wording of the figure, and where the draft's stands. */
  sourceFigure?: string;
  draftSpan?: Span;
}

/** A citation in a draft, resolved against the sources. */
export interface CitationCheck {
  key: string;
  span: Span;
  marker: CitationMarker;
  source?: Source;
  /** True when the cited source states the sentence's claim. */
  supports: boolean;
  /** The cited source's passage closest to the sentence. */
  best?: PassageRef;
}

/** The engine's verdict on one draft sentence. */
export interface SentenceResult {
  span: Span;
  text: string;
  status: Status;
  /** Best passage of each source (group) that states the claim, best first. */
  support: PassageRef[];
  contradictions: Contradiction[];
  citations: CitationCheck[];
  /** True when a single-source claim cites that source. */
  attributed: boolean;
  /** With `EngineOptions.evidence`: per source group, the measurements and probabilities. */
  evidence?: SourceEvidence[];
  /** With `EngineOptions.evidence`: whether the sentence reads as a factual claim. */
  claim?: boolean;
}

export interface EngineOptions {
  /** Candidates scored in full per sentence. Default 60. */
  candidates?: number;
  /** The support decision (default: the shipped, fitted one; the fit script passes its own). */
  model?: SupportModel;
  /** Also return what was measured of each source (`SentenceResult.evidence`), for fitting and debugging. */
  evidence?: boolean;
}

/** What the engine measured of one source (group) for a sentence, and what the model made of it. */
export interface SourceEvidence {
  group: number;
  sources: string[];
  support?: PairEvidence;
  conflict?: PairEvidence;
  pState?: number;
  pConflict?: number;
}

/** A content word of a draft sentence with what it may match in a passage (all as stem ids). */
interface QueryTerm {
  term: Term;
  id: number;
  weight: number;
  /** Weight by general-English rarity (bits), for the corpus-independent coverage. */
  gweight: number;
  /** Word-vector row of the stem (-1: none). */
  vrow: number;
  synonyms: Set<number>;
  near: Set<number>;
  antonyms: Set<number>;
}

interface Query {
  a: Analysis;
  terms: QueryTerm[];
  ids: Set<number>;
  total: number;
  gtotal: number;
  /** Mean word vector of the sentence's content words, weighted by rarity (undefined: none has a vector). */
  mean?: Float32Array;
  /** First scratch stamp of this query (see candidates()). */
  first: number;
}

/**
 * A snapshot of an index, for adapters to keep on disk: the columnar arrays themselves, and each source's path and
 * content hash. When every file is unchanged the corpus is adopted whole (`Corpus.fromCache`); otherwise unchanged
 * files are re-indexed from their slice of it and only changed ones are analysed again.
 */
export interface IndexCache {
  version: typeof CACHE_VERSION;
  stems: string[];
  sources: { path: string; hash: string; group: number }[];
  /** Files that were not sources (unreadable, empty): unchanged, they still are not. */
  skipped: { path: string; hash: string }[];
  /** Per source, its first passage (sources + 1 entries); per passage, its span (start, end). */
  firstPassage: Int32Array;
  spans: Int32Array;
  /** Per passage, its first content word (passages + 1); per content word, its stem id, start and end. */
  tOff: Int32Array;
  tStem: Int32Array;
  tStart: Int32Array;
  tEnd: Int32Array;
  /** Per passage, its first negation offset (passages + 1); negation (start, end) pairs. */
  nOff: Int32Array;
  neg: Int32Array;
  /** Per passage, its first quantity number (passages + 1); quantity records (see encodeQuantity). */
  qOff: Int32Array;
  quantities: Float64Array;
  /** Per source, its first topic stem (sources + 1); topic stem ids. */
  topicOff: Int32Array;
  topics: Int32Array;
}
export const CACHE_VERSION = 4;

/** What compare() measures of a passage beyond its coverage (see PairEvidence). */
type CompareMetrics = Pick<PairEvidence, 'covG' | 'covV' | 'covExact' | 'nameCov' | 'nameMiss' | 'qTot' | 'qGot' | 'qMissing' | 'qAbsent' | 'missRare' | 'passageTerms' | 'precision' | 'sim'>;

interface Compared {
  score: number;
  topical: number;
  matched: Span[];
  conflict?: Omit<Contradiction, keyof PassageRef>;
  metrics: CompareMetrics;
}

/** Where a file's index lies in the snapshots given to a corpus. */
interface CacheHit {
  k: number;
  i: number;
}

/** How a corpus is built. */
export interface CorpusOptions {
  manifest?: Manifest;
  /** A previous index of these sources, reused for unchanged files. */
  cache?: IndexCache;
  /** The content hash used to tell unchanged files (default: `contentHash`; adapters may pass a native one). */
  hash?: (text: string) => string;
}

/** A fast, stable content hash (FNV-1a over UTF-16 units, and the length) for cache invalidation. */
export function contentHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `${(h >>> 0).toString(36)}-${text.length.toString(36)}`;
}

const QUANTITY_WEIGHT = 2.5;
/** Vector similarity from which a paraphrase earns credit, where it earns full credit, and that credit. */
const SOFT_FROM = 0.45;
const SOFT_FULL = 0.85;
const SOFT_WEIGHT = 0.8;
/** A figure's weight in the general-English coverage (about a rare word's). */
const QUANTITY_GBITS = 20;
/** A claim stated across two sentences counts for this share of its score. */
const WINDOW_PENALTY = 0.9;
/** Two-sentence windows are tried around passages at least this close. */
const WINDOW_FLOOR = 0.3;
/** Conflicts on passages that match less than this of the sentence (outside the conflict) are about something else. */
const CONFLICT_FLOOR = 0.35;
/** Words with which a passage hedges, asks or conditions what it says, rather than stating it. */
const HEDGE = /\b(?:might|may|whether|if|unless|possibly|perhaps|uncertain|unclear|undecided|allegedly|rumou?red|speculat\w*)\b|\b(?:If|Whether|Perhaps|Possibly|Unless)\b/;
/** Credit for a word matched through a synonym, a name the source is about, a near sense or a shared root. */
const SYNONYM_WEIGHT = 0.85;
const TOPIC_WEIGHT = 0.7;
const NEAR_WEIGHT = 0.6;
/** Longest sentence checked, in characters (see checkSentence). */
export const MAX_SENTENCE_CHARS = 3000;
/** Postings longer than this are too common to find candidates with (they still count in scoring). */
const MAX_POSTINGS = 20_000;

/**
 * The sources, parsed and indexed for matching. Sources are added with `add` (all at once, or in slices by an
 * adapter that yields between them: queries work on what is indexed so far) and `finish` groups near-identical
 * copies. Storage is columnar (typed arrays), so a corpus of millions of passages holds no per-word objects.
 */
export class Corpus {
  readonly sources: Source[] = [];
  readonly problems: SourceProblem[] = [];
  private readonly passages: Passage[] = [];
  private pSource = new IntList();
  /** Terms of passage i are [tOff[i], tOff[i+1]) in tStem/tStart/tEnd; negations and quantities likewise. */
  private tOff = new IntList();
  private tStem = new IntList(1 << 16);
  private tStart = new IntList(1 << 16);
  private tEnd = new IntList(1 << 16);
  private nOff = new IntList();
  private neg = new IntList();
  private readonly pQuant = new Map<number, Quantity[]>();
  private readonly stemIds = new Map<string, number>();
  private readonly stemNames: string[] = [];
  /** Postings while sources are added: one growable list per stem. */
  private lists: IntList[] = [];
  /** Postings once finished: stem s's passages are postData[postOff[s], postOff[s+1]). */
  private postOff: Int32Array | undefined;
  private postData: Int32Array | undefined;
  private readonly topic: Set<number>[] = [];
  private readonly firstPassage: number[] = [];
  private readonly byKey = new Map<string, Source>();
  private readonly usedKeys = new Set<string>();
  private readonly metaByFile = new Map<string, SourceMeta>();
  private readonly hashes: string[] = [];
  private readonly skipped: { path: string; hash: string }[] = [];
  /** Snapshots whose sources may be reused, each with its stem ids mapped to this corpus's (-1: not yet). */
  private readonly caches: { cache: IndexCache; stemIds: Int32Array }[] = [];
  private readonly cacheIndex = new Map<string, CacheHit>();
  private finished = false;
  private readonly hash: (text: string) => string;
  /** Sources indexed from the cache (not re-analysed). */
  reused = 0;
  /** Grows with every `add` and `finish`: results computed at an older generation may be stale. */
  generation = 0;

  constructor(options: CorpusOptions = {}) {
    const { manifest, cache } = options;
    this.hash = options.hash ?? contentHash;
    for (const m of manifest?.sources ?? []) this.metaByFile.set(m.file, m);
    if (cache) this.addCache(cache);
    this.tOff.push(0);
    this.nOff.push(0);
  }

  /**
   * The corpus of `files` adopted whole from a snapshot when every file is unchanged (same paths, same content),
   * which costs little more than reading the arrays; undefined otherwise (then build with `add`, which still reuses
   * the unchanged files' part of the snapshot).
   */
  static fromCache(files: SourceFile[], options: CorpusOptions & { cache: IndexCache }): Corpus | undefined {
    const { cache } = options;
    if (cache.version !== CACHE_VERSION || files.length !== cache.sources.length + cache.skipped.length) return undefined;
    const corpus = new Corpus(options);
    const skipped = new Map(cache.skipped.map((x) => [x.path, x.hash]));
    const sorted = [...files].filter((f) => !skipped.has(f.path)).sort(byPath);
    for (const f of files) {
      if (!skipped.has(f.path)) continue;
      // Unchanged and still not a source: parse it again only for its message.
      if (skipped.get(f.path) !== corpus.hash(f.text) || corpus.parse(f, undefined)) return undefined;
    }
    const hashes = sorted.map((f) => corpus.hash(f.text));
    if (sorted.some((f, i) => f.path !== cache.sources[i].path || hashes[i] !== cache.sources[i].hash)) return undefined;
    for (let i = 0; i < sorted.length; i++) {
      const source = corpus.parse(sorted[i], { k: 0, i });
      if (!source || source.passages.length !== cache.firstPassage[i + 1] - cache.firstPassage[i]) return undefined;
      corpus.register(source, hashes[i]);
      corpus.firstPassage.push(corpus.passages.length);
      for (const p of source.passages) {
        corpus.passages.push(p);
        corpus.pSource.push(i);
      }
      const topic = new Set<number>();
      for (let k = cache.topicOff[i]; k < cache.topicOff[i + 1]; k++) topic.add(cache.topics[k]);
      corpus.topic.push(topic);
    }
    cache.stems.forEach((stem, id) => corpus.stemIds.set(stem, id));
    corpus.stemNames.push(...cache.stems);
    corpus.tOff = IntList.of(cache.tOff);
    corpus.tStem = IntList.of(cache.tStem);
    corpus.tStart = IntList.of(cache.tStart);
    corpus.tEnd = IntList.of(cache.tEnd);
    corpus.nOff = IntList.of(cache.nOff);
    corpus.neg = IntList.of(cache.neg);
    for (let pid = 0; pid < corpus.passages.length; pid++) {
      const from = cache.qOff[pid];
      const to = cache.qOff[pid + 1];
      if (from === to) continue;
      const list: Quantity[] = [];
      for (let at = from; at < to; ) at = decodeQuantity(cache.quantities, at, cache.stems, list);
      corpus.pQuant.set(pid, list);
    }
    corpus.sources.forEach((s, i) => (s.group = cache.sources[i].group));
    corpus.reused = corpus.sources.length;
    corpus.buildPostings();
    corpus.finished = true;
    corpus.generation++;
    return corpus;
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

  /** Parses a file into a source (or records why it cannot be one). */
  private parse(f: SourceFile, hit: CacheHit | undefined): Source | undefined {
    let parsed;
    try {
      let spans: Span[] | undefined;
      if (hit) {
        const c = this.caches[hit.k].cache;
        spans = [];
        for (let p = c.firstPassage[hit.i]; p < c.firstPassage[hit.i + 1]; p++) spans.push({ start: c.spans[p * 2], end: c.spans[p * 2 + 1] });
      }
      parsed = parseSource(f, this.metaByFile.get(f.path), spans);
    } catch (e) {
      this.problems.push({ path: f.path, message: (e as Error).message });
      return undefined;
    }
    if (!parsed.passages.length) {
      this.problems.push({ path: f.path, message: `${f.path}: no sentences found (empty or not prose); skipped` });
      return undefined;
    }
    let key = parsed.key ?? deriveKey(parsed.title, f.path);
    if (this.usedKeys.has(key)) {
      const base = key;
      let n = 2;
      while (this.usedKeys.has(`${base}-${n}`)) n++;
      key = `${base}-${n}`;
      if (parsed.key) this.problems.push({ path: f.path, message: `${f.path}: citation key "${base}" is used by another source; using "${key}"` });
    }
    this.usedKeys.add(key);
    return Object.assign(parsed, { key, group: this.sources.length });
  }

  private register(source: Source, hash: string): void {
    this.byKey.set(source.key, source);
    this.sources.push(source);
    this.hashes.push(hash);
  }

  /** Parses and indexes source files (in path order within the call). Problems are collected, never thrown. */
  add(files: SourceFile[]): void {
    if (this.finished) throw new Error('Corpus.add after finish(): build a new corpus');
    this.generation++;
    for (const f of [...files].sort(byPath)) {
      const hash = this.hash(f.text);
      const at = this.cacheIndex.get(f.path);
      const hit = at && this.caches[at.k].cache.sources[at.i].hash === hash ? at : undefined;
      const source = this.parse(f, hit);
      if (!source) {
        this.skipped.push({ path: f.path, hash });
        continue;
      }
      this.register(source, hash);
      if (hit) this.reused++;
      this.indexSource(source, this.sources.length - 1, hit);
    }
  }

  /** Groups near-identical copies and compacts the postings; call once all sources are added. */
  finish(): this {
    if (this.finished) return this;
    this.generation++;
    this.groupDuplicates();
    this.buildPostings();
    this.lists = [];
    this.finished = true;
    return this;
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

  /** Compact postings (CSR) from the term columns: a counting sort, two passes, no per-stem objects. */
  private buildPostings(): void {
    const nStems = this.stemNames.length;
    const count = new Int32Array(nStems + 1);
    const last = new Int32Array(nStems).fill(-1);
    const P = this.passages.length;
    const tOff = this.tOff.data;
    const tStem = this.tStem.data;
    for (let p = 0; p < P; p++) {
      for (let i = tOff[p]; i < tOff[p + 1]; i++) {
        const s = tStem[i];
        if (last[s] !== p) {
          last[s] = p;
          count[s + 1]++;
        }
      }
    }
    for (let s = 0; s < nStems; s++) count[s + 1] += count[s];
    const data = new Int32Array(count[nStems]);
    const fill = count.slice(0, nStems);
    last.fill(-1);
    for (let p = 0; p < P; p++) {
      for (let i = tOff[p]; i < tOff[p + 1]; i++) {
        const s = tStem[i];
        if (last[s] !== p) {
          last[s] = p;
          data[fill[s]++] = p;
        }
      }
    }
    this.postOff = count;
    this.postData = data;
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
        if (c.qOff[cp] < c.qOff[cp + 1]) {
          const list: Quantity[] = [];
          for (let at = c.qOff[cp]; at < c.qOff[cp + 1]; ) at = decodeQuantity(c.quantities, at, c.stems, list);
          this.pQuant.set(pid, list);
        }
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
      spans[pid * 2] = this.passages[pid].span.start;
      spans[pid * 2 + 1] = this.passages[pid].span.end;
      qOff[pid] = q.length;
      for (const x of this.pQuant.get(pid) ?? []) encodeQuantity(x, stemIndex, q);
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
      sources: this.sources.map((s, i) => ({ path: s.path, hash: this.hashes[i], group: s.group })),
      skipped: this.skipped.slice(),
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

  /** Number of indexed passages. */
  get passageCount(): number {
    return this.passages.length;
  }

  sourceByKey(key: string): Source | undefined {
    return this.byKey.get(key);
  }

  /** Marks near-identical texts (80% of the shorter one's sentences in the other) as one group. */
  private groupDuplicates(): void {
    // Sentences are compared by a 32-bit hash of their lower-cased text: no string copies for a million passages.
    const bySentence = new Map<number, number[]>();
    const sets = this.sources.map((s, i) => {
      const set = new Set<number>();
      for (const p of s.passages) if (p.text.length > 20) set.add(foldedHash(p.text));
      for (const x of set) {
        const l = bySentence.get(x);
        if (l) l.push(i);
        else bySentence.set(x, [i]);
      }
      return set;
    });
    const parent = this.sources.map((_, i) => i);
    const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
    sets.forEach((set, i) => {
      const shared = new Map<number, number>();
      for (const x of set) {
        const l = bySentence.get(x)!;
        if (l.length > 50) continue; // boilerplate shared by many files says nothing about copies
        for (const j of l) if (j > i) shared.set(j, (shared.get(j) ?? 0) + 1);
      }
      for (const [j, n] of shared) if (n >= 0.8 * Math.min(set.size, sets[j].size)) parent[find(j)] = find(i);
    });
    this.sources.forEach((s, i) => (s.group = find(i)));
  }

  /** Cosine of the sentence's and the passage's mean word vectors (content words, weighted by rarity). */
  private passageSimilarity(q: Query, from: number, to: number): number {
    if (!q.mean) return 0;
    const rows: number[] = [];
    const weights: number[] = [];
    for (let i = from; i < to; i++) {
      const id = this.tStem.get(i);
      rows.push(this.vectorRowOf(id));
      weights.push(bitsOf(this.stemNames[id]));
    }
    return cosine(q.mean, meanVector(rows, weights));
  }

  private vrows = new Int32Array(0);
  /** Word-vector row of an indexed stem id (looked up once per id). */
  private vectorRowOf(id: number): number {
    if (id >= this.vrows.length) {
      const grown = new Int32Array(Math.max(this.stemNames.length, id + 1) * 2).fill(-2);
      grown.set(this.vrows);
      this.vrows = grown;
    }
    let r = this.vrows[id];
    if (r === -2) r = this.vrows[id] = vectorRow(this.stemNames[id]);
    return r;
  }

  private idf(id: number): number {
    const n = this.passages.length;
    const post = this.postingsOf(id);
    const df = post ? post[2] - post[1] : 0;
    return Math.max(0.3, Math.log((n + 1) / (df + 0.5)));
  }

  /** Stem ids of lemmas, as the index knows them (unknown stems are left out). */
  private idsOf(lemmas: string[]): Set<number> {
    const out = new Set<number>();
    for (const l of lemmas) {
      const word = l.split(' ')[0];
      const id = this.stemIds.get(stemOf(word));
      if (id !== undefined) out.add(id);
    }
    return out;
  }

  /** A draft sentence's analysis turned into query terms with their weights and related stems. */
  private query(a: Analysis): Query {
    const terms: QueryTerm[] = [];
    let total = 0;
    let gtotal = 0;
    for (const term of a.terms) {
      const id = this.stemIds.get(term.stem) ?? -1;
      const weight = this.idf(id) * (term.light ? 0.3 : 1);
      const gweight = (term.token.kind === 'word' ? bitsOf(term.stem) : UNKNOWN_BITS) * (term.light ? 0.3 : 1);
      const rel = term.token.kind === 'word' ? related(term.lemma, term.next) : { synonyms: [], near: [], antonyms: [] };
      const synonyms = this.idsOf(rel.synonyms);
      const near = this.idsOf(rel.near);
      const antonyms = this.idsOf(rel.antonyms);
      for (const x of [id, ...synonyms]) {
        near.delete(x);
        antonyms.delete(x);
      }
      synonyms.delete(id);
      const vrow = term.token.kind === 'word' && !term.name ? vectorRow(term.stem) : -1;
      terms.push({ term, id, weight, gweight, vrow, synonyms, near, antonyms });
      total += weight;
      gtotal += gweight;
    }
    total += QUANTITY_WEIGHT * a.quantities.length;
    gtotal += QUANTITY_GBITS * a.quantities.length;
    const mean = meanVector(terms.map((t) => t.vrow), terms.map((t) => t.gweight));
    return { a, terms, ids: new Set(terms.map((t) => t.id)), total, gtotal, mean, first: 0 };
  }

  // Scratch space for candidates(), reused across queries (the engine is single-threaded).
  private acc: Float64Array | undefined;
  private stamp: Int32Array | undefined;
  private query_ = 0;

  /** Passages sharing the most weighted words with the sentence, best first. */
  private candidates(q: Query, limit: number): number[] {
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
    let first = true;
    for (const t of q.terms) {
      const mark = ++this.query_;
      if (first) {
        q.first = mark;
        first = false;
      }
      const visit = (id: number, w: number) => {
        const post = this.postingsOf(id);
        if (!post || post[2] - post[1] > maxPostings) return;
        const [data, from, to] = post;
        for (let i = from; i < to; i++) {
          const pid = data[i];
          if (stamp[pid] === mark) continue;
          if (stamp[pid] < q.first) {
            acc[pid] = 0;
            touched.push(pid);
          }
          stamp[pid] = mark;
          acc[pid] += w;
        }
      };
      visit(t.id, t.weight);
      for (const id of t.synonyms) visit(id, t.weight * SYNONYM_WEIGHT);
      for (const id of t.near) visit(id, t.weight * NEAR_WEIGHT);
      for (const id of t.antonyms) visit(id, t.weight * SYNONYM_WEIGHT);
    }
    return topK(touched, acc, limit);
  }

  /** Scores one passage against a sentence: coverage, and any conflict it carries. */
  private compare(q: Query, pid: number, count = 1): Compared {
    const { a } = q;
    const si = this.pSource.get(pid);
    const passage = count === 1 ? this.passages[pid] : this.joined(pid, count);
    const topic = this.topic[si];
    const from = this.tOff.get(pid);
    const to = this.tOff.get(pid + count);
    const stems = this.tStem.data;
    let got = 0;
    // The same coverage by general-English weights, exact matches only, names; and the rarest word not stated.
    let gotG = 0;
    let gotV = 0;
    let exactGot = 0;
    let nameTot = 0;
    let nameGot = 0;
    let nameMiss = 0;
    let missRare = 0;
    let antonym: { draft: QueryTerm; source: string } | undefined;
    const matched: Span[] = [];
    const hit = new Set<number>();
    const mark = (i: number) => {
      matched.push({ start: this.tStart.get(i), end: this.tEnd.get(i) });
      hit.add(i);
    };
    const source = this.sources[si];
    // Words found in both, with where each stands: the order of names around a shared word tells who did what.
    const aligned: { term: QueryTerm; at: number }[] = [];
    for (const t of q.terms) {
      let first = -1;
      let exact = -1;
      let syn = -1;
      let near = -1;
      let ant = -1;
      for (let i = from; i < to; i++) {
        const s = stems[i];
        if (s === t.id) {
          exact = i;
          if (first < 0) first = i;
          mark(i);
        } else if (t.synonyms.has(s)) syn = i;
        else if (t.near.has(s)) near = i;
        else if (t.antonyms.has(s) && !q.ids.has(s)) ant = i;
      }
      let credit = 0;
      if (exact >= 0) {
        credit = 1;
        exactGot += t.weight;
        aligned.push({ term: t, at: this.tStart.get(first) });
      } else if (syn >= 0) {
        credit = SYNONYM_WEIGHT;
        mark(syn);
      } else if (t.term.name && t.id >= 0 && topic.has(t.id)) {
        credit = TOPIC_WEIGHT;
      } else if (near >= 0) {
        credit = NEAR_WEIGHT;
        mark(near);
      } else {
        let root = -1;
        if (t.term.stem.length >= 5) for (let i = from; i < to && root < 0; i++) if (sharesRoot(t.term.stem, this.stemNames[stems[i]])) root = i;
        if (root >= 0) {
          credit = NEAR_WEIGHT;
          mark(root);
        } else if (ant >= 0 && !antonym) antonym = { draft: t, source: source.text.slice(this.tStart.get(ant), this.tEnd.get(ant)) };
      }
      got += credit * t.weight;
      gotG += credit * t.gweight;
      // A paraphrase: partial credit by the closest word of the passage in vector space (general weights).
      let soft = credit;
      if (!credit && t.vrow >= 0) {
        let sim = 0;
        for (let i = from; i < to; i++) sim = Math.max(sim, similarity(t.vrow, this.vectorRowOf(stems[i])));
        soft = Math.max(0, Math.min(1, (sim - SOFT_FROM) / (SOFT_FULL - SOFT_FROM))) * SOFT_WEIGHT;
      }
      gotV += soft * t.gweight;
      if (t.term.name) {
        nameTot += t.weight;
        nameGot += credit * t.weight;
        if (!credit) nameMiss++;
      }
      if (!credit && !t.term.light) missRare = Math.max(missRare, t.gweight / UNKNOWN_BITS);
    }
    // Quantities: each must find its like in the passage; an unlike one of the same kind is a conflict.
    let qConflict: { d: Quantity; s: Quantity } | undefined;
    let qGot = 0;
    let qMissing = 0;
    let qAbsent = 0;
    const pq = count === 1 ? this.pQuant.get(pid) ?? [] : [...(this.pQuant.get(pid) ?? []), ...(this.pQuant.get(pid + 1) ?? [])];
    for (const dq of a.quantities) {
      const same = pq.filter((x) => comparable(dq, x));
      if (same.some((x) => compatible(dq, x))) {
        got += QUANTITY_WEIGHT;
        gotG += QUANTITY_GBITS;
        gotV += QUANTITY_GBITS;
        qGot++;
      } else if (same.length && !qConflict) qConflict = { d: dq, s: same[0] };
      else if (!same.length) {
        qMissing++;
        if (dq.dim !== 'count') qAbsent++;
      }
    }
    const metrics: CompareMetrics = {
      covG: q.gtotal ? gotG / q.gtotal : 0,
      covV: q.gtotal ? gotV / q.gtotal : 0,
      covExact: q.total ? (exactGot + qGot * QUANTITY_WEIGHT) / q.total : 0,
      nameCov: nameTot ? nameGot / nameTot : 1,
      nameMiss,
      qTot: a.quantities.length,
      qGot,
      qMissing,
      qAbsent,
      missRare,
      passageTerms: to - from,
      sim: this.passageSimilarity(q, from, to),
      precision: to > from ? hit.size / (to - from) : 0,
    };
    const total = q.total;
    let score = total ? got / total : 0;
    // Negation counts only near the words the passage shares with the sentence: "X has done Y, while others may
    // lack Z" does not negate "X has done Y". The window runs from the start of the clause holding the first
    // shared word to the end of the clause holding the last one.
    const window = alignedWindow(passage.span, source, matched);
    const passageNeg: Span[] = [];
    for (let i = this.nOff.get(pid); i < this.nOff.get(pid + count); i += 2) {
      const at = this.neg.get(i);
      if (at >= window.start && at < window.end) passageNeg.push({ start: at, end: this.neg.get(i + 1) });
    }
    const flip = (a.negations + passageNeg.length + (antonym ? 1 : 0)) % 2 === 1;
    // An antonym under a negation states the same claim: "not enough" is "insufficient".
    if (antonym && !flip) {
      got += antonym.draft.weight * SYNONYM_WEIGHT;
      score = got / total;
      antonym = undefined;
    }
    let topical = score;
    if (qConflict) topical = got / Math.max(1e-9, total - QUANTITY_WEIGHT);
    if (antonym) topical = (got + antonym.draft.weight * SYNONYM_WEIGHT) / total;
    let conflict: Omit<Contradiction, keyof PassageRef> | undefined;
    const roles = !qConflict && !antonym && !flip ? swappedRoles(aligned, rawOf(a), source.text) : undefined;
    if (roles) {
      conflict = { kind: 'roles', reason: `roles swapped: the source says "${roles}"` };
    } else if (qConflict) {
      const sourceFigure = squash(source.text.slice(qConflict.s.start, qConflict.s.end));
      const draftFigure = textOf(a, qConflict.d);
      conflict = {
        kind: 'quantity',
        reason: `source says ${withNoun(qConflict.s, source.text, sourceFigure)}, draft says ${withNoun(qConflict.d, rawOf(a), draftFigure)}`,
        sourceFigure: replacementFigure(qConflict.d, qConflict.s, draftFigure, sourceFigure),
        draftSpan: { start: qConflict.d.start, end: qConflict.d.end },
      };
    } else if (antonym) {
      conflict = { kind: 'antonym', reason: `source says "${antonym.source}" where the draft says "${antonym.draft.term.token.text}"` };
    } else if (flip) {
      const words = passageNeg.map((x) => source.text.slice(x.start, x.end));
      const neg = a.negations % 2 ? `the draft says "${a.negationWords.join(' ')}"` : `the source says "${words.join(' ')}"`;
      conflict = { kind: 'negation', reason: `opposite polarity: ${neg} and the other does not` };
    }
    return { score, topical, matched, conflict, metrics };
  }

  /** Two consecutive passages of one source as one (for a claim a source states across two sentences). */
  private joined(pid: number, count: number): Passage {
    const first = this.passages[pid];
    const last = this.passages[pid + count - 1];
    const text = this.sources[this.pSource.get(pid)].text;
    return { index: first.index, span: { start: first.span.start, end: last.span.end }, text: text.slice(first.span.start, last.span.end) };
  }

  /** True when passages pid and pid + 1 are consecutive sentences of one source and one paragraph. */
  private adjacent(pid: number): boolean {
    if (pid + 1 >= this.passages.length || this.pSource.get(pid) !== this.pSource.get(pid + 1)) return false;
    const text = this.sources[this.pSource.get(pid)].text;
    return !/\n[ \t]*\r?\n/.test(text.slice(this.passages[pid].span.end, this.passages[pid + 1].span.start));
  }

  /** Checks one sentence. `citations` are the markers attached to it. */
  checkSentence(text: string, span: Span, masked: string, citations: CitationMarker[], options: EngineOptions = {}): SentenceResult {
    const o = { candidates: 60, ...options };
    // A "sentence" this long is a run-on list or pasted data, not a claim: matching it would cost much and say
    // little. It is reported as not a claim.
    if (masked.length > MAX_SENTENCE_CHARS) return { span, text, status: 'none', support: [], contradictions: [], citations: [], attributed: false };
    const a = analyzeMasked(masked, span.start);
    const q = this.query(a);
    const result: SentenceResult = { span, text, status: 'none', support: [], contradictions: [], citations: [], attributed: false };
    const isClaim = isFactualClaim(text, a);
    const draftHedged = HEDGE.test(masked);
    // Per source group: its closest passage without a conflict (and the runner-up's score), and its closest
    // conflicting passage. The model then decides what each source does.
    const best = new Map<number, { ref: PassageRef; r: Compared; second: number; window: boolean }>();
    const conflicts = new Map<number, { ref: PassageRef; r: Compared }>();
    const bestAny = new Map<number, PassageRef>();
    const windowCandidates: number[] = [];
    let top = 0;
    if (a.terms.length) {
      for (const id of this.candidates(q, o.candidates)) {
        const si = this.pSource.get(id);
        const source = this.sources[si];
        const r = this.compare(q, id);
        if (r.score >= WINDOW_FLOOR) windowCandidates.push(id, Math.max(0, id - 1));
        const ref: PassageRef = { source, passage: this.passages[id], score: r.score, matched: r.matched };
        const prevAny = bestAny.get(si);
        if (!prevAny || r.score > prevAny.score) bestAny.set(si, ref);
        if (r.conflict) {
          if (r.topical < CONFLICT_FLOOR) continue;
          const prev = conflicts.get(source.group);
          if (!prev || r.topical > prev.r.topical) conflicts.set(source.group, { ref: { ...ref, score: r.topical }, r });
          continue;
        }
        const prev = best.get(source.group);
        if (!prev) best.set(source.group, { ref, r, second: 0, window: false });
        else if (r.score > prev.r.score) best.set(source.group, { ref, r, second: prev.r.score, window: false });
        else if (r.score > prev.second) prev.second = r.score;
        top = Math.max(top, r.score);
      }
      // A claim a source makes across two sentences of one paragraph, with a penalty for the longer span.
      // Windows never contradict (their sentences may be about different things).
      for (const id of windowCandidates) {
        if (!this.adjacent(id)) continue;
        const si = this.pSource.get(id);
        const source = this.sources[si];
        const r = this.compare(q, id, 2);
        if (r.conflict) continue;
        r.score *= WINDOW_PENALTY;
        const prev = best.get(source.group);
        if (prev && prev.r.score >= r.score) continue;
        best.set(source.group, { ref: { source, passage: this.joined(id, 2), score: r.score, matched: r.matched }, r, second: prev ? Math.max(prev.second, prev.r.score) : 0, window: true });
        top = Math.max(top, r.score);
      }
    }
    const groups = new Set([...best.keys(), ...conflicts.keys()]);
    const terms = new Set(a.terms.filter((t) => !t.light).map((t) => t.stem)).size + a.quantities.length;
    const evidence = (x: { ref: PassageRef; r: Compared }, second: number, window: boolean): PairEvidence => ({
      cov: x.r.score,
      ...x.r.metrics,
      terms,
      hedge: !draftHedged && hedged(x.ref) ? 1 : 0,
      window: window ? 1 : 0,
      margin: x.r.score - second,
      relBest: x.r.score - top,
      topical: x.r.topical,
      kind: x.r.conflict?.kind,
    });
    // Only the clause the match aligns counts: "X did Y, and if Z ..." still states that X did Y.
    const hedged = (ref: PassageRef) => {
      const w = alignedWindow(ref.passage.span, ref.source, ref.matched);
      return HEDGE.test(ref.source.mask.slice(w.start, w.end));
    };
    const pairs = [...groups].map((g) => {
      const s = best.get(g);
      const c = conflicts.get(g);
      const conflict = c && { ...evidence(c, 0, false), otherCov: s?.r.score ?? 0, otherQShare: s && s.r.metrics.qTot ? s.r.metrics.qGot / s.r.metrics.qTot : 1 };
      return { item: g, support: s && evidence(s, s.second, s.window), conflict };
    });
    const verdict = decide(pairs, o.model);
    result.support = verdict.support.map((v) => best.get(v.item)!.ref).sort((x, y) => y.score - x.score);
    result.contradictions = verdict.conflicts
      .map((v) => {
        const c = conflicts.get(v.item)!;
        return { ...c.ref, ...c.r.conflict! };
      })
      .sort((x, y) => y.score - x.score);
    if (o.evidence) {
      const pv = new Map([...verdict.support, ...verdict.conflicts].map((v) => [v.item, v]));
      result.claim = isClaim;
      result.evidence = pairs.map((p) => ({ group: p.item, sources: this.sources.filter((x) => x.group === p.item).map((x) => x.path), support: p.support, conflict: p.conflict, pState: pv.get(p.item)?.pState, pConflict: pv.get(p.item)?.pConflict }));
    }
    if (!isClaim && !result.contradictions.length) {
      result.status = 'none';
    } else if (result.contradictions.length) {
      result.status = result.support.length ? 'disputed' : 'contradicted';
    } else {
      result.status = result.support.length >= 2 ? 'corroborated' : result.support.length === 1 ? 'single-source' : 'unsupported';
    }
    // Citations: does each cited source state the claim?
    for (const marker of citations) {
      marker.keys.forEach((key, i) => {
        const source = this.byKey.get(key);
        const idx = source ? this.sources.indexOf(source) : -1;
        const best = idx >= 0 ? bestAny.get(idx) ?? this.bestIn(q, idx) : undefined;
        const supports = !!source && result.support.some((s) => s.source.group === source.group);
        result.citations.push({ key, span: marker.keySpans[i] ?? marker.span, marker, source, supports, best });
      });
    }
    result.attributed = result.status === 'single-source' && result.citations.some((c) => c.source && c.source.group === result.support[0].source.group);
    return result;
  }

  /** The best passage of one source for a sentence, whether or not it supports it. */
  private bestIn(q: Query, sourceIndex: number): PassageRef | undefined {
    let best: PassageRef | undefined;
    const end = this.firstPassage[sourceIndex + 1] ?? this.passages.length;
    for (let id = this.firstPassage[sourceIndex]; id < end; id++) {
      const r = this.compare(q, id);
      if (!best || r.score > best.score) best = { source: this.sources[sourceIndex], passage: this.passages[id], score: r.score, matched: r.matched };
    }
    return best;
  }

  /** Every source ranked by how well its best passage states the sentence (for citation pickers). */
  rankSources(sentence: string): PassageRef[] {
    const q = this.query(analyze(sentence));
    const best = new Map<number, PassageRef>();
    if (q.terms.length) {
      for (const id of this.candidates(q, 200)) {
        const si = this.pSource.get(id);
        const r = this.compare(q, id);
        const prev = best.get(si);
        if (!prev || r.score > prev.score) best.set(si, { source: this.sources[si], passage: this.passages[id], score: r.score, matched: r.matched });
      }
    }
    return this.sources
      .map((s, i) => best.get(i) ?? { source: s, passage: s.passages[0], score: 0, matched: [] })
      .sort((x, y) => y.score - x.score || x.source.key.localeCompare(y.source.key));
  }

  /** Checks a whole draft. */
  checkDocument(text: string, options: DocumentOptions = {}): DocumentResult {
    const markdown = options.markdown ?? true;
    const seg = segmentDraft(text, markdown);
    const sentences = seg.sentences.map((s) => this.checkSentence(s.text, s.span, s.masked, s.citations, options));
    return { sentences, lines: new LineIndex(text) };
  }
}

export interface DocumentOptions extends EngineOptions {
  /** Treat the draft as Markdown (default true). */
  markdown?: boolean;
}

export interface DocumentResult {
  sentences: SentenceResult[];
  lines: LineIndex;
}

/** The `k` ids with the highest scores, best first (a bounded min-heap: O(n log k)). */
function topK(ids: number[], score: Float64Array, k: number): number[] {
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
      for (let i = 0; ; ) {
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

/** True for stems of one root that the stemmer left apart ("competit" and "competitor"). */
function sharesRoot(a: string, b: string): boolean {
  if (b.length < 5 || a === b) return false;
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i >= 6 && i >= n - 2;
}

/** The part of a passage a match aligns: from shortly before its first matched word to the end of its last's clause. */
function alignedWindow(span: Span, source: Source, matched: Span[]): Span {
  if (!matched.length) return span;
  let first = Infinity;
  let last = -1;
  for (const m of matched) {
    if (m.start < first) first = m.start;
    if (m.end > last) last = m.end;
  }
  // Back to the start of the clause, at most 40 characters: "if X rejects Y, we may see Z" does not negate Z.
  let start = Math.max(span.start, first - 40);
  const before = source.mask.slice(start, first);
  const cut = Math.max(before.lastIndexOf(','), before.lastIndexOf(';'), before.lastIndexOf(':'), before.lastIndexOf('—'));
  if (cut >= 0) start += cut + 1;
  const rest = source.mask.slice(last, span.end);
  const clause = /[,;:—–]|\s-\s/.exec(rest);
  return { start, end: clause ? last + clause.index : span.end };
}

type Raw = { text: string; offset: number };
function rawOf(a: Analysis): Raw | undefined {
  return (a as Analysis & { raw?: Raw }).raw;
}

function textOf(a: Analysis, q: Quantity): string {
  const raw = rawOf(a);
  return raw ? squash(raw.text.slice(q.start - raw.offset, q.end - raw.offset)) : squash(a.tokens.slice(q.from, q.to).map((t) => t.text).join(' '));
}

/**
 * Swapped roles: two names on either side of a shared word in the draft ("A acquired B") stand the other way round
 * in the passage ("B acquired A"). A passive ("… by …") between them in either reverses the order legitimately and
 * is not flagged. Returns the passage's words in its order, or undefined.
 */
function swappedRoles(aligned: { term: QueryTerm; at: number }[], raw: Raw | undefined, sourceText: string): string | undefined {
  if (!raw || aligned.length < 3) return undefined;
  const isName = (x: { term: QueryTerm; at: number }) => /^\p{Lu}/u.test(x.term.term.token.text) && /^\p{Lu}/u.test(sourceText[x.at] ?? '');
  const draftText = (from: number, to: number) => raw.text.slice(from - raw.offset, to - raw.offset);
  const names = aligned.filter(isName);
  for (const A of names) {
    for (const B of names) {
      const [a, b] = [A.term.term.token, B.term.term.token];
      if (a.start >= b.start || A.term.id === B.term.id) continue;
      for (const V of aligned) {
        const v = V.term.term.token;
        if (isName(V) || v.start <= a.start || v.start >= b.start) continue;
        if (!(B.at < V.at && V.at < A.at)) continue;
        if (/\bby\b/i.test(draftText(v.end, b.start)) || /\bby\b/i.test(sourceText.slice(V.at, A.at))) continue;
        return `${sourceText.slice(B.at, B.at + b.text.length)} … ${sourceText.slice(V.at, V.at + v.text.length)} … ${sourceText.slice(A.at, A.at + a.text.length)}`;
      }
    }
  }
  return undefined;
}

/**
 * The source's figure worded as the draft words its own, for a quick fix: "90 days" with a source's "30-day"
 * becomes "30 days" (the draft's number replaced, its unit kept), so the sentence still reads.
 */
function replacementFigure(d: Quantity, s: Quantity, draftFigure: string, sourceFigure: string): string {
  const num = /\d[\d,]*(?:\.\d+)?/.exec(draftFigure);
  if (num && d.value && s.dim === d.dim && d.dim !== 'year') {
    const n = Number(num[0].replace(/,/g, '')) * (s.value / d.value);
    const rounded = Math.round(n * 100) / 100;
    if (Number.isFinite(n) && Math.abs(n - rounded) < 1e-9 && rounded > 0) {
      const text = num[0].includes(',') ? rounded.toLocaleString('en-US') : String(rounded);
      return draftFigure.slice(0, num.index) + text + draftFigure.slice(num.index + num[0].length);
    }
  }
  // "30-day" stands before a noun; in the draft's place it reads "30 days".
  const hyphen = /^(\d[\d,.]*)-([a-z]+)$/i.exec(sourceFigure);
  if (hyphen) return `${hyphen[1]} ${hyphen[2]}${hyphen[1] === '1' ? '' : 's'}`;
  return sourceFigure;
}

/** A count reads better with what it counts: "400 jobs". */
function withNoun(q: Quantity, text: string | Raw | undefined, figure: string): string {
  if (q.dim !== 'count' || !text) return figure;
  const t = typeof text === 'string' ? text : text.text;
  const offset = typeof text === 'string' ? 0 : text.offset;
  const m = /^\s+([\p{L}\p{N}-]+)/u.exec(t.slice(q.end - offset, q.end - offset + 40));
  return m ? `${figure} ${m[1]}` : figure;
}

/** Analyses a masked sentence whose offsets must come out in document coordinates. */
function analyzeMasked(masked: string, offset: number): Analysis {
  const a = analyze(masked);
  const shift = <T extends { start: number; end: number }>(x: T) => {
    x.start += offset;
    x.end += offset;
  };
  for (const t of a.tokens) shift(t);
  for (const q of a.quantities) shift(q);
  return Object.assign(a, { raw: { text: masked, offset } });
}

const FRAMING_START = /^(?:i|we|let's|let us|in this (?:article|piece|post|essay|story)|this (?:article|piece|post|essay)|here(?:'s| is)|consider|imagine|note that|see)\b/i;

/** False for questions, the writer's own framing, and fragments with too little content to be a claim. */
export function isFactualClaim(text: string, a: Analysis): boolean {
  const t = text.trim();
  if (/\?["'”’)\]]*$/.test(t)) return false;
  if (FRAMING_START.test(t.replace(/^[^\p{L}]+/u, ''))) return false;
  const content = a.terms.filter((x) => !x.light).length + a.quantities.length;
  return content >= 2;
}

/** A folder's `corroborate.json` text, with a label for messages. */
export interface ManifestText {
  text: string;
  label?: string;
}

/** Builds a corpus from source files and their folders' manifests. Problems are collected, never thrown. */
export function buildCorpus(files: SourceFile[], manifests: ManifestText[] = [], options: Omit<CorpusOptions, 'manifest'> = {}): Corpus {
  const { manifest, problems } = mergeManifests(manifests, files);
  const corpus = new Corpus({ ...options, manifest });
  corpus.problems.push(...problems);
  corpus.add(files.filter((f) => isSourcePath(f.path)));
  return corpus.finish();
}

/** Merges folders' manifests, reporting invalid ones and entries for files that are not there. */
export function mergeManifests(manifests: ManifestText[], files: SourceFile[]): { manifest: Manifest; problems: SourceProblem[] } {
  const manifest: Manifest = { sources: [] };
  const problems: SourceProblem[] = [];
  const paths = new Set(files.map((f) => f.path));
  for (const m of manifests) {
    const label = m.label ?? MANIFEST_FILE;
    try {
      const entryProblems: string[] = [];
      const parsed = parseManifest(m.text, label, entryProblems);
      for (const message of entryProblems) problems.push({ path: label, message });
      manifest.sources.push(...parsed.sources);
      for (const s of parsed.sources) if (!paths.has(s.file)) problems.push({ path: label, message: `${label}: lists "${s.file}", which is not in the folder` });
    } catch (e) {
      problems.push({ path: label, message: (e as Error).message + '; its metadata is ignored' });
    }
  }
  return { manifest, problems };
}

const DIMS: Quantity['dim'][] = ['percent', 'duration', 'money', 'ratio', 'year', 'weekday', 'count', 'date', 'time'];

/**
 * Appends a quantity as numbers: dim, value, lo, hi, month + 100 * year + 1e7 if ambiguous, start, end, from, to,
 * count of `what`, `what` stems.
 */
function encodeQuantity(q: Quantity, stemIndex: (s: string) => number, out: number[]): void {
  out.push(DIMS.indexOf(q.dim), q.value, q.lo, q.hi, (q.month ?? 0) + 100 * (q.year ?? 0) + (q.ambiguous ? 1e7 : 0), q.start, q.end, q.from, q.to, q.what?.length ?? 0);
  for (const w of q.what ?? []) out.push(stemIndex(w));
}

/** Reads one quantity written by encodeQuantity at `at`; returns the next offset. */
function decodeQuantity(data: Float64Array, at: number, stems: string[], out: Quantity[]): number {
  const n = data[at + 9];
  const q: Quantity = { dim: DIMS[data[at]], value: data[at + 1], lo: data[at + 2], hi: data[at + 3], start: data[at + 5], end: data[at + 6], from: data[at + 7], to: data[at + 8] };
  const packed = data[at + 4];
  if (packed % 100) q.month = packed % 100;
  if (Math.floor(packed / 100) % 1e5) q.year = Math.floor(packed / 100) % 1e5;
  if (packed >= 1e7) q.ambiguous = true;
  if (n) q.what = Array.from(data.subarray(at + 10, at + 10 + n), (i) => stems[i]);
  out.push(q);
  return at + 10 + n;
}

/** FNV-1a of a text with ASCII letters folded to lower case. */
function foldedHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h >>> 0;
}

const byPath = (a: SourceFile, b: SourceFile) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

const isUpper = (c: number) => (c >= 65 && c <= 90) || (c > 127 && String.fromCharCode(c) !== String.fromCharCode(c).toLowerCase());
