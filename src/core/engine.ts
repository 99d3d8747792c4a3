import { analyze, type Analysis, type Term } from './analyze';
import { segmentDraft, type CitationMarker } from './draft';
import { comparable, compatible, type Quantity } from './quantities';
import { MANIFEST_FILE, parseManifest, parseSource, deriveKey, isSourcePath, type Manifest, type Passage, type Source, type SourceFile, type SourceMeta, type SourceProblem } from './sources';
import { LineIndex, squash, type Range, type Span } from './text';

/** What a draft sentence is, given the sources. */
export type Status = 'corroborated' | 'single-source' | 'contradicted' | 'disputed' | 'unsupported' | 'none';
export const STATUSES: readonly Status[] = ['corroborated', 'single-source', 'contradicted', 'disputed', 'unsupported', 'none'];

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
  kind: 'quantity' | 'negation' | 'antonym';
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
}

export interface EngineOptions {
  /** Share of a sentence's weighted content a passage must state to support it. Default 0.62. */
  supportThreshold?: number;
  /** Share of content that must match, outside the conflicting words, before a conflict counts. Default 0.6. */
  contradictionThreshold?: number;
  /** Candidates scored in full per sentence. Default 60. */
  candidates?: number;
}

interface IndexedPassage {
  sourceIndex: number;
  passage: Passage;
  a: Analysis;
}

const QUANTITY_WEIGHT = 2.5;
/** Claims with fewer distinct content words than this need a closer match: the threshold rises by the step per word. */
const SHORT_CLAIM_TERMS = 6;
const SHORT_CLAIM_STEP = 0.04;
/** Credit for a word matched only through a near sense (hypernym, derivation). */
const NEAR_WEIGHT = 0.6;

/** The sources, parsed and indexed for matching. Immutable; build a new one when sources change. */
export class Corpus {
  readonly sources: Source[] = [];
  readonly problems: SourceProblem[] = [];
  private readonly passages: IndexedPassage[] = [];
  private readonly postings = new Map<string, number[]>();
  private readonly df = new Map<string, number>();
  private readonly topic: Set<string>[] = [];
  private readonly byKey = new Map<string, Source>();

