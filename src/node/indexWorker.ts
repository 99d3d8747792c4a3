// A worker thread that indexes a share of the source files with the build loop and sends back the index snapshot
// (its typed arrays transferred, not copied). See parallelIndex.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { buildIndex, type SourceFile } from '../core';
import { nativeHash } from './loadSources';

const files = workerData as SourceFile[];
// The host groups duplicates over all shares: this share is not finished here.
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
