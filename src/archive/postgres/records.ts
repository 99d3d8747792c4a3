import { deriveKey, PARAGRAPH_BREAK, type IndexCache, type MemoryIndex, type Range, type Source } from '../../core';

/**
 * What the archive stores of one passage, made at ingest from the engine's own index snapshot (`MemoryIndex.toCache`):
 * nothing is analysed again when a check reads it back.
 */
export interface PassageRecord {
  ord: number;
  /** Offsets in the article's text. */
  start: number;
  end: number;
  range: Range;
  text: string;
  /** The engine's reading of `text` (markup blanked, same length); undefined when it equals `text`. */
  masked?: string;
  /**
   * The source text after the passage: 40 characters (a figure's noun may follow it), or up to the next passage
   * when that is further and the two are sentences of one paragraph (two-sentence windows).
   */
  after: string;
  afterMasked?: string;
  /** The next passage is the next sentence of the same paragraph. */
  joinsNext: boolean;
  /** Folded hash of the sentence (duplicate grouping); undefined for sentences of 20 characters or fewer. */
  sentenceHash?: number;
  /** Distinct stems of the passage's content words, in order of first use. */
  stems: string[];
  /** Stems only its quantities name (what a figure counts), if any. */
  qstems?: string[];
  /** The feature record (see encodeFeatures). */
  features: Uint8Array;
}

export interface ArticleRecord {
  root: string;
  path: string;
  hash: string;
  key: string;
  /**
   * The key the article asked for, before the batch's own `-2`, `-3` for keys taken within it: the archive gives
   * suffixes across the whole archive, as the memory index does across its sources.
   */
  baseKey: string;
  title: string;
  outlet?: string;
  author?: string;
  url?: string;
  date?: string;
  /** Stems the article is about (names it repeats, its title's names). */
  topics: string[];
  /** Distinct sentence hashes (duplicate grouping). */
  sentenceHashes: number[];
  passages: PassageRecord[];
}

/** The decoded feature record of a passage; offsets are into the passage's text. */
export interface PassageFeatureRecord {
  /** Per content word: index into `stems` (then `qstems`), start, end. */
  terms: { stem: number; start: number; end: number }[];
  negations: { start: number; end: number }[];
  /** Quantity records in the snapshot's layout (see engine.ts encodeQuantity), offsets and stems local. */
  quantities: Float64Array;
}

/** Fields of a quantity record before its `what` stems: dim, value, lo, hi, packed date, start, end, from, to, count. */
const Q_FIXED = 10;
const Q_START = 5;
const Q_END = 6;
const Q_COUNT = 9;

/**
 * Encodes a feature record: Int32 counts (terms, negations, quantity numbers), term triples, negation pairs, padding
 * to 8 bytes, then the quantity numbers as Float64. Little-endian throughout.
 */
export function encodeFeatures(f: PassageFeatureRecord): Uint8Array {
  const ints = 3 + f.terms.length * 3 + f.negations.length * 2;
  const floatAt = ints * 4 + ((8 - ((ints * 4) % 8)) % 8);
  const out = new Uint8Array(floatAt + f.quantities.length * 8);
  const view = new DataView(out.buffer);
  let at = 0;
  const int = (n: number) => {
    view.setInt32(at, n, true);
    at += 4;
  };
  int(f.terms.length);
  int(f.negations.length);
  int(f.quantities.length);
  for (const t of f.terms) {
    int(t.stem);
    int(t.start);
    int(t.end);
  }
  for (const n of f.negations) {
    int(n.start);
    int(n.end);
  }
  f.quantities.forEach((x, i) => view.setFloat64(floatAt + i * 8, x, true));
  return out;
}

/** Reads what encodeFeatures wrote. Throws on a record of the wrong length (a damaged row). */
export function decodeFeatures(bytes: Uint8Array): PassageFeatureRecord {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const nTerms = view.getInt32(0, true);
  const nNeg = view.getInt32(4, true);
  const nQ = view.getInt32(8, true);
  const ints = 3 + nTerms * 3 + nNeg * 2;
  const floatAt = ints * 4 + ((8 - ((ints * 4) % 8)) % 8);
  if (nTerms < 0 || nNeg < 0 || nQ < 0 || bytes.byteLength !== floatAt + nQ * 8) throw new Error('damaged passage feature record');
  let at = 12;
  const int = () => {
    const v = view.getInt32(at, true);
    at += 4;
    return v;
  };
  const terms = Array.from({ length: nTerms }, () => ({ stem: int(), start: int(), end: int() }));
  const negations = Array.from({ length: nNeg }, () => ({ start: int(), end: int() }));
  const quantities = new Float64Array(nQ);
  for (let i = 0; i < nQ; i++) quantities[i] = view.getFloat64(floatAt + i * 8, true);
  return { terms, negations, quantities };
}