  constructor(files: SourceFile[], manifest?: Manifest) {
    const metaByFile = new Map<string, SourceMeta>();
    for (const m of manifest?.sources ?? []) metaByFile.set(m.file, m);
    const usedKeys = new Set<string>();
    for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
      let parsed;
      try {
        parsed = parseSource(f, metaByFile.get(f.path));
      } catch (e) {
        this.problems.push({ path: f.path, message: (e as Error).message });
        continue;
      }
      if (!parsed.passages.length) {
        this.problems.push({ path: f.path, message: `${f.path}: no sentences found (empty or not prose); skipped` });
        continue;
      }
      let key = parsed.key ?? deriveKey(parsed.title, f.path);
      if (usedKeys.has(key)) {
        const base = key;
        let n = 2;
        while (usedKeys.has(`${base}-${n}`)) n++;
        key = `${base}-${n}`;
        if (parsed.key) this.problems.push({ path: f.path, message: `${f.path}: citation key "${base}" is used by another source; using "${key}"` });
      }
      usedKeys.add(key);
      const source: Source = { ...parsed, key, group: this.sources.length };
      this.byKey.set(key, source);
      this.sources.push(source);
    }
    this.groupDuplicates();
    this.sources.forEach((s, si) => {
      const topic = new Set<string>();
      const caps = new Map<string, number>();
      for (const p of s.passages) {
        const a = analyze(s.mask, p.span.start, p.span.end);
        const id = this.passages.length;
        this.passages.push({ sourceIndex: si, passage: p, a });
        const keys = new Set<string>();
        for (const t of a.terms) {
          keys.add('s' + t.stem);
          for (const y of t.synsets) keys.add('y' + y);
          if (t.name) caps.set(t.stem, (caps.get(t.stem) ?? 0) + 1);
        }
        for (const k of keys) {
          let list = this.postings.get(k);
          if (!list) this.postings.set(k, (list = []));
          list.push(id);
          if (k[0] === 's') this.df.set(k, (this.df.get(k) ?? 0) + 1);
        }
      }
      // What a source is about: the names it repeats. Lets "the company" in a passage stand for the name.
      for (const [stem, n] of caps) if (n >= 3) topic.add(stem);
      for (const t of analyze(s.title).terms) if (t.name || /^\p{Lu}/u.test(t.token.text)) topic.add(t.stem);
      this.topic.push(topic);
    });
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
    const norm = (p: Passage) => squash(p.text.toLowerCase().replace(/[^\p{L}\p{N}\s]/gu, ''));
    const bySentence = new Map<string, number[]>();
    const sets = this.sources.map((s, i) => {
      const set = new Set(s.passages.map(norm).filter((x) => x.length > 20));
      for (const x of set) {
        const l = bySentence.get(x) ?? [];
        l.push(i);
        bySentence.set(x, l);
      }
      return set;
    });
    const parent = this.sources.map((_, i) => i);
    const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
    sets.forEach((set, i) => {
      const shared = new Map<number, number>();
      for (const x of set) for (const j of bySentence.get(x) ?? []) if (j > i) shared.set(j, (shared.get(j) ?? 0) + 1);
      for (const [j, n] of shared) if (n >= 0.8 * Math.min(set.size, sets[j].size)) parent[find(j)] = find(i);
    });
    this.sources.forEach((s, i) => (s.group = find(i)));
  }

  private idf(stem: string): number {
    const n = this.passages.length;
    const df = this.df.get('s' + stem) ?? 0;
    return Math.max(0.3, Math.log((n + 1) / (df + 0.5)));
  }

  /** Passages sharing the most weighted terms with the sentence, best first. */
  private candidates(a: Analysis, limit: number): number[] {
    const acc = new Map<number, number>();
    for (const t of a.terms) {
      const w = this.idf(t.stem) * (t.light ? 0.3 : 1);
      const seen = new Set<number>();
      const keys = ['s' + t.stem, ...t.synsets.map((y) => 'y' + y), ...t.near.map((y) => 'y' + y), ...t.antonyms.map((y) => 'y' + y)];
      for (const k of keys) {
        const list = this.postings.get(k);
        if (!list || list.length > 20000) continue;
        for (const id of list) {
          if (seen.has(id)) continue;
          seen.add(id);
          acc.set(id, (acc.get(id) ?? 0) + w);
        }
      }
    }
    return [...acc.entries()].sort((x, y) => y[1] - x[1]).slice(0, limit).map(([id]) => id);
  }

  /** Scores one passage against a sentence: coverage, and any conflict it carries. */
  private compare(a: Analysis, p: IndexedPassage): { score: number; topical: number; matched: Span[]; conflict?: Omit<Contradiction, keyof PassageRef> } {
    const b = p.a;
    const topic = this.topic[p.sourceIndex];
    let total = 0;
    let got = 0;
    let antonym: { draft: Term; source: string } | undefined;
    const matched: Span[] = [];
    for (const t of a.terms) {
      const w = this.idf(t.stem) * (t.light ? 0.3 : 1);
      total += w;
      if (b.stems.has(t.stem)) {
        got += w;
        for (const u of b.terms) if (u.stem === t.stem) matched.push({ start: u.token.start, end: u.token.end });
        continue;
      }
      const syn = t.synsets.find((y) => b.synsets.has(y));
      if (syn !== undefined) {
        got += 0.85 * w;
        for (const u of b.terms) if (u.synsets.includes(syn)) matched.push({ start: u.token.start, end: u.token.end });
        continue;
      }
      if (t.name && topic.has(t.stem)) {
        got += 0.7 * w;
        continue;
      }
      const prefixHit = t.stem.length >= 5 ? b.terms.find((u) => sharesRoot(t.stem, u.stem)) : undefined;
      if (prefixHit) {
        got += NEAR_WEIGHT * w;
        matched.push({ start: prefixHit.token.start, end: prefixHit.token.end });
        continue;
      }
      const nearHit = t.near.find((y) => b.synsets.has(y) || b.near.has(y)) ?? t.synsets.find((y) => b.near.has(y));
      if (nearHit !== undefined) {
        got += NEAR_WEIGHT * w;
        for (const u of b.terms) if (u.synsets.includes(nearHit) || u.near.includes(nearHit)) matched.push({ start: u.token.start, end: u.token.end });
        continue;
      }
      if (!antonym && t.antonyms.length) {
        const u = b.terms.find((x) => x.synsets.some((y) => t.antonyms.includes(y)) && !a.stems.has(x.stem));
        if (u) antonym = { draft: t, source: u.token.text };
      }
    }
    // Quantities: each must find its like in the passage; an unlike one of the same kind is a conflict.
    let qConflict: { d: Quantity; s: Quantity } | undefined;
    for (const q of a.quantities) {
      total += QUANTITY_WEIGHT;
      const same = b.quantities.filter((x) => comparable(q, x));
      if (same.some((x) => compatible(q, x))) got += QUANTITY_WEIGHT;
      else if (same.length && !qConflict) qConflict = { d: q, s: same[0] };
    }
    let score = total ? got / total : 0;
    // Negation counts only near the words the passage shares with the sentence: "X has done Y, while others may
    // lack Z" does not negate "X has done Y". The window runs from a few words before the first shared word to
    // the end of the clause holding the last one.
    const window = alignedWindow(p, matched);
    const passageNeg = b.negationAt.filter((x) => x >= window.start && x < window.end);
    const flip = (a.negations + passageNeg.length + (antonym ? 1 : 0)) % 2 === 1;
    // An antonym under a negation states the same claim: "not enough" is "insufficient".
    if (antonym && !flip) {
      got += this.idf(antonym.draft.stem) * 0.85;
      score = got / total;
      antonym = undefined;
    }
    let topical = score;
    if (qConflict) topical = got / Math.max(1e-9, total - QUANTITY_WEIGHT);
    if (antonym) topical = (got + this.idf(antonym.draft.stem) * 0.85) / total;
    let conflict: Omit<Contradiction, keyof PassageRef> | undefined;
    const sourceText = (q: Quantity) => squash(p.passage.text.slice(q.start - p.passage.span.start, q.end - p.passage.span.start));
    // A count reads better with what it counts: "400 jobs".
    const withNoun = (q: Quantity, tokens: typeof a.tokens, text: (q: Quantity) => string) => (q.dim === 'count' && tokens[q.to] ? `${text(q)} ${tokens[q.to].text}` : text(q));
    if (qConflict) {
      const draftFigure = withNoun(qConflict.d, a.tokens, (q) => textOf(a, q));
      conflict = { kind: 'quantity', reason: `source says ${withNoun(qConflict.s, b.tokens, sourceText)}, draft says ${draftFigure}`, sourceFigure: sourceText(qConflict.s), draftSpan: { start: qConflict.d.start, end: qConflict.d.end } };
    } else if (antonym) {
      conflict = { kind: 'antonym', reason: `source says "${antonym.source}" where the draft says "${antonym.draft.token.text}"` };
    } else if (flip) {
      const words = passageNeg.map((x) => b.tokens.find((t) => t.start === x)?.text ?? '');
      const neg = a.negations % 2 ? `the draft says "${a.negationWords.join(' ')}"` : `the source says "${words.join(' ')}"`;
      conflict = { kind: 'negation', reason: `opposite polarity: ${neg} and the other does not` };
    }
    return { score, topical, matched, conflict };
  }

  /** Checks one sentence. `citations` are the markers attached to it. */
  checkSentence(text: string, span: Span, masked: string, citations: CitationMarker[], options: EngineOptions = {}): SentenceResult {
    const o = { supportThreshold: 0.62, contradictionThreshold: 0.6, candidates: 60, ...options };
    const a = analyzeMasked(masked, span.start);
    const result: SentenceResult = { span, text, status: 'none', support: [], contradictions: [], citations: [], attributed: false };
    const isClaim = isFactualClaim(text, a);
    // A short claim gives little evidence: each missing word weighs more, so it needs a closer match.
    const distinct = new Set(a.terms.filter((t) => !t.light).map((t) => t.stem)).size + a.quantities.length;
    const supportThreshold = o.supportThreshold + SHORT_CLAIM_STEP * Math.max(0, SHORT_CLAIM_TERMS - distinct);
    const bestSupport = new Map<number, PassageRef>();
    const bestConflict = new Map<number, Contradiction>();
    const bestAny = new Map<number, PassageRef>();
    if (a.terms.length) {
      for (const id of this.candidates(a, o.candidates)) {
        const p = this.passages[id];
        const source = this.sources[p.sourceIndex];
        const r = this.compare(a, p);
        const ref: PassageRef = { source, passage: p.passage, score: r.score, matched: r.matched };
        const prevAny = bestAny.get(p.sourceIndex);
        if (!prevAny || r.score > prevAny.score) bestAny.set(p.sourceIndex, ref);
        if (r.conflict && r.topical >= o.contradictionThreshold) {
          const prev = bestConflict.get(source.group);
          if (!prev || r.topical > prev.score) bestConflict.set(source.group, { ...ref, score: r.topical, ...r.conflict });
        } else if (!r.conflict && r.score >= supportThreshold) {
          const prev = bestSupport.get(source.group);
          if (!prev || r.score > prev.score) bestSupport.set(source.group, ref);
        }
      }
    }
    // A source that conflicts with the claim does not also count as stating it.
    for (const g of bestConflict.keys()) bestSupport.delete(g);
    result.support = [...bestSupport.values()].sort((x, y) => y.score - x.score);
    result.contradictions = [...bestConflict.values()].sort((x, y) => y.score - x.score);
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
        const best = idx >= 0 ? bestAny.get(idx) ?? this.bestIn(a, idx) : undefined;
        const supports = !!source && result.support.some((s) => s.source.group === source.group);
        result.citations.push({ key, span: marker.keySpans[i] ?? marker.span, marker, source, supports, best });
      });
    }
    result.attributed = result.status === 'single-source' && result.citations.some((c) => c.source && c.source.group === result.support[0].source.group);
    return result;
  }

  /** The best passage of one source for a sentence, whether or not it supports it. */
  private bestIn(a: Analysis, sourceIndex: number): PassageRef | undefined {
    let best: PassageRef | undefined;
    for (let id = 0; id < this.passages.length; id++) {
      const p = this.passages[id];
      if (p.sourceIndex !== sourceIndex) continue;
      const r = this.compare(a, p);
      if (!best || r.score > best.score) best = { source: this.sources[sourceIndex], passage: p.passage, score: r.score, matched: r.matched };
    }
    return best;
  }

  /** Every source ranked by how well its best passage states the sentence (for citation pickers). */
  rankSources(sentence: string): PassageRef[] {
    const a = analyze(sentence);
    const best = new Map<number, PassageRef>();
    if (a.terms.length) {
      for (const id of this.candidates(a, 200)) {
        const p = this.passages[id];
        const r = this.compare(a, p);
        const prev = best.get(p.sourceIndex);
        if (!prev || r.score > prev.score) best.set(p.sourceIndex, { source: this.sources[p.sourceIndex], passage: p.passage, score: r.score, matched: r.matched });
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

/** True for stems of one root that the stemmer left apart ("competit" and "competitor"). */
function sharesRoot(a: string, b: string): boolean {
  if (b.length < 5 || a === b) return false;
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i >= 6 && i >= n - 2;
}

/** The part of a passage a match aligns: from shortly before its first matched word to the end of its last's clause. */
function alignedWindow(p: IndexedPassage, matched: Span[]): Span {
  const span = p.passage.span;
  if (!matched.length) return span;
  const first = Math.min(...matched.map((m) => m.start));
  const last = Math.max(...matched.map((m) => m.end));
  const before = p.a.tokens.filter((t) => t.end <= first);
  const start = before.length > 4 ? before[before.length - 4].start : span.start;
  const rest = p.passage.text.slice(last - span.start);
  const clause = /[,;:—–]|\s-\s/.exec(rest);
  return { start, end: clause ? last + clause.index : span.end };
}

function textOf(a: Analysis, q: Quantity): string {
  const raw = (a as Analysis & { raw?: { text: string; offset: number } }).raw;
  return raw ? squash(raw.text.slice(q.start - raw.offset, q.end - raw.offset)) : squash(a.tokens.slice(q.from, q.to).map((t) => t.text).join(' '));
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
export function buildCorpus(files: SourceFile[], manifests: ManifestText[] = []): Corpus {
  const merged: Manifest = { sources: [] };
  const problems: SourceProblem[] = [];
  for (const m of manifests) {
    const label = m.label ?? MANIFEST_FILE;
    try {
      const parsed = parseManifest(m.text, label);
      merged.sources.push(...parsed.sources);
      for (const s of parsed.sources) {
        if (!files.some((f) => f.path === s.file)) problems.push({ path: label, message: `${label}: lists "${s.file}", which is not in the folder` });
      }
    } catch (e) {
      problems.push({ path: label, message: (e as Error).message + '; its metadata is ignored' });
    }
  }
  const corpus = new Corpus(files.filter((f) => isSourcePath(f.path)), merged);
  corpus.problems.unshift(...problems);
  return corpus;
}

/** Converts a span of a source into an editor range. */
export function passageRange(source: Source, span: Span): Range {
  return source.lines.rangeOf(span);
}
