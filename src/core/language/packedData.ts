/**
 * The language data (data/lexicon.json, vectors.json, wordfreq.json) in a compact binary form, written at build
 * time beside the bundles (esbuild.mjs: dist/data/*.bin) and read by them on first use: flat typed arrays that are
 * views of the file's bytes, and one string of words, instead of JSON.parse building 108,000 keys and as many small
 * arrays (about 0.6 s of every command-line run). The JSON files stay the source of truth (`npm run lexicon`,
 * `npm run fit`, the tests read them); `packLexicon` and the others turn their parsed form into the same tables, so
 * every reader looks words up one way.
 *
 * A file: 8 bytes of magic, then sections, each a u32 byte length and its bytes, padded to 4 bytes. Numbers are
 * little-endian.
 */

/** The lexicon as flat tables (see lexicon.ts for what the links mean). */
export interface PackedLexicon {
  /** The lemmas, in the JSON object's key order. */
  lemmas: string[];
  /** Per lemma i, its synsets are synIds[synOff[i] .. synOff[i + 1]). */
  synOff: Int32Array;
  synIds: Int32Array;
  /** Per synset s, near synsets nearIds[nearOff[s] .. nearOff[s + 1]) (the offsets cover every synset id). */
  nearOff: Int32Array;
  nearIds: Int32Array;
  antsOff: Int32Array;
  antsIds: Int32Array;
  /** Per synset s, the indexes (into `lemmas`) of its lemmas, memberIdx[memberOff[s] .. memberOff[s + 1]), in key order. */
  memberOff: Int32Array;
  memberIdx: Int32Array;
  /** Where each part of speech's synset ids start: nouns, verbs, adjectives, adverbs, and the end (5 values). */
  posStart: Int32Array;
}

/** The word vectors: one int8 row of `dims` per stem. */
export interface PackedVectors {
  dims: number;
  scale: number;
  stems: string[];
  v: Int8Array;
}

/** The word rarities: bits per stem, and the bits of an unknown word. */
export interface PackedWordfreq {
  unknown: number;
  stems: string[];
  bits: Float64Array;
}

const MAGIC = { lexicon: 'CORLEX02', vectors: 'CORVEC01', wordfreq: 'CORWFQ01' } as const;

/** Flattens a map from small integers to lists into offsets (length `size + 1`) and values. */
function csr(get: (i: number) => readonly number[] | undefined, size: number): [Int32Array, Int32Array] {
  const off = new Int32Array(size + 1);
  for (let i = 0; i < size; i++) off[i + 1] = off[i] + (get(i)?.length ?? 0);
  const ids = new Int32Array(off[size]);
  for (let i = 0; i < size; i++) ids.set(get(i) ?? [], off[i]);
  return [off, ids];
}

const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** The lexicon file's parsed JSON as tables. */
export function packLexicon(data: { lemmas: Record<string, number[]>; ants: Record<string, number[]>; near: Record<string, number[]>; pos: Record<string, number[]> }): PackedLexicon {
  const lemmas = Object.keys(data.lemmas);
  let max = -1;
  for (const k of lemmas) for (const id of data.lemmas[k]) if (id > max) max = id;
  for (const o of [data.near, data.ants]) for (const k of Object.keys(o)) max = Math.max(max, Number(k), ...o[k]);
  const size = max + 1;
  const [synOff, synIds] = csr((i) => data.lemmas[lemmas[i]], lemmas.length);
  const [nearOff, nearIds] = csr((s) => (own(data.near, String(s)) ? data.near[s] : undefined), size);
  const [antsOff, antsIds] = csr((s) => (own(data.ants, String(s)) ? data.ants[s] : undefined), size);
  // The inverse: per synset, its lemmas in key order.
  const memberOff = new Int32Array(size + 1);
  for (const id of synIds) memberOff[id + 1]++;
  for (let i = 1; i <= size; i++) memberOff[i] += memberOff[i - 1];
  const fill = memberOff.slice(0, size);
  const memberIdx = new Int32Array(synIds.length);
  for (let i = 0; i < lemmas.length; i++) for (let j = synOff[i]; j < synOff[i + 1]; j++) memberIdx[fill[synIds[j]]++] = i;
  const posStart = Int32Array.of(data.pos.n[0], data.pos.v[0], data.pos.a[0], data.pos.r[0], data.pos.r[1]);
  return { lemmas, synOff, synIds, nearOff, nearIds, antsOff, antsIds, memberOff, memberIdx, posStart };
}

/** The vectors file's parsed JSON as tables. */
export function packVectors(file: { dims: number; scale: number; stems: string[]; data: string }): PackedVectors {
  const bin = atob(file.data);
  const v = new Int8Array(bin.length);
  for (let i = 0; i < bin.length; i++) v[i] = (bin.charCodeAt(i) << 24) >> 24;
  return { dims: file.dims, scale: file.scale, stems: file.stems, v };
}

/** The word-frequency file's parsed JSON as tables. */
export function packWordfreq(file: { unknown: number; bits: Record<string, number> }): PackedWordfreq {
  const entries = Object.entries(file.bits);
  return { unknown: file.unknown, stems: entries.map(([k]) => k), bits: Float64Array.from(entries, ([, b]) => b) };
}

