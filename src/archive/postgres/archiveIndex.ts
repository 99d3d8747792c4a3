import pg from 'pg';
import {
  decodeQuantity,
  LineIndex,
  locatePassage,
  vectorRow,
  type IndexStats,
  type MaybePromise,
  type Passage,
  type PassageFeatures,
  type PassageHit,
  type PassageIndex,
  type Quantity,
  type RetrievalQuery,
  type Source,
  type Vocabulary,
} from '../../core';
import { decodeFeatures } from './records';
import { ClientRetrieval, type ArticleOrder } from './clientRetrieve';
import { passagesOf, type PassageRow, type StemQuery } from './retrieve';
import { requireSchema } from './schema';
import { currentAnalysis, staleArticles, type StaleArticles } from './analysisVersion';

/** Characters of source text kept past a passage's end in its features (as the memory index). */
const FOLLOWING = 40;
/** Postings longer than this find nothing specific (the memory index's rule, with its bounds). */
const MAX_POSTINGS = 20_000;

/** What the index queries: a pool (the extension, the CLI) or one client (tests). */
export type Queryable = pg.Pool | pg.ClientBase;

interface ArticleMeta {
  id: string;
  key: string;
  path: string;
  root: string;
  title: string;
  outlet: string | null;
  author: string | null;
  url: string | null;
  date: string | null;
  grp: string;
  topics: string[];
  passages: number;
}

/** A stored piece of an article's text at its offset; `line`/`character` where it starts, when known. */
interface Piece {
  start: number;
  text: string;
  mask: string;
  line?: number;
  character?: number;
}

/**
 * An archived article as the engine reads a `Source`: its metadata, and of its text only the passages retrieved so
 * far (each with the 40 characters after it). The text is kept at its true offsets, with what was not fetched
 * blanked and line breaks placed so that line and column of every fetched passage are those of the file; the
 * passages list holds the fetched ones, in document order. It grows as checks fetch more of the article.
 */
class ArchivedSource implements Source {
  readonly key: string;
  readonly path: string;
  readonly root: string;
  readonly title: string;
  readonly outlet?: string;
  readonly author?: string;
  readonly url?: string;
  readonly date?: string;
  readonly group: number;
  readonly id: string;
  /** Passages the article has in the archive (`passages` holds only those fetched). */
  readonly passageCount: number;
  readonly topics: ReadonlySet<number>;
  private readonly pieces: Piece[] = [];
  private readonly known = new Map<number, Passage>();
  private built: { text: string; mask: string; lines?: LineIndex; passages: Passage[] } | undefined;

  constructor(meta: ArticleMeta, topics: ReadonlySet<number>) {
    this.id = meta.id;
    this.key = meta.key;
    this.path = meta.path;
    this.root = meta.root;
    this.title = meta.title;
    if (meta.outlet !== null) this.outlet = meta.outlet;
    if (meta.author !== null) this.author = meta.author;
    if (meta.url !== null) this.url = meta.url;
    if (meta.date !== null) this.date = meta.date;
    // Negative: never equal to a memory index's group (0, 1, …) when both are searched together.
    this.group = -1 - Number(meta.grp);
    this.passageCount = meta.passages;
    this.topics = topics;
  }

  /** Adds a fetched passage row (once per passage). */
  addRow(row: PassageRow): Passage {
    const had = this.known.get(row.ord);
    if (had) return had;
    const own = ownText(row);
    const passage: Passage = { index: row.ord, span: { start: row.spanStart, end: row.spanEnd }, text: row.text };
    this.known.set(row.ord, passage);
    this.pieces.push({ start: row.spanStart, text: own + row.after, mask: (row.masked ?? own) + (row.afterMasked ?? row.after), line: row.startLine, character: row.startChar });
    this.built = undefined;
    return passage;
  }

  private build(): NonNullable<ArchivedSource['built']> {
    if (this.built) return this.built;
    this.pieces.sort((a, b) => a.start - b.start);
    let text = '';
    let mask = '';
    let line = 0;
    for (const p of this.pieces) {
      if (p.start > text.length) {
        // The gap: blanks, with the line breaks the file has there, the last one where the passage's line starts.
        const gap = Array.from({ length: p.start - text.length }, () => ' ');
        const breaks = (p.line ?? line) - line;
        const last = p.start - (p.character ?? 0) - 1 - text.length;
        for (let k = 0; k < breaks && last - k >= 0; k++) gap[last - k] = '\n';
        const g = gap.join('');
        text += g;
        mask += g;
        line += countBreaks(g);
      }
      const skip = text.length - p.start;
      if (skip < p.text.length) {
        const t = p.text.slice(skip);
        text += t;
        mask += p.mask.slice(skip, p.text.length);
        line += countBreaks(t);
      }
    }
    const passages = [...this.known.values()].sort((a, b) => a.index - b.index);
    return (this.built = { text, mask, passages });
  }

