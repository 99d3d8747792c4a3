import {
  then,
  type IndexStats,
  type MaybePromise,
  type PassageFeatures,
  type PassageHit,
  type PassageIndex,
  type RetrievalQuery,
  type SourceInfo,
  type Vocabulary,
} from './passageIndex';

/**
 * Two indexes searched as one: local source folders (the memory index) and an archive. Stems get ids of their own
 * here (document frequencies summed); each part is asked in its own ids, and the candidates of both are ranked
 * together by the same rule the memory index ranks by (per word, the weight of the first alternative held). Source
 * keys are looked up locally first; the parts' duplicate groups must not overlap (the archive's are negative).
 */
export class CombinedIndex implements PassageIndex {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];
  /** Per combined id: the id in each part (-1: none). */
  private readonly inPart: [number, number][] = [];
  /** Per part: its id → combined id. */
  private readonly fromPart: Map<number, number>[] = [new Map(), new Map()];
  private readonly topicCache = new WeakMap<ReadonlySet<number>, ReadonlySet<number>>();
  readonly vocabulary: Vocabulary;

  constructor(private readonly parts: readonly [PassageIndex, PassageIndex]) {
    const [a, b] = parts;
    this.vocabulary = {
      get passageCount() {
        return a.vocabulary.passageCount + b.vocabulary.passageCount;
      },
      idOf: (stem) => this.idOf(stem),
      stemOf: (id) => this.names[id],
      documentFrequency: (id) => {
        const p = this.inPart[id];
        if (!p) return 0;
        return (
          (p[0] >= 0 ? a.vocabulary.documentFrequency(p[0]) : 0) +
          (p[1] >= 0 ? b.vocabulary.documentFrequency(p[1]) : 0)
        );
      },
      vectorRowOf: (id) => {
        const p = this.inPart[id];
        if (!p) return -1;
        return p[0] >= 0 ? a.vocabulary.vectorRowOf(p[0]) : b.vocabulary.vectorRowOf(p[1]);
      },
    };
  }

  private idOf(stem: string): number | undefined {
    const known = this.ids.get(stem);
    if (known !== undefined) return known;
    const pa = this.parts[0].vocabulary.idOf(stem) ?? -1;
    const pb = this.parts[1].vocabulary.idOf(stem) ?? -1;
    if (pa < 0 && pb < 0) return undefined;
    const id = this.names.length;
    this.ids.set(stem, id);
    this.names.push(stem);
    this.inPart.push([pa, pb]);
    if (pa >= 0) this.fromPart[0].set(pa, id);
    if (pb >= 0) this.fromPart[1].set(pb, id);
    return id;
  }

  /** The combined id of part `k`'s stem id. */
  private own(k: 0 | 1, id: number): number {
    return this.fromPart[k].get(id) ?? this.idOf(this.parts[k].vocabulary.stemOf(id)) ?? -1;
  }

  get generation(): number {
    return this.parts[0].generation * 1_000_003 + this.parts[1].generation;
  }

  get stats(): IndexStats {
    const [a, b] = this.parts.map((p) => p.stats);
    return { sources: a.sources + b.sources, groups: a.groups + b.groups, passages: a.passages + b.passages };
  }

  source(key: string): MaybePromise<SourceInfo | undefined> {
    return then(this.parts[0].source(key), (s) => s ?? this.parts[1].source(key));
  }

  listSources(limit: number): MaybePromise<SourceInfo[]> {
    return then(this.parts[0].listSources(limit), (first) =>
      first.length >= limit
        ? first
        : then(this.parts[1].listSources(limit - first.length), (rest) => [...first, ...rest]),
    );
  }

  groupMembers(group: number): SourceInfo[] {
    const a = this.parts[0].groupMembers(group);
    return a.length ? a : this.parts[1].groupMembers(group);
  }

  retrieve(
    queries: readonly RetrievalQuery[],
    limit: number,
    filter?: { sourceKey?: string },
  ): MaybePromise<PassageHit[][]> {
    const asked = (k: 0 | 1) =>
      queries.map((q) => ({
        words: q.words.map((alts) => alts.map((x) => ({ id: this.inPart[x.id]?.[k] ?? -1, weight: x.weight }))),
      }));
    if (filter?.sourceKey !== undefined) {
      return then(this.parts[0].source(filter.sourceKey), (local) => {
        const k = local ? 0 : 1;
        return then(this.parts[k].retrieve(asked(k), limit, filter), (lists) =>
          lists.map((l) => l.map((h) => this.hit(k, h))),
        );
      });
    }
    const local = this.parts[0].retrieve(asked(0), limit);
    const archived = this.parts[1].retrieve(asked(1), limit);
    return then(local, (la) =>
      then(archived, (lb) =>
        queries.map((q, i) => {
          const both = [...la[i].map((h) => this.hit(0, h)), ...lb[i].map((h) => this.hit(1, h))];
          const score = both.map((h) => scoreOf(q, h.features));
          // Sorted by score; equal scores keep local before archived, each in its own order.
          return both
            .map((h, j) => ({ h, j }))
            .sort((x, y) => score[y.j] - score[x.j] || x.j - y.j)
            .slice(0, limit)
            .map((x) => x.h);
        }),
      ),
    );
  }

  private hit(k: 0 | 1, h: PassageHit): PassageHit {
    const map = (f: PassageFeatures | undefined) => f && this.features(k, f);
    const out: PassageHit = { features: this.features(k, h.features) };
    // Windows are read only for some hits: map them when read.
    Object.defineProperty(out, 'withNext', { get: () => map(h.withNext), enumerable: true });
    Object.defineProperty(out, 'withPrevious', { get: () => map(h.withPrevious), enumerable: true });
    return out;
  }

  /** The features with their stem ids (and the source's topics) in this index's ids. */
  private features(k: 0 | 1, f: PassageFeatures): PassageFeatures {
    const stems = new Int32Array(f.termTo - f.termFrom);
    for (let i = f.termFrom; i < f.termTo; i++) stems[i - f.termFrom] = this.own(k, f.stems[i]);
    let topics = this.topicCache.get(f.topics);
    if (!topics) {
      topics = new Set([...f.topics].map((t) => this.own(k, t)));
      this.topicCache.set(f.topics, topics);
    }
    return {
      ...f,
      stems,
      starts: f.starts.subarray(f.termFrom, f.termTo),
      ends: f.ends.subarray(f.termFrom, f.termTo),
      termFrom: 0,
      termTo: stems.length,
      topics,
    };
  }
}

/** The retrieval score of a passage: per word, the weight of the first alternative it holds. */
function scoreOf(q: RetrievalQuery, f: PassageFeatures): number {
  const held = new Set<number>();
  for (let i = f.termFrom; i < f.termTo; i++) held.add(f.stems[i]);
  let score = 0;
  for (const alts of q.words) {
    const a = alts.find((x) => held.has(x.id));
    if (a) score += a.weight;
  }
  return score;
}
