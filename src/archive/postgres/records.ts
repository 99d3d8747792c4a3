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
  const terms = f.terms.flatMap((t) => [t.stem, t.start, t.end]);
  const negations = f.negations.flatMap((n) => [n.start, n.end]);
  return encodeFlat(terms, negations, f.quantities).slice();
}

/** Where encodeFlat writes: one buffer, reused (a typed array per passage cost more than the rest of its record). */
let scratch = new ArrayBuffer(1 << 14);
let scratchView = new DataView(scratch);

/**
 * encodeFeatures of flat lists (term triples, negation pairs), into the shared scratch buffer: the view returned
 * is valid until the next call.
 */
function encodeFlat(terms: readonly number[], negations: readonly number[], quantities: ArrayLike<number>): Uint8Array {
  const ints = 3 + terms.length + negations.length;
  const floatAt = ints * 4 + ((8 - ((ints * 4) % 8)) % 8);
  const size = floatAt + quantities.length * 8;
  if (size > scratch.byteLength) {
    scratch = new ArrayBuffer(Math.max(size, scratch.byteLength * 2));
    scratchView = new DataView(scratch);
  }
  const view = scratchView;
  view.setInt32(0, terms.length / 3, true);
  view.setInt32(4, negations.length / 2, true);
  view.setInt32(8, quantities.length, true);
  let at = 12;
  for (let i = 0; i < terms.length; i++, at += 4) view.setInt32(at, terms[i], true);
  for (let i = 0; i < negations.length; i++, at += 4) view.setInt32(at, negations[i], true);
  // The padding: zero, as a fresh buffer's.
  for (; at < floatAt; at += 4) view.setInt32(at, 0, true);
  for (let i = 0; i < quantities.length; i++) view.setFloat64(floatAt + i * 8, quantities[i], true);
  return new Uint8Array(scratch, 0, size);
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
  return index.sources.map((source, si) => {
    const passages: PassageRecord[] = [];
    return { ...articleRecord(source, si, cache, root, (p) => passages.push({ ...p, features: p.features.slice() })), passages };
  });
}

/**
 * The records of recordsOf, each passage handed to `onPassage` (with its source's index) as soon as it is made and
 * not kept: a load batch writes it out at once, so the batch's records never pile up in the heap. A passage's
 * `features` are valid only during the call (a view of a buffer the next passage reuses). The index need not be
 * finished (duplicate groups and postings are not read).
 */
export function streamRecords(index: MemoryIndex, root: string, onPassage: (p: PassageRecord, source: number) => void): (Omit<ArticleRecord, 'passages'> & { passages: number })[] {
  const cache = index.toCache();
  return index.sources.map((source, si) => articleRecord(source, si, cache, root, (p) => onPassage(p, si)));
}

function articleRecord(source: Source, si: number, c: IndexCache, root: string, onPassage: (p: PassageRecord) => void): Omit<ArticleRecord, 'passages'> & { passages: number } {
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
    // Flat: term triples (stem, start, end), negation pairs.
    const terms: number[] = [];
    for (let t = c.tOff[pid]; t < c.tOff[pid + 1]; t++) terms.push(stemIndex(c.stems[c.tStem[t]], false), c.tStart[t] - base, c.tEnd[t] - base);
    const negations: number[] = [];
    for (let n = c.nOff[pid]; n < c.nOff[pid + 1]; n += 2) negations.push(c.neg[n] - base, c.neg[n + 1] - base);
    const quantities: number[] = [];
    for (let q = c.qOff[pid]; q < c.qOff[pid + 1]; q++) quantities.push(c.quantities[q]);
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
    onPassage({
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
      features: encodeFlat(terms, negations, quantities),
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
    passages: last - first,
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
