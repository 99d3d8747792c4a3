/**
 * `node bench/archive.mjs --load-only ARTICLES [BATCH]` (see bench/archive.mjs): the archive's load alone, for profiling. Writes
 * ARTICLES generated articles, loads them into an empty archive with `archive add` (in process, worker threads),
 * and prints one JSON line: articles/s, where the loader's thread waited (`LoadSummary.phases`), CPU of this
 * process (all threads) and of the server's processes (from /proc, when readable), and the load average.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectArchive } from '../src/archive/postgres/connect';
import { archiveStatus, loadFolders } from '../src/archive/postgres/ingest';
import { initSchema } from '../src/archive/postgres/schema';
import { generateCorpus } from './corpus';

const articles = Number(process.argv[2] ?? 5000);
const batchSize = process.argv[3] ? Number(process.argv[3]) : undefined;
const url = process.env.CORROBORATE_TEST_DB;
// BENCH_ARCHIVE_FROM=K: the articles a load of more than K would write after its first K (seeds K+1 on), loaded into
// the archive already at CORROBORATE_TEST_DB: the per-batch statements measured at that archive's size.
const from = Number(process.env.BENCH_ARCHIVE_FROM ?? 0);
if (!url) throw new Error('run through scripts/provision-postgres.sh run');

/**
 * CPU seconds of the server's processes: utime + stime (and those of waited-for children) of the postmaster whose
 * data folder is `CORROBORATE_PG_DIR`/data and of its children. Other clusters on the machine are not counted.
 */
function serverCpuSeconds(): number | undefined {
  const dir = process.env.CORROBORATE_PG_DIR;
  if (!dir) return undefined;
  let ticks = 0;
  try {
    const postmaster = readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0].trim();
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // f[1] is the parent's pid.
        if (pid !== postmaster && f[1] !== postmaster) continue;
        ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
      } catch {
        // gone meanwhile
      }
    }
  } catch {
    return undefined;
  }
  return ticks / 100;
}

/** CPU seconds of this process's threads with more than 0.2 s, by thread (name and id): main, workers, GC. */
function threadCpuSeconds(): Record<string, number> | undefined {
  try {
    const out: Record<string, number> = {};
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const s = (Number(f[11]) + Number(f[12])) / 100;
      if (s > 0.2) out[`${name}#${tid}`] = s;
    }
    return out;
  } catch {
    return undefined;
  }
}

async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'corroborate-bench-load-'));
  try {
    const slice = 5000;
    for (let at = 0; at < articles; at += slice) {
      const part = generateCorpus(Math.min(slice, articles - at), 1 + from + at);
      const sub = join(dir, `part-${String(at / slice).padStart(4, '0')}`);
      mkdirSync(sub);
      for (const f of part.files) writeFileSync(join(sub, f.path), f.text);
    }
    const client = await connectArchive(url!);
    await initSchema(client);
    const load0 = loadavg()[0];
    const cpu0 = process.cpuUsage();
    const server0 = serverCpuSeconds();
    // BENCH_ARCHIVE_COMPACT=0: leave the postings rows as the batches wrote them (one per stem and batch).
    // BENCH_ARCHIVE_THREADS=N: analysis worker threads (default: the loader's, the machine's available parallelism).
    const workers = process.env.BENCH_ARCHIVE_THREADS ? Number(process.env.BENCH_ARCHIVE_THREADS) : undefined;
    const load = await loadFolders(client, [dir], { batchSize, threads: workers, compact: process.env.BENCH_ARCHIVE_COMPACT !== '0' });
    const cpu = process.cpuUsage(cpu0);
    const server1 = serverCpuSeconds();
    const status = await archiveStatus(client);
    const threads = threadCpuSeconds();
    await client.end();
    console.log(
      JSON.stringify({
        articles: status.articles,
        passages: status.passages,
        loadMs: Math.round(load.elapsedMs),
        articlesPerSecond: Math.round((load.added / load.elapsedMs) * 1000),
        phasesMs: Object.fromEntries(Object.entries(load.phases).map(([k, v]) => [k, Math.round(v)])),
        compaction: load.compaction && { ...load.compaction, elapsedMs: Math.round(load.compaction.elapsedMs) },
        loaderCpuS: Math.round((cpu.user + cpu.system) / 1e4) / 100,
        serverCpuS: server0 !== undefined && server1 !== undefined ? Math.round((server1 - server0) * 100) / 100 : undefined,
        threadCpuS: threads,
        dbMB: Math.round(status.bytes / 1048576),
        loadAverage: [Math.round(load0 * 100) / 100, Math.round(loadavg()[0] * 100) / 100],
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

run().catch((e) => {
  console.error(e);
  process.exit(1);
});
