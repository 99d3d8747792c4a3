import { CACHE_VERSION, type CachedSource, type IndexCache } from './engine';

/**
 * A compact binary form of an index cache for adapters to store on disk: a JSON header (stems, paths, hashes,
 * quantities, array lengths) followed by the typed arrays, 4-byte aligned. Pure: no I/O here.
 */
const MAGIC = 0x43524f42; // "CROB"

export function encodeCache(cache: IndexCache): Uint8Array {
  const arrays: Int32Array[] = [];
  const header = {
    version: cache.version,
    stems: cache.stems,
    sources: cache.sources.map((s) => {
      const lens = [s.spans, s.termCounts, s.negCounts, s.terms, s.neg].map((a) => {
        arrays.push(a);
        return a.length;
      });
      return { path: s.path, hash: s.hash, quantities: s.quantities, lens };
    }),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headLen = 8 + json.length;
  const pad = (4 - (headLen % 4)) % 4;
  const total = headLen + pad + arrays.reduce((n, a) => n + a.byteLength, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, json.length, true);
  out.set(json, 8);
  let at = headLen + pad;
  for (const a of arrays) {
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
    const body = new Int32Array(Uint8Array.prototype.slice.call(bytes, at).buffer);
    at = 0;
    const take = (n: number) => {
      const a = body.subarray(at, at + n);
      at += n;
      if (a.length !== n) throw new Error('truncated');
      return a;
    };
    const sources: CachedSource[] = header.sources.map((s: { path: string; hash: string; quantities: CachedSource['quantities']; lens: number[] }) => ({
      path: s.path,
      hash: s.hash,
      quantities: s.quantities,
      spans: take(s.lens[0]),
      termCounts: take(s.lens[1]),
      negCounts: take(s.lens[2]),
      terms: take(s.lens[3]),
      neg: take(s.lens[4]),
    }));
    return { version: CACHE_VERSION, stems: header.stems, sources };
  } catch {
    return undefined;
  }
}
