import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';

/** Node's one-shot digest (20.12 and later): no hash object, no stream; about twice as fast on short texts. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string | Uint8Array, encoding: 'base64') => string }).hash;

/**
 * A native content hash for the index cache: SHA-1 of the text as UTF-8 (half the bytes of UTF-16 for most text; a
 * decoded file has no lone surrogates, so distinct texts give distinct bytes). Much faster than hashing in
 * JavaScript. The adapters hash each file once, as they read it (`SourceFile.hash`, see `fileHash`).
 */
export function nativeHash(text: string): string {
  return sha1(text);
}

/** SHA-1, base64, of a text's UTF-8 or of bytes. */
function sha1(data: string | Uint8Array): string {
  return oneShot ? oneShot('sha1', data, 'base64') : createHash('sha1').update(data).digest('base64');
}

/**
 * `nativeHash(text)` for a file's `text` decoded from `bytes`: the bytes themselves are hashed when they are the
 * text's UTF-8 (a file decoded as UTF-8 without a byte-order mark: the decoder is strict, so it is lossless), which
 * spares encoding the text again; otherwise the text.
 */
export function fileHash(bytes: Uint8Array, text: string): string {
  const utf8 = !(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) && !(bytes[0] === 0xff && bytes[1] === 0xfe) && !(bytes[0] === 0xfe && bytes[1] === 0xff);
  return sha1(utf8 ? bytes : text);
}
