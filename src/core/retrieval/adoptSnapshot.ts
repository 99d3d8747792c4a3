import { byPath, type SourceRegistry } from '../sources/registry';
import type { SourceFile } from '../sources/source';
import type { Span } from '../text/text';
import { PassageColumns } from './passageColumns';
import { CACHE_VERSION, type IndexCache } from './snapshot';
import { SnapshotSource } from './snapshotSource';

/** What an index adopted from a snapshot starts from (see `MemoryIndex.adopt`). */
export interface AdoptedSnapshot {
  /** Holds the adopted sources, in path order. */
  registry: SourceRegistry;
  hashes: string[];
  firstPassage: number[];
  skipped: { path: string; hash: string }[];
  columns: PassageColumns;
  manifestsHash: string;
}

/**
 * Adopts a snapshot of exactly `files` (same paths, same content hashes; the caller has checked the manifests):
 * its sources are registered in `registry`, unparsed, and its columns are used as they are. Undefined when any file
 * changed, was added or went, or the snapshot is of another version.
 */
export function adoptSnapshot(
  files: SourceFile[],
  cache: IndexCache,
  registry: SourceRegistry,
  hash: (text: string) => string,
): AdoptedSnapshot | undefined {
  if (cache.version !== CACHE_VERSION || files.length !== cache.sources.length + cache.skipped.length) return undefined;
  const skipped = new Map(cache.skipped.map((x) => [x.path, x.hash]));
  const sorted = [...files].filter((f) => !skipped.has(f.path)).sort(byPath);
  for (const f of files) {
    if (!skipped.has(f.path)) continue;
    // Unchanged and still not a source: parse it again only for its message.
    if (skipped.get(f.path) !== (f.hash ?? hash(f.text)) || registry.parse(f)) return undefined;
  }
  const hashes = sorted.map((f) => f.hash ?? hash(f.text));
  if (sorted.some((f, i) => f.path !== cache.sources[i].path || hashes[i] !== cache.sources[i].hash)) return undefined;
  // Lazy: no source is parsed here (same path, same content, same manifests: the snapshot's metadata and spans are
  // what parsing would give); each is parsed when a check or a hover first reads its passages or mask.
  const P = cache.firstPassage[sorted.length];
  const pSource = new Int32Array(P);
  const firstPassage: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const c = cache.sources[i];
    const from = cache.firstPassage[i];
    const to = cache.firstPassage[i + 1];
    const spans = () => {
      const out: Span[] = [];
      for (let p = from; p < to; p++) out.push({ start: cache.spans[p * 2], end: cache.spans[p * 2 + 1] });
      return out;
    };
    registry.adopt(new SnapshotSource(sorted[i], c, c.group, registry.metaOf(sorted[i].path), spans), c.wanted);
    firstPassage.push(from);
    pSource.fill(i, from, to);
  }
  return {
    registry,
    hashes,
    firstPassage,
    skipped: cache.skipped.slice(),
    columns: PassageColumns.adopt(cache, pSource),
    manifestsHash: cache.manifests ?? '',
  };
}
