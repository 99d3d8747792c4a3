import { CACHE_VERSION, type CachedSource, type IndexCache } from './engine';

/**
 * A compact binary form of an index cache for adapters to store on disk: a JSON header (stems, paths, hashes,
 * quantities, array lengths) followed by the typed arrays, 4-byte aligned. Pure: no I/O here.
 */
const MAGIC = 0x43524f42; // "CROB"

export function encodeCache(cache: IndexCache): Uint8Array {
  const arrays: Int32Array[] = [];
  const floats: Float64Array[] = [];
  const header = {
    version: cache.version,
    stems: cache.stems,
    sources: cache.sources.map((s) => {
      const lens = [s.spans, s.termCounts, s.negCounts, s.terms, s.neg, s.quantityCounts].map((a) => {
        arrays.push(a);
        return a.length;
      });
      floats.push(s.quantities);
      return { path: s.path, hash: s.hash, group: s.group, lens, qlen: s.quantities.length };
    }),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headLen = 8 + json.length;
  const pad = (4 - (headLen % 4)) % 4;
  const ints = arrays.reduce((n, a) => n + a.byteLength, 0);
  const fpad = (8 - (ints % 8)) % 8; // floats 8-aligned relative to the body, which decoding copies to offset 0
  const total = headLen + pad + ints + fpad + floats.reduce((n, a) => n + a.byteLength, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, json.length, true);
  out.set(json, 8);
  let at = headLen + pad;
  for (const a of [...arrays, new Int32Array(fpad / 4), ...floats]) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += a.byteLength;
  }
  return out;
}

/** Reads what `encodeCache` wrote; undefined for anything else (a stale or damaged cache is simply not used). */
export function decodeCache(bytes: Uint8Array): IndexCache | undefined {
  try {
    if (bytes.byteLength < 8) return undefined;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (view.getUint32(0, true) !== MAGIC) return undefined;
    const len = view.getUint32(4, true);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + len)));
    if (header.version !== CACHE_VERSION) return undefined;
    const headLen = 8 + len;
    let at = headLen + ((4 - (headLen % 4)) % 4);
    // Copy into an aligned buffer once, then take views. (Uint8Array's slice copies; a Node Buffer's would not.)
    const copy = Uint8Array.prototype.slice.call(bytes, at) as Uint8Array;
    type H = { path: string; hash: string; group: string; lens: number[]; qlen: number };
    const intCount = (header.sources as H[]).reduce((n, s) => n + s.lens.reduce((a, b) => a + b, 0), 0);
    const body = new Int32Array(copy.buffer, 0, intCount);
    const fStart = intCount * 4 + ((8 - ((intCount * 4) % 8)) % 8);
    const floats = new Float64Array(copy.buffer, fStart, (copy.byteLength - fStart) / 8);
    at = 0;
    let fat = 0;
    const take = (n: number) => {
      const a = body.subarray(at, at + n);
      at += n;
      if (a.length !== n) throw new Error('truncated');
      return a;
    };
    const sources: CachedSource[] = (header.sources as H[]).map((s) => {
      const src = { path: s.path, hash: s.hash, group: s.group, spans: take(s.lens[0]), termCounts: take(s.lens[1]), negCounts: take(s.lens[2]), terms: take(s.lens[3]), neg: take(s.lens[4]), quantityCounts: take(s.lens[5]), quantities: floats.subarray(fat, fat + s.qlen) };
      if (src.quantities.length !== s.qlen) throw new Error('truncated');
      fat += s.qlen;
      return src;
    });
    return { version: CACHE_VERSION, stems: header.stems, sources };
  } catch {
    return undefined;
  }
}
