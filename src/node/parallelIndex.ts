import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { buildCorpus, Corpus, mergeManifests, type IndexCache, type ManifestText, type SourceFile } from '../core';
import { nativeHash } from './loadSources';

/** Below this many files one thread is faster than starting workers. */
const PARALLEL_MIN_FILES = 300;

export interface ParallelOptions {
  /** Threads to use, the calling one included (default: the machine's available parallelism). */
  threads?: number;
  /** The bundled worker script (default: indexWorker.js beside this bundle). */
  workerPath?: string;
}

/**
 * Builds a corpus using several threads: the files (in path order) are cut into one share per thread; worker
 * threads index theirs while this thread indexes the first, then their snapshots are taken in as caches, so the
 * result is the same corpus `buildCorpus` gives. A worker that fails leaves its share to this thread.
 */
export async function buildCorpusParallel(files: SourceFile[], manifests: ManifestText[] = [], options: ParallelOptions = {}): Promise<Corpus> {
  const threads = Math.max(1, options.threads ?? availableParallelism());
  if (threads < 2 || files.length < PARALLEL_MIN_FILES) return buildCorpus(files, manifests, { hash: nativeHash });
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const size = Math.ceil(sorted.length / threads);
  const shares = Array.from({ length: threads }, (_, i) => sorted.slice(i * size, (i + 1) * size)).filter((s) => s.length);
  const workerPath = options.workerPath ?? join(__dirname, 'indexWorker.js');
  const results = shares.slice(1).map(
    (share) =>
      new Promise<IndexCache | undefined>((resolve) => {
        const w = new Worker(workerPath, { workerData: share });
        w.once('message', (cache: IndexCache) => {
          resolve(cache);
          void w.terminate();
        });
        w.once('error', () => resolve(undefined));
        w.once('exit', () => resolve(undefined));
      }),
  );
  const { manifest, problems } = mergeManifests(manifests, files);
  const corpus = new Corpus({ manifest, hash: nativeHash });
  corpus.problems.push(...problems);
  corpus.add(shares[0]);
  for (let i = 1; i < shares.length; i++) {
    const cache = await results[i - 1];
    if (cache) corpus.addCache(cache);
    corpus.add(shares[i]);
  }
  return corpus.finish();
}
