import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { collectingLogger, MemoryIndex, type parseManifest, type SourceFile, type SourceProblem } from '../../core';
import { nativeHash } from '../../node/loadSources';
import { recordsOf, type ArticleRecord } from './records';

export type Manifest = ReturnType<typeof parseManifest>;

/** One load batch, analysed by the engine's own code. */
export interface BatchAnalysis {
  records: ArticleRecord[];
  problems: SourceProblem[];
}

export interface BatchJob {
  files: SourceFile[];
  manifest?: Manifest;
  root: string;
}

/** Parses and indexes a batch with the engine (an index of just these files) and turns its snapshot into records. */
export function analyseBatch(job: BatchJob): BatchAnalysis {
  const log = collectingLogger();
  const index = new MemoryIndex({ manifest: job.manifest, hash: nativeHash, log });
  index.add(job.files);
  index.finish();
  return { records: recordsOf(index, job.root), problems: log.problems };
}

/**
 * Batches analysed on worker threads (dist/archiveWorker.js beside this bundle), so the loader's thread keeps the
 * database busy meanwhile. Without the worker script (tests running from source) or when a worker fails, the
 * batch is analysed on this thread: same records either way.
 */
export class Analyser {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly waiting: (() => void)[] = [];
  private disabled = false;
  private closed = false;

  constructor(
    private readonly threads = availableParallelism(),
    private readonly workerPath = join(__dirname, 'archiveWorker.js'),
  ) {
    this.disabled = threads < 1 || !existsSync(workerPath);
  }

  async analyse(job: BatchJob): Promise<BatchAnalysis> {
    const worker = this.disabled ? undefined : await this.take();
    if (!worker) return analyseBatch(job);
    try {
      return await new Promise<BatchAnalysis>((resolve, reject) => {
        const onMessage = (m: BatchAnalysis) => {
          cleanup();
          resolve(m);
        };
        const onError = (e: unknown) => {
          cleanup();
          reject(e);
        };
        const cleanup = () => {
          worker.off('message', onMessage);
          worker.off('error', onError);
          worker.off('exit', onError);
        };
        worker.on('message', onMessage);
        worker.once('error', onError);
        worker.once('exit', onError);
        worker.postMessage(job);
      }).finally(() => this.give(worker));
    } catch {
      // Closed while this batch was on its way (the load stopped): nobody waits for it.
      if (this.closed) return { records: [], problems: [] };
      this.disabled = true;
      return analyseBatch(job);
    }
  }

  private async take(): Promise<Worker | undefined> {
    for (;;) {
      const w = this.idle.pop();
      if (w) return w;
      if (this.all.length < this.threads) {
        try {
          const fresh = new Worker(this.workerPath);
          fresh.unref();
          fresh.on('error', () => undefined);
          this.all.push(fresh);
          return fresh;
        } catch {
          this.disabled = true;
          return undefined;
        }
      }
      await new Promise<void>((r) => this.waiting.push(r));
    }
  }

  private give(w: Worker): void {
    this.idle.push(w);
    this.waiting.shift()?.();
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.all.map((w) => w.terminate()));
  }
}
