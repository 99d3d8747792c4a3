import type { Quantity } from '../language/quantities';
import type { LocatedPassage } from '../sources/locatedPassage';
import type { Source } from '../sources/source';

/** A value now, or later: the in-memory index answers at once, a database-backed one asynchronously. */
export type MaybePromise<T> = T | Promise<T>;

/** Runs `f` on a value now, or once a promise of it resolves. */
export function then<T, U>(x: MaybePromise<T>, f: (value: T) => MaybePromise<U>): MaybePromise<U> {
  return x instanceof Promise ? x.then(f) : f(x);
}

/**
 * The source with this key if the index can give it at once (the memory index always; an archive for a source it
 * holds, such as one a check returned), else undefined. For adapters that must answer synchronously.
 */
export function sourceAtHand(index: PassageIndex, key: string): SourceInfo | undefined {
  const s = index.source(key);
  if (!(s instanceof Promise)) return s;
  s.catch(() => undefined);
  return undefined;
}

/**
 * What the checker needs to know about a source. Today it is the parsed `Source` (the hover cards and the CLI's
 * report still read its text and line index); a backend holding an archive gives the same fields from its store.
 */
export type SourceInfo = Source;

/** Counts an index keeps, so that nothing needs to enumerate its sources. */
export interface IndexStats {
  sources: number;
  /** Groups of near-identical sources (support counts groups). */
  groups: number;
  passages: number;
}

/** The index's words, as stem ids: document frequencies for query weights, names and vectors for scoring. */
export interface Vocabulary {
  readonly passageCount: number;
  /** The id of a stem, or undefined when no passage holds it. */
  idOf(stem: string): number | undefined;
  stemOf(id: number): string;
  /** Passages holding the stem (0 for an unknown id). */
  documentFrequency(id: number): number;
  /** Word-vector row of the stem (-1: none). */
  vectorRowOf(id: number): number;
}

/**
 * A sentence as a search engine reads it: per content word, the stems that may stand for it (the word itself,
 * synonyms, near senses, antonyms), each with its weight. A passage earns, for each word, the weight of the first
 * alternative it holds; candidates are the passages with the highest sums.
 */
export interface RetrievalQuery {
  words: readonly (readonly { id: number; weight: number }[])[];
}

/**
 * One passage as scoring and the contradiction rules read it, self-contained: nothing downstream reads the source's
 * other passages. Offsets (of terms, negations, quantities) are into the source text; `text` and `masked` start at
 * `passage.span.start` (use `sliceOf`).
 */
export interface PassageFeatures {
  source: SourceInfo;
  /** The passage (for a two-sentence window, both sentences as one). */
  passage: LocatedPassage;
  /** The source text as written, from the passage's start to 40 characters past its end (a figure's noun may follow). */
  text: string;
  /** The passage's span with markup blanked (what the rules read for clauses and hedges). */
  masked: string;
  /**
   * Content words in order: stem id, start and end offset, at `[termFrom, termTo)` of these columns (the memory
   * index hands out views of its own columns without copying; another backend may give 0 and the length).
   */
  stems: Int32Array;
  starts: Int32Array;
  ends: Int32Array;
  termFrom: number;
  termTo: number;
  /** Negations as (start, end) pairs. */
  negations: Int32Array;
  /** The passage's pairs are at `[negationFrom, negationTo)` of `negations`. */
  negationFrom: number;
  negationTo: number;
  quantities: readonly Quantity[];
  /** Stems the source is about: the names it repeats and its title's names. */
  topics: ReadonlySet<number>;
}

/** `features.text` from source offset `start` to `end`. */
export function sliceOf(f: PassageFeatures, start: number, end: number): string {
  const at = f.passage.span.start;
  return f.text.slice(start - at, end - at);
}

/**
 * A retrieved passage, with the two-sentence windows it belongs to when its neighbour is in the same paragraph of
 * the same source (previous + this, this + next): a claim a source makes across two sentences needs no second
 * round trip.
 */
export interface PassageHit {
  features: PassageFeatures;
  withNext?: PassageFeatures;
  withPrevious?: PassageFeatures;
}

/**
 * The port between the query and scoring: everything checking needs from wherever passages are stored. Only the
 * checker calls it; the scorer, the rules and the verdict work on the values it returns. Implementations: the
 * in-memory `MemoryIndex` (test/unit/passageIndex.contract.ts holds what every implementation must do).
 */
export interface PassageIndex {
  /** Changes whenever passages are added, removed or regrouped; caches of results key on it. */
  readonly generation: number;
  readonly stats: IndexStats;
  readonly vocabulary: Vocabulary;
  /**
   * The source with this key. The memory index answers at once; an archive answers at once for a source it holds
   * already (one a retrieval, `source` or `listSources` returned) and asynchronously otherwise.
   */
  source(key: string): MaybePromise<SourceInfo | undefined>;
  /** The first `limit` sources in the index's order (for lists and pickers); at once or asynchronously, as `source`. */
  listSources(limit: number): MaybePromise<SourceInfo[]>;
  /**
   * The sources of one duplicate group, at once. Defined for the group of every source the index has returned (a
   * backend that fetches sources on demand fetches a source's whole group with it).
   */
  groupMembers(group: number): SourceInfo[];
  /**
   * For each query, its best `limit` passages, best first. With `sourceKey`, that source's passages instead, in
   * document order, at most `limit` (the citation check scores them all).
   */
  retrieve(
    queries: readonly RetrievalQuery[],
    limit: number,
    filter?: { sourceKey?: string },
  ): MaybePromise<PassageHit[][]>;
}
