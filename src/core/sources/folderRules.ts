// The rules every walk of a sources folder follows (the command line's and the extension's adapters both use them).

/** Largest source file read; bigger ones are skipped with a message (they are archives or data, not articles). */
export const MAX_SOURCE_BYTES = 20 * 1024 * 1024;

/** Folders nested deeper than this under a sources folder are not walked. */
export const MAX_FOLDER_DEPTH = 32;

/** Entries a walk passes over: dot files and folders, and `node_modules`. */
export function isSkippedEntry(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}

/** Why a file of `bytes` is skipped (the caller puts its path first). */
export function tooLargeMessage(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MB is larger than the ${MAX_SOURCE_BYTES / 1048576} MB limit for one source; skipped`;
}