  get text(): string {
    return this.build().text;
  }

  get mask(): string {
    return this.build().mask;
  }

  get lines(): LineIndex {
    const b = this.build();
    return (b.lines ??= new LineIndex(b.text));
  }

  get passages(): Passage[] {
    return this.build().passages;
  }
}

/** The characters of a passage's span: its quote, or for HTML (a quote without tags) its masked reading. */
function ownText(row: PassageRow): string {
  const length = row.spanEnd - row.spanStart;
  return row.text.length === length ? row.text : (row.masked ?? row.text.padEnd(length).slice(0, length));
}

function countBreaks(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13) {
      if (s.charCodeAt(i + 1) === 10) i++;
      n++;
    }
  }
  return n;
}

/** The article columns an ArchivedSource is made of. */
const ARTICLE_COLUMNS = `id::text AS id, key, path, root, title, outlet, author, url, date, grp::text AS grp, topics, passages`;

/**
 * The archive as a `PassageIndex`: retrieval reads postings from PostgreSQL and sums them here (two statements per
 * batch of sentences, see ClientRetrieval: the postings not cached yet, then the best passages' rows), the
 * engine's scoring and decision run here on what it returns, as for the memory index. At open it reads only what
 * scoring needs: the stems with their document frequencies, and the totals. Articles are fetched when first
 * needed, each with its whole duplicate group (one statement for all the articles a retrieval returns, one for the
 * keys `source` is asked for in the same tick, one for `listSources`), and kept; so `groupMembers` answers at once
 * for every source the index has handed out. Article texts stay in the database and only fetched passages are
 * held. Postings and rows are cached across checks until the archive's totals or last load change; counts are
 * those of open.
 */
export class ArchiveIndex implements PassageIndex {
  readonly generation = 1;
  readonly vocabulary: Vocabulary;
  private readonly stemIds = new Map<string, number>();
  private readonly stemNames: string[] = [];
  private readonly dfs: number[] = [];
  private readonly vrows: number[] = [];
  private readonly byKey = new Map<string, ArchivedSource>();
  private readonly byId = new Map<string, ArchivedSource>();
  private readonly byNumber = new Map<number, ArchivedSource>();
  private readonly retrieval = new ClientRetrieval();
  private readonly order: ArticleOrder = {
    rank: () => undefined,
    path: (a) => this.byNumber.get(a)?.path,
    fetch: (ids) => this.fetch('id = ANY($1::bigint[])', [ids.map(String)]).then(() => undefined),
  };
  /** Duplicate groups fetched, each with all its members in path order. */
  private readonly groups = new Map<number, ArchivedSource[]>();
  /** The first sources in path order, as far as `listSources` has read them. */
  private listed: ArchivedSource[] = [];
  private listedAll = false;
  /** Keys asked of `source` in this tick, looked up together. */
  private pendingKeys: { keys: Set<string>; done: Promise<void> } | undefined;
  private counts: IndexStats = { sources: 0, groups: 0, passages: 0 };
  /**
   * The articles, as of open, whose stored features another analysis of the engine made (see analysisVersion.ts):
   * they are scored with those features, so a check may differ from one of the same files in memory until
   * `archive add` analyses them again. Adapters warn when there are any (staleWarning).
   */
  stale: StaleArticles = { articles: 0, byRoot: [] };

  private constructor(
    private readonly db: Queryable,
    private readonly onClose?: () => Promise<void>,
  ) {
    const passageCount = () => this.counts.passages;
    this.vocabulary = {
      get passageCount() {
        return passageCount();
      },
      idOf: (stem) => this.stemIds.get(stem),
      stemOf: (id) => this.stemNames[id],
      documentFrequency: (id) => this.dfs[id] ?? 0,
      vectorRowOf: (id) => {
        let r = this.vrows[id];
        if (r === undefined) r = this.vrows[id] = id >= 0 && id < this.stemNames.length ? vectorRow(this.stemNames[id]) : -1;
        return r;
      },
    };
  }

