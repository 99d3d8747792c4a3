// `node out/startup.js SIZE`: only the start-up from the snapshot (no index timings, no naive baseline), for a quick
// before/after of adoption. Prints one JSON object: reading the sources folder (as the command line does, each file
// hashed as it is read), then adoption and first diagnostics, timed from the snapshot's read.
import { mkdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIndex, createCorroborate, decodeCache, encodeCache } from '../src/core';
import { loadSourceFolder, nativeHash } from '../src/node/loadSources';
import { buildIndexParallel } from '../src/node/parallelIndex';
import { generateCorpus, generateDraft } from './corpus';

const size = Number(process.argv[2]);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const now = () => performance.now();
async function main(): Promise<void> {
  const g = generateCorpus(size, 1);
  const draft = generateDraft(g, 5000);
  const bytes = encodeCache((await buildIndexParallel(g.files)).toCache());
  const dir = mkdtempSync(join(tmpdir(), 'corroborate-startup-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'index.bin'), bytes);
  mkdirSync(join(dir, 'sources'));
  for (const f of g.files) writeFileSync(join(dir, 'sources', f.path), f.text);
  const runs: { readMs: number; decodeMs: number; adoptMs: number; firstMs: number; wholeMs: number }[] = [];
  for (let i = 0; i < 3; i++) {
    gc();
    const tr = now();
    const { files } = await loadSourceFolder(join(dir, 'sources'));
    const t0 = now();
    const cache = decodeCache(readFileSync(join(dir, 'index.bin')))!;
    const t1 = now();
    const c = buildIndex({ files, cache, hash: nativeHash });
    if (!c.adopted) throw new Error('not adopted');
    const t2 = now();
    let first = 0;
    await createCorroborate({ index: c }).checkSliced(
      draft.text,
      { now },
      { yieldNow: async () => {}, isCancelled: () => false, onPartial: () => void (first ||= now()) },
    );
    runs.push({
      readMs: +(t0 - tr).toFixed(1),
      decodeMs: +(t1 - t0).toFixed(1),
      adoptMs: +(t2 - t1).toFixed(1),
      firstMs: +((first || now()) - t1).toFixed(1),
      wholeMs: +(now() - t1).toFixed(1),
    });
  }
  console.log(JSON.stringify({ size, cacheMB: +(bytes.byteLength / 1048576).toFixed(1), runs }));
}
void main();
