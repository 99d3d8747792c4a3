// A worker thread that indexes a share of the source files and sends back the index snapshot (its typed arrays
// transferred, not copied). See parallelIndex.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { Corpus, type SourceFile } from '../core';
import { nativeHash } from './loadSources';

const files = workerData as SourceFile[];
const corpus = new Corpus({ hash: nativeHash });
corpus.add(files);
const cache = corpus.toCache();
const buffers = [cache.firstPassage, cache.spans, cache.tOff, cache.tStem, cache.tStart, cache.tEnd, cache.nOff, cache.neg, cache.qOff, cache.quantities, cache.topicOff, cache.topics].map((a) => a.buffer as ArrayBuffer);
parentPort!.postMessage(cache, buffers);
