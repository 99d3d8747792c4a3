import type { Logger } from '../logger';
import type { Span } from '../text/text';
import { deriveKey, parseSource, type Manifest, type Source, type SourceFile, type SourceMeta } from './source';

/** Files in path order (the order sources are indexed in, on every thread). */
export const byPath = (a: SourceFile, b: SourceFile) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/**
 * The sources of one index: parses files into sources with unique citation keys (a second source wanting a key
 * gets `key-2`, in indexing order), and finds them by key. Problems go to the logger, never thrown.
 */
export class SourceRegistry {
  readonly sources: Source[] = [];
  private readonly byKey = new Map<string, Source>();
  private readonly usedKeys = new Set<string>();
  private readonly metaByFile = new Map<string, SourceMeta>();

  constructor(
    manifest: Manifest | undefined,
    private readonly log: Logger,
  ) {
    for (const m of manifest?.sources ?? []) this.metaByFile.set(m.file, m);
  }

  /** Parses a file into a source (`spans`, from a snapshot, skip sentence splitting), or logs why it is not one. */
  parse(f: SourceFile, spans?: Span[]): Source | undefined {
    let parsed;
    try {
      parsed = parseSource(f, this.metaByFile.get(f.path), spans);
    } catch (e) {
      this.log.problem({ path: f.path, message: (e as Error).message });
      return undefined;
    }
    if (!parsed.passages.length) {
      this.log.problem({ path: f.path, message: `${f.path}: no sentences found (empty or not prose); skipped` });
      return undefined;
    }
    let key = parsed.key ?? deriveKey(parsed.title, f.path);
    if (this.usedKeys.has(key)) {
      const base = key;
      let n = 2;
      while (this.usedKeys.has(`${base}-${n}`)) n++;
      key = `${base}-${n}`;
      if (parsed.key)
        this.log.problem({
          path: f.path,
          message: `${f.path}: citation key "${base}" is used by another source; using "${key}"`,
        });
    }
    this.usedKeys.add(key);
    return Object.assign(parsed, { key, group: this.sources.length });
  }

  /** Adds a parsed source; returns its index. */
  register(source: Source): number {
    this.byKey.set(source.key, source);
    this.sources.push(source);
    return this.sources.length - 1;
  }

  get(key: string): Source | undefined {
    return this.byKey.get(key);
  }
}
