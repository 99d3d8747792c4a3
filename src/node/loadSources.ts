import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { decodeText, isSkippedEntry, MANIFEST_FILE, MAX_FOLDER_DEPTH, MAX_SOURCE_BYTES, isSourcePath, tooLargeMessage, type SourceFile, type SourceProblem } from '../core';
import { extractSource } from './extract';
import { globBase, globToRegExp } from './glob';
import { isProjectConfigText } from './projectConfig';

export { decodeText };
export { nativeHash } from './contentHash';


export interface LoadedFolder {
  files: SourceFile[];
  manifestText?: string;
  problems: SourceProblem[];
  /** Source files found (read or skipped): none means the folder names no sources of its own. */
  found: number;
}

export interface LoadOptions {
  /** Only files whose path relative to `dir` matches this glob (a glob entry of `sources`). */
  glob?: string;
  /** Files and folders to leave out, by absolute path (the project file's `ignore`). */
  ignore?: (absolutePath: string) => boolean;
}

/**
 * Reads every source file under `dir` (recursively, following no symbolic link twice), and its `corroborate.json`
 * manifest (a project file there is not one). PDFs, Word documents and web pages have their text extracted.
 * Unreadable files become problems; nothing throws except a missing or unreadable `dir` itself.
 */
export async function loadSourceFolder(dir: string, options: LoadOptions = {}): Promise<LoadedFolder> {
  const st = statSync(dir); // throws ENOENT for a missing folder: the caller reports it
  if (!st.isDirectory()) throw new Error(`${dir} is not a folder`);
  const out: LoadedFolder = { files: [], problems: [], found: 0 };
  const wanted = options.glob ? globToRegExp(options.glob) : undefined;
  const toRead: { rel: string; full: string }[] = [];
  const seen = new Set<string>();
  const walk = (d: string, depth: number) => {
    let real: string;
    try {
      real = realpathSync(d);
    } catch (e) {
      out.problems.push({ path: relative(dir, d) || '.', message: `${relative(dir, d)}: cannot resolve (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); skipped` });
      return;
    }
    if (seen.has(real)) return; // a symbolic-link loop, or a folder linked twice
    seen.add(real);
    if (depth > MAX_FOLDER_DEPTH) {
      out.problems.push({ path: relative(dir, d), message: `${relative(dir, d)}: nested more than ${MAX_FOLDER_DEPTH} folders deep; skipped` });
      return;
    }
    let entries: string[];
    try {
      entries = readdirSync(d).sort();
    } catch (e) {
      out.problems.push({ path: relative(dir, d) || '.', message: `${relative(dir, d) || d}: cannot list folder (${(e as NodeJS.ErrnoException).code}); skipped` });
      return;
    }
    for (const name of entries) {
      if (isSkippedEntry(name)) continue;
      const full = join(d, name);
      const rel = relative(dir, full).split(sep).join('/');
      if (options.ignore?.(full)) continue;
      let s;
      try {
        s = lstatSync(full).isSymbolicLink() ? statSync(full) : lstatSync(full);
      } catch (e) {
        out.problems.push({ path: rel, message: `${rel}: cannot read (${(e as NodeJS.ErrnoException).code}); skipped` });
        continue;
      }
      if (s.isDirectory()) {
        walk(full, depth + 1);
        continue;
      }
      if (!s.isFile()) continue;
      if (depth === 0 && name === MANIFEST_FILE && !wanted) {
        try {
          const text = decodeText(readFileSync(full), rel);
          if (isProjectConfigText(text)) continue; // the project file, in a folder that is also a sources folder
          out.manifestText = text;
        } catch (e) {
          out.problems.push({ path: rel, message: (e as Error).message });
        }
        continue;
      }
      if (!isSourcePath(name) || (wanted && !wanted.test(rel))) continue;
      out.found++;
      if (s.size > MAX_SOURCE_BYTES) {
        out.problems.push({ path: rel, message: `${rel}: ${tooLargeMessage(s.size)}` });
        continue;
      }
      toRead.push({ rel, full });
    }
  };
  const start = options.glob ? join(dir, globBase(options.glob)) : dir;
  if (start !== dir && !existsSync(start)) return out; // a glob whose folder is not there matches nothing
  walk(start, 0);
  for (const { rel, full } of toRead) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(full);
    } catch (e) {
      out.problems.push({ path: rel, message: `${rel}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); skipped` });
      continue;
    }
    try {
      out.files.push(await extractSource(rel, bytes, dir));
    } catch (e) {
      out.problems.push({ path: rel, message: (e as Error).message });
    }
  }
  return out;
}
