// A worker thread that analyses load batches for the archive (see analyse.ts): files in, records out.
import { parentPort } from 'node:worker_threads';
import { analyseBatch, type BatchJob } from './analyse';

parentPort!.on('message', (job: BatchJob) => {
  const out = analyseBatch(job);
  parentPort!.postMessage(out, out.records.flatMap((r) => r.passages.map((p) => p.features.buffer as ArrayBuffer)));
});