// Encoding.

type Section = Uint8Array | Int32Array | Int8Array | Float64Array | string[] | number;

function encode(magic: string, sections: Section[]): Uint8Array {
  const parts = sections.map((s): Uint8Array => {
    if (typeof s === 'number') return new Uint8Array(Float64Array.of(s).buffer);
    if (Array.isArray(s)) {
      if (s.some((w) => w.includes('\n'))) throw new Error('a word holds a line break');
      return new TextEncoder().encode(s.join('\n'));
    }
    return new Uint8Array(s.buffer, s.byteOffset, s.byteLength);
  });
  const pad = (n: number) => (n + 3) & ~3;
  // Float64 views need 8-byte alignment: each section starts on 8 bytes (its length word is 4 before that).
  let size = 8;
  for (const p of parts) size = ((size + 4 + 7) & ~7) + pad(p.byteLength);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) out[i] = magic.charCodeAt(i);
  let at = 8;
  for (const p of parts) {
    const start = (at + 4 + 7) & ~7;
    view.setUint32(start - 4, p.byteLength, true);
    out.set(p, start);
    at = start + pad(p.byteLength);
  }
  return out;
}

export function encodeLexicon(p: PackedLexicon): Uint8Array {
  return encode(MAGIC.lexicon, [p.lemmas, p.synOff, p.synIds, p.nearOff, p.nearIds, p.antsOff, p.antsIds, p.memberOff, p.memberIdx, p.posStart]);
}

export function encodeVectors(p: PackedVectors): Uint8Array {
  return encode(MAGIC.vectors, [p.dims, p.scale, p.stems, p.v]);
}

export function encodeWordfreq(p: PackedWordfreq): Uint8Array {
  return encode(MAGIC.wordfreq, [p.unknown, p.stems, p.bits]);
}

// Decoding: views of the bytes, no copies (the bytes must not be reused by the caller).

function sections(bytes: Uint8Array, magic: string, count: number): Uint8Array[] {
  const name = String.fromCharCode(...bytes.subarray(0, 8));
  if (bytes.byteLength < 8 || name !== magic) throw new Error(`not a ${magic} data file (found "${name}"); rebuild with npm run build`);
  // A Buffer may sit at any offset of its pool: copy once to an aligned buffer when it does not start on 8 bytes.
  const b = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: Uint8Array[] = [];
  let at = 8;
  for (let i = 0; i < count; i++) {
    const start = (at + 4 + 7) & ~7;
    if (start > b.byteLength) throw new Error(`the ${magic} data file is truncated; rebuild with npm run build`);
    const n = view.getUint32(start - 4, true);
    if (start + n > b.byteLength) throw new Error(`the ${magic} data file is truncated; rebuild with npm run build`);
    out.push(b.subarray(start, start + n));
    at = start + ((n + 3) & ~3);
  }
  return out;
}

const i32 = (s: Uint8Array) => new Int32Array(s.buffer, s.byteOffset, s.byteLength >> 2);
const f64 = (s: Uint8Array) => new Float64Array(s.buffer, s.byteOffset, s.byteLength >> 3);
const words = (s: Uint8Array) => (s.byteLength ? new TextDecoder().decode(s).split('\n') : []);

export function decodeLexicon(bytes: Uint8Array): PackedLexicon {
  const [lemmas, synOff, synIds, nearOff, nearIds, antsOff, antsIds, memberOff, memberIdx, posStart] = sections(bytes, MAGIC.lexicon, 10);
  return {
    lemmas: words(lemmas),
    synOff: i32(synOff),
    synIds: i32(synIds),
    nearOff: i32(nearOff),
    nearIds: i32(nearIds),
    antsOff: i32(antsOff),
    antsIds: i32(antsIds),
    memberOff: i32(memberOff),
    memberIdx: i32(memberIdx),
    posStart: i32(posStart),
  };
}

export function decodeVectors(bytes: Uint8Array): PackedVectors {
  const [dims, scale, stems, v] = sections(bytes, MAGIC.vectors, 4);
  return { dims: f64(dims)[0], scale: f64(scale)[0], stems: words(stems), v: new Int8Array(v.buffer, v.byteOffset, v.byteLength) };
}

export function decodeWordfreq(bytes: Uint8Array): PackedWordfreq {
  const [unknown, stems, bits] = sections(bytes, MAGIC.wordfreq, 3);
  return { unknown: f64(unknown)[0], stems: words(stems), bits: f64(bits) };
}

/**
 * What a data import gives: the parsed JSON (tests, tools), the JSON as text (a bundler's text loader), or, in the
 * product's bundles, an object whose `packed` getter reads the binary file.
 */
export function packedOf<P, J>(data: unknown, pack: (json: J) => P): P {
  if (typeof data === 'string') return pack(JSON.parse(data) as J);
  const d = data as { packed?: P };
  if (d && typeof d === 'object' && 'packed' in d) return d.packed as P;
  return pack(data as J);
}
