import { CACHE_VERSION, type IndexCache } from '../engine';

/**
 * The binary form of an index snapshot, for adapters to store on disk: a JSON header (version, stems, sources,
 * array lengths) followed by the Int32 arrays and then the Float64 array, each aligned. Pure: no I/O here.
 */
const MAGIC = 0x43524f42; // "CROB"
const INT_ARRAYS = ['firstPassage', 'spans', 'tOff', 'tStem', 'tStart', 'tEnd', 'nOff', 'neg', 'qOff', 'topicOff', 'topics'] as const;

export function encodeCache(cache: IndexCache): Uint8Array {
  const ints = INT_ARRAYS.map((k) => cache[k]);
  const header = { version: cache.version, stems: cache.stems, sources: cache.sources, skipped: cache.skipped, lens: ints.map((a) => a.length), floats: cache.quantities.length };
  const json = new TextEncoder().encode(JSON.stringify(header));
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
  out.set(new Uint8Array(cache.quantities.buffer, cache.quantities.byteOffset, cache.quantities.byteLength), bodyStart + floatStart);
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
    const bodyStart = headLen + ((8 - (headLen % 8)) % 8);
    const lens: number[] = header.lens;
    const intCount = lens.reduce((a, b) => a + b, 0);
    const floatStart = intCount * 4 + ((8 - ((intCount * 4) % 8)) % 8);
    if (bytes.byteLength !== bodyStart + floatStart + header.floats * 8) return undefined;
    // One copy into an aligned buffer (Uint8Array's slice copies; a Node Buffer's would not), then views.
    const body = (Uint8Array.prototype.slice.call(bytes, bodyStart) as Uint8Array).buffer;
    const out: Record<string, unknown> = { version: CACHE_VERSION, stems: header.stems, sources: header.sources, skipped: header.skipped ?? [] };
    let at = 0;
    INT_ARRAYS.forEach((k, i) => {
      out[k] = new Int32Array(body, at, lens[i]);
      at += lens[i] * 4;
    });
    out.quantities = new Float64Array(body, floatStart, header.floats);
    return out as unknown as IndexCache;
  } catch {
    return undefined;
  }
}
