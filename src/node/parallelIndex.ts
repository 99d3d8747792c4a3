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

/**
 * What taking in a file from a worker's snapshot costs this thread, as a share of analysing it (measured on the
 * generated corpus: 0.4-0.6). This thread analyses the first files and then takes in the workers' parts, so it
 * analyses fewer files than each worker, by this share of all the workers' files.
 */
const MERGE_COST = 0.5;

/** A worker sends its share in parts of this many files, each taken in while it analyses the next ones. */
const PARTS = 24;

/**
 * How many of `n` files the calling thread and each of `threads - 1` workers analyse (in path order), so that the
 * calling thread, which also takes in the workers' snapshots, ends with them: own = share × (1 - (threads - 1) ×
 * MERGE_COST), at least none.
 */
export function splitShares(n: number, threads: number): number[] {
  const workers = threads - 1;
  const weight = Math.max(0, 1 - workers * MERGE_COST);
  const share = Math.ceil(n / (weight + workers));
  const own = Math.max(0, n - share * workers);
  const sizes = [own];
  for (let i = 0, left = n - own; i < workers; i++, left -= share) sizes.push(Math.min(share, left));
  return sizes.filter((x, i) => i === 0 || x > 0);
}

/** A worker's share cut into up to PARTS parts (at least 20 files each). */
function partsOf(share: SourceFile[]): SourceFile[][] {
  const size = Math.max(20, Math.ceil(share.length / PARTS));
  const parts: SourceFile[][] = [];
  for (let i = 0; i < share.length; i += size) parts.push(share.slice(i, i + size));
  return parts;
}

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
 * hold unchanged) are cut into one share per thread (this thread's the first and smaller, see `splitShares`);
 * worker threads index theirs and send it in parts, each a snapshot, while this thread runs the build loop over all
 * files, taking in each part as a cache when it reaches the part's first file, so the result is the index
 * `buildIndex` gives. A worker that fails leaves its share to this thread. A snapshot of exactly
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
  // Snapshots by the path of their part's first file.
  const results = new Map<string, Promise<IndexCache | undefined>>();
  const workers: Worker[] = [];
  try {
    if (threads >= 2 && fresh.length >= PARALLEL_MIN_FILES) {
      const [own, ...shares] = splitShares(fresh.length, threads);
      const workerPath = options.workerPath ?? join(__dirname, 'indexWorker.js');
      let from = own;
      for (const size of shares) {
        const parts = partsOf(fresh.slice(from, (from += size)));
        // One promise per part, settled in order as the worker's messages come (all undefined if it fails).
        const settle: ((cache: IndexCache | undefined) => void)[] = [];
        for (const part of parts)
          results.set(part[0].path, new Promise<IndexCache | undefined>((resolve) => settle.push(resolve)));
        let got = 0;
        const fail = () => {
          while (got < settle.length) settle[got++](undefined);
        };
        let w: Worker;
        try {
          w = new Worker(workerPath, { workerData: { parts, background: options.background } });
        } catch {
          fail();
          continue;
        }
        workers.push(w);
        w.on('message', (cache: IndexCache) => {
          if (got < settle.length) settle[got++](cache);
          if (got === settle.length) void w.terminate();
        });
        w.once('error', fail);
        w.once('exit', fail);
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
