import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  indexSources,
  isSourcePath,
  type BuildProgress,
  type IndexCache,
  type Logger,
  type ManifestText,
  type MemoryIndex,
  type SourceFile,
} from '../core';
import { nativeHash } from './loadSources';

/** Below this many files one thread is faster than starting workers. */
const PARALLEL_MIN_FILES = 300;

export interface ParallelOptions {
  /** Threads to use, the calling one included (default: the machine's available parallelism). */
  threads?: number;
  /** The bundled worker script (default: indexWorker.js beside this bundle). */
  workerPath?: string;
  log?: Logger;
  /** Run the workers at a low priority where the system allows it per thread (Linux): the editor's choice. */
  background?: boolean;
  /** A previous snapshot (see `BuildInput.cache`): adopted whole, or its unchanged files reused; only the others go to workers. */
  cache?: IndexCache;
}

/**
 * Builds an index using several threads: the files to analyse (in path order; with a snapshot, those it does not
 * hold unchanged) are cut into one share per thread; worker threads index theirs while this thread runs the build
 * loop over all files, taking in each worker's snapshot as a cache when it reaches that worker's share, so the
 * result is the index `buildIndex` gives. A worker that fails leaves its share to this thread. A snapshot of exactly
 * these files is adopted whole, with no worker started.
 */
export async function buildIndexParallel(
  files: SourceFile[],
  manifests: ManifestText[] = [],
  options: ParallelOptions = {},
): Promise<MemoryIndex> {
  const it = indexSourcesParallel(files, manifests, options);
  for (;;) {
    const step = await it.next();
    if (step.done) return step.value;
  }
}

/**
 * `buildIndexParallel` as the build loop: it yields before each file this thread indexes (the caller may pause
 * there: the extension runs it in time slices), waits for a worker's snapshot without blocking the thread, and
 * returns the finished index. Returning early (`return()`, or a `break` out of `for await`) stops the workers.
 */
export async function* indexSourcesParallel(
  files: SourceFile[],
  manifests: ManifestText[] = [],
  options: ParallelOptions = {},
): AsyncGenerator<BuildProgress, MemoryIndex, void> {
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const it = indexSources({ files, manifests, cache: options.cache, hash: nativeHash, log: options.log });
  let step = it.next();
  if (step.done) return step.value; // the snapshot, adopted whole
  const sorted = files
    .filter((f) => isSourcePath(f.path))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  // The files the snapshot does not hold as they are now: only those need analysing.
  const held = new Map((options.cache?.sources ?? []).map((s) => [s.path, s.hash]));
  const fresh = options.cache ? sorted.filter((f) => held.get(f.path) !== (f.hash ?? nativeHash(f.text))) : sorted;
  // Snapshots by the path of their share's first file.
  const results = new Map<string, Promise<IndexCache | undefined>>();
  const workers: Worker[] = [];
  try {
    if (threads >= 2 && fresh.length >= PARALLEL_MIN_FILES) {
      const size = Math.ceil(fresh.length / threads);
      const shares = Array.from({ length: threads }, (_, i) => fresh.slice(i * size, (i + 1) * size)).filter(
        (s) => s.length,
      );
      const workerPath = options.workerPath ?? join(__dirname, 'indexWorker.js');
      for (const share of shares.slice(1)) {
        const snapshot = new Promise<IndexCache | undefined>((resolve) => {
          let w: Worker;
          try {
            w = new Worker(workerPath, { workerData: { files: share, background: options.background } });
          } catch {
            return resolve(undefined);
          }
          workers.push(w);
          w.once('message', (cache: IndexCache) => {
            resolve(cache);
            void w.terminate();
          });
          w.once('error', () => resolve(undefined));
          w.once('exit', () => resolve(undefined));
        });
        results.set(share[0].path, snapshot);
      }
    }
    for (;;) {
      if (step.done) return step.value;
      const snapshot = results.get(sorted[step.value.done]?.path);
      if (snapshot) {
        const cache = await snapshot;
        if (cache) step.value.index.addCache(cache);
      }
      yield step.value;
      step = it.next();
    }
  } finally {
    for (const w of workers) void w.terminate();
  }
}
