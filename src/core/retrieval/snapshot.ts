import type { Quantity } from '../language/quantities';
import type { SnapshotMeta } from './snapshotSource';

/**
 * A snapshot of an index, for adapters to keep on disk: the columnar arrays themselves, and each source's path and
 * content hash and metadata. When every file is unchanged the index is adopted whole (`MemoryIndex.adopt`: lazily,
 * each source parsed only when a check first reads it); otherwise unchanged
 * files are re-indexed from their slice of it and only changed ones are analysed again. The per-passage columns
 * (`tStem`, `tStart`, `tEnd`, `neg`, `quantities`) are exactly what scoring reads of a passage (`PassageFeatures`).
 */
export interface IndexCache {
  version: typeof CACHE_VERSION;
  stems: string[];
  /** Per source (in path order): its file, and what parsing it gave (so adoption need not parse it). */
  sources: ({ path: string; hash: string; group: number } & SnapshotMeta)[];
  /** Files that were not sources (unreadable, empty): unchanged, they still are not. */
  skipped: { path: string; hash: string }[];
  /**
   * The content hash of the manifests the index was built with (titles, and so topics, come from them): a snapshot
   * is adopted whole only under the same manifests. Absent in older snapshots: the same as no manifest.
   */
  manifests?: string;
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
  /**
   * The postings of a finished index (CSR, see `buildPostings`: stem s's passages are `postData[postOff[s],
   * postOff[s + 1])`), so adopting it builds none; both empty in a snapshot of an unfinished index (a worker's share).
   */
  postOff: Int32Array;
  postData: Int32Array;
}
/** Bump when the snapshot's layout or the meaning of its columns changes: older snapshots are then not used. */
export const CACHE_VERSION = 16;

/** A fast, stable content hash (FNV-1a over UTF-16 units, and the length) for cache invalidation. */
export function contentHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `${(h >>> 0).toString(36)}-${text.length.toString(36)}`;
}

const DIMS: Quantity['dim'][] = [
  'percent',
  'duration',
  'money',
  'ratio',
  'year',
  'weekday',
  'count',
  'date',
  'time',
  'length',
  'speed',
  'age',
];

/**
 * Appends a quantity as numbers: dim, value, lo, hi, month + 100 * year + 1e7 if ambiguous, start, end, from, to,
 * count of `what`, `what` stems.
 */
export function encodeQuantity(q: Quantity, stemIndex: (s: string) => number, out: number[]): void {
  out.push(
    DIMS.indexOf(q.dim),
    q.value,
    q.lo,
    q.hi,
    (q.month ?? 0) + 100 * (q.year ?? 0) + (q.ambiguous ? 1e7 : 0),
    q.start,
    q.end,
    q.from,
    q.to,
    q.what?.length ?? 0,
  );
  for (const w of q.what ?? []) out.push(stemIndex(w));
}

/** Reads one quantity written by encodeQuantity at `at`; returns the next offset. */
export function decodeQuantity(data: Float64Array, at: number, stems: string[], out: Quantity[]): number {
  const n = data[at + 9];
  const q: Quantity = {
    dim: DIMS[data[at]],
    value: data[at + 1],
    lo: data[at + 2],
    hi: data[at + 3],
    start: data[at + 5],
    end: data[at + 6],
    from: data[at + 7],
    to: data[at + 8],
  };
  const packed = data[at + 4];
  if (packed % 100) q.month = packed % 100;
  if (Math.floor(packed / 100) % 1e5) q.year = Math.floor(packed / 100) % 1e5;
  if (packed >= 1e7) q.ambiguous = true;
  if (n) q.what = Array.from(data.subarray(at + 10, at + 10 + n), (i) => stems[i]);
  out.push(q);
  return at + 10 + n;
}

/** The quantities of snapshot passage `p`. */
export function quantitiesOf(
  cache: Pick<IndexCache, 'qOff' | 'quantities' | 'stems'>,
  p: number,
): Quantity[] | undefined {
  const from = cache.qOff[p];
  const to = cache.qOff[p + 1];
  if (from === to) return undefined;
  const list: Quantity[] = [];
  for (let at = from; at < to;) at = decodeQuantity(cache.quantities, at, cache.stems, list);
  return list;
}

/**
 * The binary form of an index snapshot, for adapters to store on disk: a JSON header (version, stems, sources,
 * array lengths) followed by the Int32 arrays and then the Float64 array, each aligned. Pure: no I/O here.
 */
const MAGIC = 0x43524f42; // "CROB"
const INT_ARRAYS = [
  'firstPassage',
  'spans',
  'tOff',
  'tStem',
  'tStart',
  'tEnd',
  'nOff',
  'neg',
  'qOff',
  'topicOff',
  'topics',
  'postOff',
  'postData',
] as const;

