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
  /** The key each renamed source asked for (kept in snapshots, so adopting one reports the same problem). */
  private readonly wantedKeys = new Map<Source, string>();

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
    const asked = parsed.key;
    const source = Object.assign(parsed, { key, group: this.sources.length });
    if (asked && key !== asked) this.wantedKeys.set(source, asked);
    return source;
  }

  /** The manifest's entry for a file, if any. */
  metaOf(path: string): SourceMeta | undefined {
    return this.metaByFile.get(path);
  }

  /** The citation key `source` asked for, when it was renamed because another source had it. */
  wantedKey(source: Source): string | undefined {
    return this.wantedKeys.get(source);
  }

  /**
   * Registers a source adopted from a snapshot with the key it had there (the same files in the same order give the
   * same keys); a renamed one's problem is reported again, as parsing would. Returns its index.
   */
  adopt(source: Source, wanted: string | undefined): number {
    this.usedKeys.add(source.key);
    if (wanted) {
      this.wantedKeys.set(source, wanted);
      this.log.problem({
        path: source.path,
        message: `${source.path}: citation key "${wanted}" is used by another source; using "${source.key}"`,
      });
    }
    return this.register(source);
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