/** FNV-1a of a text with ASCII letters folded to lower case, as the engine groups duplicates (as a signed int4). */
export function sentenceHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h | 0;
}

/** Source text kept after each passage (see PassageRecord.after). */
const AFTER_CHARS = 40;

/**
 * The records of every source of a finished corpus (one load batch), from its snapshot. `hashes[i]` is source i's
 * content hash, `root` the folder it was loaded from.
 */
export function recordsOf(index: MemoryIndex, root: string, cache: IndexCache = index.toCache()): ArticleRecord[] {
  return index.sources.map((source, si) => articleRecord(source, si, cache, root));
}

function articleRecord(source: Source, si: number, c: IndexCache, root: string): ArticleRecord {
  const passages: PassageRecord[] = [];
  const first = c.firstPassage[si];
  const last = c.firstPassage[si + 1];
  const hashes = new Set<number>();
  for (let pid = first; pid < last; pid++) {
    const p = source.passages[pid - first];
    const base = p.span.start;
    const local = new Map<string, number>();
    const stems: string[] = [];
    const qstems: string[] = [];
    const stemIndex = (stem: string, forQuantity: boolean) => {
      let i = local.get(stem);
      if (i === undefined) {
        if (forQuantity) {
          i = -1 - qstems.length; // resolved below, once every term stem is known
          qstems.push(stem);
        } else {
          i = stems.length;
          stems.push(stem);
        }
        local.set(stem, i);
      }
      return i;
    };
    const terms: PassageFeatureRecord['terms'] = [];
    for (let t = c.tOff[pid]; t < c.tOff[pid + 1]; t++) terms.push({ stem: stemIndex(c.stems[c.tStem[t]], false), start: c.tStart[t] - base, end: c.tEnd[t] - base });
    const negations: PassageFeatureRecord['negations'] = [];
    for (let n = c.nOff[pid]; n < c.nOff[pid + 1]; n += 2) negations.push({ start: c.neg[n] - base, end: c.neg[n + 1] - base });
    const quantities = Float64Array.from(c.quantities.subarray(c.qOff[pid], c.qOff[pid + 1]));
    const qRefs: number[] = [];
    for (let at = 0; at < quantities.length; at += Q_FIXED + quantities[at + Q_COUNT]) {
      quantities[at + Q_START] -= base;
      quantities[at + Q_END] -= base;
      for (let w = 0; w < quantities[at + Q_COUNT]; w++) {
        const k = at + Q_FIXED + w;
        quantities[k] = stemIndex(c.stems[quantities[k]], true);
        qRefs.push(k);
      }
    }
    for (const k of qRefs) if (quantities[k] < 0) quantities[k] = stems.length + (-1 - quantities[k]);
    const next = source.passages[pid - first + 1];
    const between = next ? source.text.slice(p.span.end, next.span.start) : undefined;
    const joins = between !== undefined && !PARAGRAPH_BREAK.test(between);
    const masked = source.mask.slice(p.span.start, p.span.end);
    const afterEnd = Math.max(p.span.end + AFTER_CHARS, joins && next ? next.span.start : 0);
    const after = source.text.slice(p.span.end, afterEnd);
    const afterMasked = source.mask.slice(p.span.end, afterEnd);
    const text = clean(p.text);
    const sh = p.text.length > 20 ? sentenceHash(p.text) : undefined;
    if (sh !== undefined) hashes.add(sh);
    passages.push({
      ord: p.index,
      start: p.span.start,
      end: p.span.end,
      range: source.lines.rangeOf(p.span),
      text,
      masked: masked === p.text ? undefined : clean(masked),
      after: clean(after),
      afterMasked: afterMasked === after ? undefined : clean(afterMasked),
      joinsNext: joins,
      sentenceHash: sh,
      stems,
      qstems: qstems.length ? qstems : undefined,
      features: encodeFeatures({ terms, negations, quantities }),
    });
  }
  const topics: string[] = [];
  for (let k = c.topicOff[si]; k < c.topicOff[si + 1]; k++) topics.push(c.stems[c.topics[k]]);
  return {
    root,
    path: source.path,
    hash: c.sources[si].hash,
    key: source.key,
    baseKey: baseKeyOf(source),
    title: clean(source.title),
    outlet: source.outlet,
    author: source.author,
    url: source.url,
    date: source.date,
    topics,
    sentenceHashes: [...hashes],
    passages,
  };
}

/** PostgreSQL text holds no NUL character: it is stored as U+FFFD (the only change made to a stored text). */
function clean(s: string): string {
  return s.includes('\u0000') ? s.replace(/\u0000/g, '\uFFFD') : s;
}

/** The key a source asked for: its derived key when the batch suffixed that (an explicit key is kept as given). */
function baseKeyOf(source: Source): string {
  const derived = deriveKey(source.title, source.path);
  return source.key.startsWith(`${derived}-`) && /^\d+$/.test(source.key.slice(derived.length + 1)) ? derived : source.key;
}
