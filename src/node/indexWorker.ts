// A worker thread that indexes a share of the source files with the build loop and sends back an index snapshot
// per part of it (its typed arrays transferred, not copied). See parallelIndex.ts.
import { constants, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { buildIndex, type SourceFile } from '../core';
import { nativeHash } from './loadSources';

const { parts, background } = workerData as { parts: SourceFile[][]; background?: boolean };
// In the editor the worker yields the processor to the editor itself: on Linux a thread has its own nice value
// (setpriority on "this process" sets the calling thread's); elsewhere it would lower the whole extension host.
if (background && process.platform === 'linux') {
  try {
    setPriority(constants.priority.PRIORITY_LOW);
  } catch {
    // not permitted: index at the normal priority
  }
}
// Each part is sent as soon as it is indexed, so the host takes it in while this thread indexes the next. The host
// groups duplicates over all shares: a part is not finished here.
for (const files of parts) {
  const cache = buildIndex({ files, hash: nativeHash, finish: false }).toCache();
  const buffers = [
    cache.firstPassage,
    cache.spans,
    cache.tOff,
    cache.tStem,
    cache.tStart,
    cache.tEnd,
    cache.nOff,
    cache.neg,
    cache.qOff,
    cache.quantities,
    cache.topicOff,
    cache.topics,
  ].map((a) => a.buffer as ArrayBuffer);
  parentPort!.postMessage(cache, buffers);
}
