/**
 * Reading int8[] and int4[] values in PostgreSQL's binary (`array_send`) form, as the checker's retrieval and the
 * postings merge receive them: a header (dimensions, has-nulls flag, element type), then per dimension its length
 * and lower bound, then each element as a length (int4) and its bytes. Only one-dimensional arrays without nulls
 * are stored in the archive.
 */

/** Elements of a one-dimensional array without nulls (0 for an empty one); throws on any other array. */
export function arrayLength(b: Buffer): number {
  const dims = b.readInt32BE(0);
  if (dims === 0) return 0;
  if (dims !== 1 || b.readInt32BE(4) !== 0)
    throw new Error('unexpected postings array (not one-dimensional, or with nulls)');
  return b.readInt32BE(12);
}

/** Element `i` of an int8[] (exact below 2^53; the two halves read, no BigInt made). */
export function int8At(b: Buffer, i: number): number {
  const p = 24 + 12 * i;
  return b.readInt32BE(p) * 4294967296 + b.readUInt32BE(p + 4);
}

/** Element `i` of an int4[]. */
export function int4At(b: Buffer, i: number): number {
  return b.readInt32BE(24 + 8 * i);
}
