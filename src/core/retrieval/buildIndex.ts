import { nullLogger, type Logger } from '../logger';
import { mergeManifests, type ManifestText } from '../sources/manifest';
import { byPath } from '../sources/registry';
import { isSourcePath, type SourceFile } from '../sources/source';
import { MemoryIndex } from './memoryIndex';
import { contentHash, type IndexCache } from './snapshot';

/** What an index is built from. */
export interface BuildInput {
  files: SourceFile[];
  /** The folders' `corroborate.json` texts. */
  manifests?: ManifestText[];
  /** A previous snapshot: adopted whole when no file changed, else reused for the unchanged files. */
  cache?: IndexCache;
  /** The content hash that tells unchanged files (default `contentHash`; adapters may pass a native one). */
  hash?: (text: string) => string;
  log?: Logger;
  /** Group duplicates and compact the postings at the end (default true; a worker's share is finished by its host). */
  finish?: boolean;
}

/** Where a build stands: `done` of `total` files are indexed, and `index` answers queries on them already. */
export interface BuildProgress {
  done: number;
  total: number;
  index: MemoryIndex;
}

/**
 * The one build loop, as a generator: it yields before each file (the caller may pause there, publish the partial
 * index, or hand it another snapshot with `addCache`), and returns the finished index. A snapshot of the same files
 * is adopted whole without a single yield. The extension runs it in time slices, the CLI and the worker threads run
 * it through (`buildIndex`).
 */
export function* indexSources(input: BuildInput): Generator<BuildProgress, MemoryIndex, void> {
  const log = input.log ?? nullLogger;
  const { manifest, problems } = mergeManifests(input.manifests ?? [], input.files);
  const files = input.files.filter((f) => isSourcePath(f.path));
  // Titles (and so each source's topics) come from the manifests: a snapshot made under others is reused file by
  // file (topics recomputed), never adopted whole.
  const texts = (input.manifests ?? []).map((m) => m.text);
  const manifestsHash = texts.length ? (input.hash ?? contentHash)(texts.join('\u0000')) : '';
  if (input.cache && (input.cache.manifests ?? '') === manifestsHash) {
    const whole = MemoryIndex.adopt(files, input.cache, { manifest, hash: input.hash, log });
    if (whole) {
      for (const p of problems) log.problem(p);
      return whole;
    }
  }
  for (const p of problems) log.problem(p);
  const index = new MemoryIndex({ manifest, hash: input.hash, log });
  index.manifestsHash = manifestsHash;
  if (input.cache) index.addCache(input.cache);
  const sorted = [...files].sort(byPath);
  for (let i = 0; i < sorted.length; i++) {
    yield { done: i, total: sorted.length, index };
    index.add([sorted[i]]);
  }
  return input.finish === false ? index : index.finish();
}

/** Runs the build loop through. */
export function buildIndex(input: BuildInput): MemoryIndex {
  const it = indexSources(input);
  for (;;) {
    const step = it.next();
    if (step.done) return step.value;
  }
}