/**
 * A digest of byte ranges (an adapter's native hash). Given to `encodeCache`, it is stored in the header (as its last
 * field, `sum`, over the rest of the header and the arrays); given to `decodeCache`, a snapshot without it or with
 * another is refused, so a damaged file is never used.
 */
export type Digest = (parts: readonly Uint8Array[]) => string;

const SUM = /,"sum":("[^"\\]*")\}$/;

export function encodeCache(cache: IndexCache, digest?: Digest): Uint8Array {
  const ints = INT_ARRAYS.map((k) => cache[k]);
  const header = {
    version: cache.version,
    stems: cache.stems,
    sources: cache.sources,
    skipped: cache.skipped,
    ...(cache.manifests ? { manifests: cache.manifests } : {}),
    lens: ints.map((a) => a.length),
    floats: cache.quantities.length,
  };
  let json = new TextEncoder().encode(JSON.stringify(header));
  const headLen = 8 + json.length;
  const bodyStart = headLen + ((8 - (headLen % 8)) % 8);
  const intBytes = ints.reduce((n, a) => n + a.byteLength, 0);
  const floatStart = intBytes + ((8 - (intBytes % 8)) % 8); // relative to the body, which decoding copies to offset 0
  const out = new Uint8Array(bodyStart + floatStart + cache.quantities.byteLength);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, json.length, true);
  out.set(json, 8);
  let at = bodyStart;
  for (const a of ints) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += a.byteLength;
  }
  out.set(
    new Uint8Array(cache.quantities.buffer, cache.quantities.byteOffset, cache.quantities.byteLength),
    bodyStart + floatStart,
  );
  if (!digest) return out;
  // The header with its checksum last, then the same body (the header's length, and so the padding, change).
  const text = JSON.stringify(header);
  const sum = digest([new TextEncoder().encode(text), out.subarray(bodyStart)]);
  json = new TextEncoder().encode(`${text.slice(0, -1)},"sum":${JSON.stringify(sum)}}`);
  const signedHead = 8 + json.length;
  const signedStart = signedHead + ((8 - (signedHead % 8)) % 8);
  const signed = new Uint8Array(signedStart + out.length - bodyStart);
  const signedView = new DataView(signed.buffer);
  signedView.setUint32(0, MAGIC, true);
  signedView.setUint32(4, json.length, true);
  signed.set(json, 8);
  signed.set(out.subarray(bodyStart), signedStart);
  return signed;
}

/**
 * Reads what `encodeCache` wrote; undefined for anything else (a stale or damaged cache is simply not used). The
 * arrays are views over `bytes` when it is aligned for them (not copied): `bytes` must not be changed afterwards.
 */
export function decodeCache(bytes: Uint8Array, digest?: Digest): IndexCache | undefined {
  try {
    if (bytes.byteLength < 8) return undefined;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (view.getUint32(0, true) !== MAGIC) return undefined;
    const len = view.getUint32(4, true);
    const text = new TextDecoder().decode(bytes.subarray(8, 8 + len));
    const header = JSON.parse(text);
    if (header.version !== CACHE_VERSION) return undefined;
    const headLen = 8 + len;
    const bodyStart = headLen + ((8 - (headLen % 8)) % 8);
    const lens: number[] = header.lens;
    const intCount = lens.reduce((a, b) => a + b, 0);
    const floatStart = intCount * 4 + ((8 - ((intCount * 4) % 8)) % 8);
    if (bytes.byteLength !== bodyStart + floatStart + header.floats * 8) return undefined;
    if (digest) {
      const m = SUM.exec(text);
      const unsigned = m && text.slice(0, m.index) + '}';
      if (
        !m ||
        !unsigned ||
        digest([new TextEncoder().encode(unsigned), bytes.subarray(bodyStart)]) !== JSON.parse(m[1])
      )
        return undefined;
    }
    // Views over the bytes read when the body is aligned for them (a file read whole into its own buffer is), else
    // over one aligned copy (Uint8Array's slice copies; a Node Buffer's would not).
    const aligned = (bytes.byteOffset + bodyStart) % 8 === 0;
    const body = aligned ? bytes.buffer : (Uint8Array.prototype.slice.call(bytes, bodyStart) as Uint8Array).buffer;
    const base = aligned ? bytes.byteOffset + bodyStart : 0;
    const out: Record<string, unknown> = {
      version: CACHE_VERSION,
      stems: header.stems,
      sources: header.sources,
      skipped: header.skipped ?? [],
      ...(header.manifests ? { manifests: header.manifests } : {}),
    };
    let at = base;
    INT_ARRAYS.forEach((k, i) => {
      out[k] = new Int32Array(body, at, lens[i]);
      at += lens[i] * 4;
    });
    out.quantities = new Float64Array(body, base + floatStart, header.floats);
    return out as unknown as IndexCache;
  } catch {
    return undefined;
  }
}