  /** Reads the archive's vocabulary and totals. Throws a SchemaError for a database holding no archive. */
  static async open(db: Queryable, onClose?: () => Promise<void>): Promise<ArchiveIndex> {
    const index = new ArchiveIndex(db, onClose);
    await requireSchema(db as pg.ClientBase);
    // One transaction, so the stems and the counts are one snapshot.
    const client = db instanceof pg.Pool ? await db.connect() : db;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const stems = await client.query<{ stem: string; df: number }>('SELECT stem, df FROM corroborate_stems');
      for (const { stem, df } of stems.rows) index.intern(stem, df);
      const s = await client.query<{ articles: string; passages: string; groups: string }>(
        'SELECT articles, passages, (SELECT count(DISTINCT grp) FROM corroborate_articles) AS groups FROM corroborate_stats',
      );
      index.stale = await staleArticles(client, currentAnalysis());
      await client.query('COMMIT');
      const row = s.rows[0];
      index.counts = { sources: Number(row?.articles ?? 0), groups: Number(row?.groups ?? 0), passages: Number(row?.passages ?? 0) };
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      if (client !== db) (client as pg.PoolClient).release();
    }
    return index;
  }

  private intern(stem: string, df = 0): number {
    let id = this.stemIds.get(stem);
    if (id === undefined) {
      id = this.stemNames.length;
      this.stemIds.set(stem, id);
      this.stemNames.push(stem);
      this.dfs.push(df);
    }
    return id;
  }

  /**
   * Fetches the articles matching `where` (over corroborate_articles) that are not held yet, with every member of
   * their duplicate groups, in one statement; returns the matching ones, held or new, in path order.
   */
  private async fetch(where: string, params: unknown[]): Promise<ArchivedSource[]> {
    const r = await this.db.query<ArticleMeta & { hit: boolean }>(
      `WITH hit AS (SELECT id, grp FROM corroborate_articles WHERE ${where})
       SELECT ${ARTICLE_COLUMNS}, id IN (SELECT id FROM hit) AS hit FROM corroborate_articles
        WHERE grp IN (SELECT grp FROM hit)
        ORDER BY path COLLATE "C", id`,
      params,
    );
    const members = new Map<number, ArchivedSource[]>();
    const out: ArchivedSource[] = [];
    for (const a of r.rows) {
      let s = this.byId.get(a.id);
      if (!s) {
        s = new ArchivedSource(a, new Set(a.topics.map((t) => this.intern(t))));
        this.byId.set(s.id, s);
        this.byNumber.set(Number(s.id), s);
        this.byKey.set(s.key, s);
      }
      const m = members.get(s.group);
      if (m) m.push(s);
      else members.set(s.group, [s]);
      if (a.hit) out.push(s);
    }
    // A group read here is complete as of this statement (a member loaded later joins at the next fetch of it).
    for (const [g, m] of members) this.groups.set(g, m);
    return out;
  }

  get stats(): IndexStats {
    return { ...this.counts };
  }

  source(key: string): MaybePromise<Source | undefined> {
    const held = this.byKey.get(key);
    if (held) return held;
    // Keys asked in the same tick (the sentences of a batch citing sources) go in one statement.
    let pending = this.pendingKeys;
    if (!pending) {
      const keys = new Set<string>();
      const done = Promise.resolve().then(async () => {
        this.pendingKeys = undefined;
        await this.fetch('key = ANY($1::text[])', [[...keys]]);
      });
      pending = this.pendingKeys = { keys, done };
    }
    pending.keys.add(key);
    return pending.done.then(() => this.byKey.get(key));
  }

  listSources(limit: number): MaybePromise<Source[]> {
    const n = Math.max(0, Math.floor(Math.min(limit, Number.MAX_SAFE_INTEGER)));
    if (n <= this.listed.length || this.listedAll) return this.listed.slice(0, n);
    return this.fetch('id IN (SELECT id FROM corroborate_articles ORDER BY path COLLATE "C", id LIMIT $1)', [n]).then((found) => {
      if (found.length >= this.listed.length) {
        this.listed = found;
        this.listedAll = found.length < n;
      }
      return this.listed.slice(0, n);
    });
  }

  groupMembers(group: number): Source[] {
    return this.groups.get(group) ?? [];
  }

  /** How many passages an article of this index holds (its `passages` are only those fetched so far). */
  passageCountOf(source: Source): number | undefined {
    return source instanceof ArchivedSource ? source.passageCount : undefined;
  }

  /** Runs what `open` was given to close the connection with. */
  async close(): Promise<void> {
    await this.onClose?.();
  }

  async retrieve(queries: readonly RetrievalQuery[], limit: number, filter?: { sourceKey?: string }): Promise<PassageHit[][]> {
    if (filter?.sourceKey !== undefined) {
      const source = await this.source(filter.sourceKey);
      if (!(source instanceof ArchivedSource) || limit <= 0) return queries.map(() => []);
      const rows = await passagesOf(this.db as pg.ClientBase, source.key, limit);
      const features = rows.map((r) => this.features(source, [r]));
      const hits = rows.map((r, i): PassageHit => {
        const hit: PassageHit = { features: features[i] };
        const next = rows[i + 1];
        if (r.joinsNext && next && next.ord === r.ord + 1) hit.withNext = this.features(source, [r, next]);
        const prev = rows[i - 1];
        if (prev && prev.joinsNext && prev.ord === r.ord - 1) hit.withPrevious = this.features(source, [prev, r]);
        return hit;
      });
      return queries.map(() => hits);
    }
    // The memory index's rule: an alternative whose postings are too long finds nothing specific and is left out.
    const n = this.counts.passages;
    const maxPostings = Math.max(2000, Math.min(MAX_POSTINGS, n * 0.05));
    const asked: StemQuery[] = queries.map((q) => ({
      words: q.words.map((alts) =>
        alts.filter((a) => a.id >= 0 && a.id < this.stemNames.length && this.dfs[a.id] <= maxPostings).map((a) => ({ stem: this.stemNames[a.id], weight: a.weight })),
      ),
    }));
    const lists = await this.retrieval.retrieve(this.db as pg.ClientBase, asked, limit, this.order);
    return lists.map((list) =>
      list.flatMap((h): PassageHit[] => {
        const source = this.byId.get(h.passage.article);
        if (!source) return []; // removed between the two statements
        return [new ArchiveHit(this.features(source, [h.passage]), () => h.next && this.features(source, [h.passage, h.next]), () => h.previous && this.features(source, [h.previous, h.passage]))];
      }),
    );
  }

  /** The features of consecutive passages of one article, as one passage (the memory index's `features`). */
  features(source: ArchivedSource, rows: PassageRow[]): PassageFeatures {
    const passages = rows.map((r) => source.addRow(r));
    const first = passages[0];
    const span = { start: first.span.start, end: passages[passages.length - 1].span.end };
    // The text from the rows themselves (a joined passage's `after` reaches the next one): reading `source.text`
    // here would lay out the article's text again for every hit.
    let text = '';
    let masked = '';
    rows.forEach((r, k) => {
      const own = ownText(r);
      text += own;
      masked += r.masked ?? own;
      const next = rows[k + 1];
      if (next) {
        text += r.after.slice(0, next.spanStart - r.spanEnd);
        masked += (r.afterMasked ?? r.after).slice(0, next.spanStart - r.spanEnd);
      }
    });
    const spanText = text;
    text += rows[rows.length - 1].after.slice(0, FOLLOWING);
    const passage = locatePassage(source, rows.length === 1 ? first : { index: first.index, span, text: spanText });
    const stems: number[] = [];
    const starts: number[] = [];
    const ends: number[] = [];
    const negations: number[] = [];
    let quantities: Quantity[] = [];
    for (const r of rows) {
      const f = decodeFeatures(r.features);
      const base = r.spanStart;
      const ids = r.stems.map((s) => this.intern(s));
      for (const t of f.terms) {
        stems.push(ids[t.stem]);
        starts.push(t.start + base);
        ends.push(t.end + base);
      }
      for (const x of f.negations) negations.push(x.start + base, x.end + base);
      if (f.quantities.length) {
        const names = [...r.stems, ...(r.qstems ?? [])];
        const list: Quantity[] = [];
        for (let at = 0; at < f.quantities.length; ) at = decodeQuantity(f.quantities, at, names, list);
        for (const q of list) {
          q.start += base;
          q.end += base;
        }
        quantities = quantities.length ? [...quantities, ...list] : list;
      }
    }
    return {
      source,
      passage,
      text,
      masked,
      stems: Int32Array.from(stems),
      starts: Int32Array.from(starts),
      ends: Int32Array.from(ends),
      termFrom: 0,
      termTo: stems.length,
      negations: Int32Array.from(negations),
      negationFrom: 0,
      negationTo: negations.length,
      quantities,
      topics: source.topics,
    };
  }
}

/** A hit whose two-sentence windows are decoded when first read: most candidates never need them. */
class ArchiveHit implements PassageHit {
  private next: PassageFeatures | undefined | null = null;
  private previous: PassageFeatures | undefined | null = null;

  constructor(
    readonly features: PassageFeatures,
    private readonly makeNext: () => PassageFeatures | undefined,
    private readonly makePrevious: () => PassageFeatures | undefined,
  ) {}

  get withNext(): PassageFeatures | undefined {
    if (this.next === null) this.next = this.makeNext();
    return this.next;
  }

  get withPrevious(): PassageFeatures | undefined {
    if (this.previous === null) this.previous = this.makePrevious();
    return this.previous;
  }
}
