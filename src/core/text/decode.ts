/**
 * Decodes a file's bytes: UTF-8 (with or without BOM) or UTF-16 with a BOM. Throws an Error whose message names
 * `path` and says what to do when the bytes are binary or not valid UTF-8.
 */
export function decodeText(bytes: Uint8Array, path: string): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes.subarray(0, 8192).includes(0)) throw new Error(`${path}: looks like a binary file (contains NUL bytes); skipped`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error(`${path}: not valid UTF-8 text; skipped (save it as UTF-8)`);
  }
}
