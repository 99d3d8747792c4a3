import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  buildIndex,
  indexSources,
  isSourcePath,
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
}

/**
 * Builds an index using several threads: the files (in path order) are cut into one share per thread; worker
 * threads index theirs while this thread runs the build loop over all files, taking in each worker's snapshot as a
 * cache when it reaches that worker's share, so the result is the index `buildIndex` gives. A worker that fails
 * leaves its share to this thread.
 */
export async function buildIndexParallel(
  files: SourceFile[],
  manifests: ManifestText[] = [],
  options: ParallelOptions = {},
): Promise<MemoryIndex> {
  const threads = Math.max(1, options.threads ?? availableParallelism());
  if (threads < 2 || files.length < PARALLEL_MIN_FILES)
    return buildIndex({ files, manifests, hash: nativeHash, log: options.log });
  const sorted = files
    .filter((f) => isSourcePath(f.path))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const size = Math.ceil(sorted.length / threads);
  const shares = Array.from({ length: threads }, (_, i) => sorted.slice(i * size, (i + 1) * size)).filter(
    (s) => s.length,
  );
  const workerPath = options.workerPath ?? join(__dirname, 'indexWorker.js');
  // Snapshots by the position of their share's first file.
  const results = new Map<number, Promise<IndexCache | undefined>>();
  shares.slice(1).forEach((share, i) => {
    const snapshot = new Promise<IndexCache | undefined>((resolve) => {
      const w = new Worker(workerPath, { workerData: share });
      w.once('message', (cache: IndexCache) => {
        resolve(cache);
        void w.terminate();
      });
      w.once('error', () => resolve(undefined));
      w.once('exit', () => resolve(undefined));
    });
    results.set((i + 1) * size, snapshot);
  });
  const it = indexSources({ files, manifests, hash: nativeHash, log: options.log });
  for (;;) {
    const step = it.next();
    if (step.done) return step.value;
    const snapshot = results.get(step.value.done);
    if (snapshot) {
      const cache = await snapshot;
      if (cache) step.value.index.addCache(cache);
    }
  }
}
