// The command line's index cache: index snapshots (the extension's format) kept in the user's cache folder, one file
// per set of sources, written atomically and checked by a digest when read.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { writeFileAtomic } from './atomicWrite';
import { decodeCache, encodeCache, type Digest, type IndexCache } from '../core';

/** SHA-1 over the parts (native: about 1 GB/s, so a 100 MB snapshot is checked in a tenth of a second). */
export const nativeDigest: Digest = (parts) => {
  const h = createHash('sha1');
  for (const p of parts) h.update(p);
  return h.digest('base64');
};

/**
 * The user's cache folder for Corroborate: `$XDG_CACHE_HOME/corroborate` when that is set, else the platform's
 * (`~/Library/Caches/corroborate`, `%LOCALAPPDATA%\corroborate\Cache`, `~/.cache/corroborate`). Never the project.
 */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME)) return join(env.XDG_CACHE_HOME, 'corroborate');
  if (platform === 'darwin') return join(home, 'Library', 'Caches', 'corroborate');
  if (platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'corroborate', 'Cache');
  return join(home, '.cache', 'corroborate');
}

/** The cache file of one set of sources (`key` names it: the folders, globs and ignore patterns read). */
export function cacheFile(dir: string, key: string): string {
  return join(dir, `index-${createHash('sha1').update(key).digest('hex').slice(0, 20)}.bin`);
}

/**
 * Reads a cache file. No file: no snapshot and no notice. A file that is damaged, truncated, from another version
 * or unreadable: no snapshot, and a one-line notice saying it is rebuilt.
 */
export function readIndexCache(file: string): { cache?: IndexCache; notice?: string; digest?: string } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return {};
    return { notice: `cannot read the index cache ${file} (${code ?? (e as Error).message}); re-indexing the sources` };
  }
  const cache = decodeCache(bytes, nativeDigest);
  if (cache) return { cache, digest: fileDigest(bytes) };
  return { notice: `the index cache ${file} is damaged or from another version; re-indexing the sources and replacing it` };
}

/**
 * Writes a snapshot atomically: to a temporary file beside it, then renamed over it, so a reader (another run at
 * the same time) sees the old file or the new one, never a part. Gives the written file's digest, or an error message.
 */
export function writeIndexCache(file: string, cache: IndexCache): { error?: string; digest?: string } {
  try {
    const bytes = encodeCache(cache, nativeDigest);
    writeFileAtomic(file, bytes);
    return { digest: fileDigest(bytes) };
  } catch (e) {
    return { error: `cannot write the index cache ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
}

/** What names a snapshot file's content (the result cache's part of its key). */
const fileDigest = (bytes: Uint8Array) => createHash('sha1').update(bytes).digest('base64');
