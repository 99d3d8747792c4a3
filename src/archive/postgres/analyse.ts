import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { collectingLogger, MemoryIndex, type parseManifest, type SourceFile, type SourceProblem } from '../../core';
import { nativeHash } from '../../node/loadSources';
import { BinaryCopyWriter } from './copyBinary';
import { streamRecords, type ArticleRecord } from './records';

export type Manifest = ReturnType<typeof parseManifest>;

/** What a load batch stores of an article besides its passages (those go as COPY rows, see BatchAnalysis). */
export interface ArticleSummary extends Omit<ArticleRecord, 'passages'> {
  id: string;
  passages: number;
}

/**
 * One load batch, analysed by the engine's own code, in the form the loader writes: the articles, their passages
 * already as COPY data (PASSAGE_COLUMNS, binary format), and the batch's document frequencies. Made on a worker thread,
 * so the loader's thread only sends bytes.
 */
export interface BatchAnalysis {
  articles: ArticleSummary[];
  passageRows: Uint8Array;
  /** Distinct stems of the batch's passages, sorted, and how many passages hold each. */
  stems: string[];
  stemCounts: number[];
  /** The batch's postings as COPY data (POSTING_COLUMNS, binary format): per stem, the passages holding it. */
  postingRows: Uint8Array;
  problems: SourceProblem[];
}

export interface BatchJob {
  files: SourceFile[];
  /** The article id each file gets if it is a source (reserved by the loader). */
  ids: string[];
  manifest?: Manifest;
  root: string;
}

/** The passage columns in the order of BatchAnalysis.passageRows. */
export const PASSAGE_COLUMNS =
  'article, ord, span_start, span_end, start_line, start_char, end_line, end_char, text, masked, after, after_masked, joins_next, sentence_hash, stems, qstems, features';
const PASSAGE_FIELDS = 17;

/** The posting columns in the order of BatchAnalysis.postingRows. */
export const POSTING_COLUMNS = 'stem, first_article, last_article, articles, ords';
const POSTING_FIELDS = 5;

/**
 * Parses and indexes a batch with the engine (an index of just these files, left unfinished: the archive groups
 * duplicates and builds postings itself) and writes its snapshot's records as rows, each passage as it is made.
 */
export function analyseBatch(job: BatchJob): BatchAnalysis {
  const log = collectingLogger();
  const index = new MemoryIndex({ manifest: job.manifest, hash: nativeHash, log });
  index.add(job.files);
  const idOf = new Map(job.files.map((f, i) => [f.path, job.ids[i]]));
  const ids = index.sources.map((s) => {
    const id = idOf.get(s.path);
    if (id === undefined) throw new Error(`no id reserved for ${s.path}`);
    return id;
  });
  // About 1 KB a passage in COPY's binary form; the writer grows as needed.
  const rows = new BinaryCopyWriter(index.sources.reduce((n, s) => n + s.passages.length, 0) * 1024);
  const postings = new Map<string, { articles: number[]; ords: number[] }>();
  let first = Infinity;
  let last = -Infinity;
  for (const id of ids) {
    first = Math.min(first, Number(id));
    last = Math.max(last, Number(id));
  }
  const records = streamRecords(index, job.root, (p, si) => {
    const n = Number(ids[si]);
    rows.row(PASSAGE_FIELDS).int8(n).int4(p.ord).int4(p.start).int4(p.end);
    rows.int4(p.range.start.line).int4(p.range.start.character).int4(p.range.end.line).int4(p.range.end.character);
    rows.text(p.text).optionalText(p.masked).text(p.after).optionalText(p.afterMasked).bool(p.joinsNext);
    if (p.sentenceHash === undefined) rows.null();
    else rows.int4(p.sentenceHash);
    rows.textArray(p.stems);
    if (p.qstems) rows.textArray(p.qstems);
    else rows.null();
    rows.bytea(p.features);
    for (const s of p.stems) {
      let list = postings.get(s);
      if (!list) postings.set(s, (list = { articles: [], ords: [] }));
      list.articles.push(n);
      list.ords.push(p.ord);
    }
  });
  const articles = records.map(({ passages, ...r }, si): ArticleSummary => ({ ...r, id: ids[si], passages }));
  // Sorted: concurrent writers (were the lock ever dropped) would take the stems' row locks in one order.
  const stems = [...postings.keys()].sort();
  const postingRows = new BinaryCopyWriter(1 << 20);
  for (const s of stems) {
    const list = postings.get(s)!;
    postingRows.row(POSTING_FIELDS).text(s).int8(first).int8(last).int8Array(list.articles).int4Array(list.ords);
  }
  return {
    articles,
    passageRows: rows.finish(),
    stems,
    stemCounts: stems.map((s) => postings.get(s)!.articles.length),
    postingRows: postingRows.finish(),
    problems: log.problems,
  };
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
      if (this.closed) return { articles: [], passageRows: new Uint8Array(0), stems: [], stemCounts: [], postingRows: new Uint8Array(0), problems: [] };
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
