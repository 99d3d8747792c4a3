// A worker thread that analyses load batches for the archive (see analyse.ts): files in, COPY rows out.
import { parentPort } from 'node:worker_threads';
import { analyseBatch, type BatchJob } from './analyse';

parentPort!.on('message', (job: BatchJob) => {
  const out = analyseBatch(job);
  parentPort!.postMessage(out, [out.passageRows.buffer as ArrayBuffer, out.postingRows.buffer as ArrayBuffer]);
});
