import type pg from 'pg';
import { ArchiveUnavailableError, connectArchive, describeConnectionError, redactUrl } from '../archive/postgres/connect';
import { compactPostings, type CompactSummary } from '../archive/postgres/compact';
import { archiveStatus, loadFolders, removePaths, type LoadProgress } from '../archive/postgres/ingest';
import { initSchema, SCHEMA_VERSION, SchemaError } from '../archive/postgres/schema';
import { ARCHIVE_USAGE } from './archiveUsage';

export { ARCHIVE_USAGE };

const HELP = `Usage:
${ARCHIVE_USAGE}

The newsroom archive: source articles held in PostgreSQL (URL: postgres://USER@HOST:PORT/DB; the password comes
from PGPASSWORD or ~/.pgpass). "add" loads folders incrementally (unchanged files are skipped, changed ones
replaced), in batches of N articles (default 1000), one transaction each: a load that is stopped resumes where it
was. After its batches, "add" merges each word's postings rows of the load into a few rows (--no-compact: not);
"compact" merges all of them (after loads made with --no-compact, or stopped). "remove" deletes the articles of
files or folders. Exit status: 0 done, 2 usage error or archive unreachable.`;

class ArchiveUsageError extends Error {}

interface ArchiveArgs {
  command: string;
  db?: string;
  paths: string[];
  batch?: number;
  compact: boolean;
  format: 'text' | 'json';
}

function parseArchiveArgs(argv: string[]): ArchiveArgs {
  const o: ArchiveArgs = { command: '', paths: [], compact: true, format: 'text' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith('--') ? (a.split(/=(.*)/s, 2) as [string, string | undefined]) : [a, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      const v = argv[++i];
      if (v === undefined) throw new ArchiveUsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--db') o.db = value();
    else if (a === '--no-compact') o.compact = false;
    else if (flag === '--batch') {
      const v = value();
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new ArchiveUsageError(`--batch must be a whole number from 1 to 100000, not "${v}"`);
      o.batch = n;
    } else if (flag === '--format' || flag === '-f') {
      const v = value();
      if (v !== 'text' && v !== 'json') throw new ArchiveUsageError(`--format must be text or json, not "${v}"`);
      o.format = v;
    } else if (a.startsWith('-') && a !== '-') throw new ArchiveUsageError(`unknown option ${a}`);
    else if (!o.command) o.command = a;
    else o.paths.push(a);
  }
  return o;
}

export interface ArchiveIo {
  out: (s: string) => void;
  err: (s: string) => void;
  /** True when progress may be drawn (a terminal, not CI). */
  interactive: boolean;
}

/** `corroborate archive ...`; resolves to the exit status. Never throws. */
export async function archiveMain(argv: string[], io: ArchiveIo): Promise<number> {
  let client: pg.Client | undefined;
  let url = '';
  try {
    if (!argv.length || argv.includes('--help') || argv.includes('-h')) {
      (argv.length ? io.out : io.err)(HELP + '\n');
      return argv.length ? 0 : 2;
    }
    const o = parseArchiveArgs(argv);
    if (!['init', 'add', 'remove', 'status', 'compact'].includes(o.command)) throw new ArchiveUsageError(`unknown archive command "${o.command}" (init, add, remove, status, compact)`);
    if (!o.db) throw new ArchiveUsageError(`archive ${o.command} needs --db URL`);
    if ((o.command === 'add' || o.command === 'remove') && !o.paths.length) throw new ArchiveUsageError(`archive ${o.command} needs at least one ${o.command === 'add' ? 'DIR' : 'PATH'}`);
    if ((o.command === 'init' || o.command === 'status' || o.command === 'compact') && o.paths.length) throw new ArchiveUsageError(`archive ${o.command} takes no paths`);
    if (!o.compact && o.command !== 'add') throw new ArchiveUsageError(`--no-compact is an option of archive add`);
    url = o.db;
    client = await connectArchive(o.db);
    if (o.command === 'init') {
      const r = await initSchema(client);
      io.out(
        r === 'created'
          ? `archive created at ${redactUrl(o.db)}\n`
          : r === 'upgraded'
            ? `archive at ${redactUrl(o.db)} upgraded to schema version ${SCHEMA_VERSION}; its articles are analysed again by the next "archive add"\n`
            : `archive already present at ${redactUrl(o.db)}\n`,
      );
      return 0;
    }
    if (o.command === 'add') {
      const progress = io.interactive ? progressLine(io.err) : undefined;
      let summary;
      try {
        summary = await loadFolders(client, o.paths, { batchSize: o.batch, onProgress: progress?.update, compact: o.compact });
      } finally {
        progress?.done();
      }
      if (summary.upgradedFrom !== undefined) io.err(`archive upgraded from schema version ${summary.upgradedFrom} to ${SCHEMA_VERSION}\n`);
      for (const p of summary.problems) io.err(`warning: ${p.message}\n`);
      const secs = summary.elapsedMs / 1000;
      const rate = secs > 0 ? Math.round((summary.added + summary.replaced + summary.reanalysed) / secs) : 0;
      io.out(
        `${summary.added} added, ${summary.replaced} replaced, ${summary.reanalysed ? `${summary.reanalysed} analysed again, ` : ''}${summary.unchanged} unchanged (${summary.passages} passages) in ${secs.toFixed(1)} s (${rate} articles/s)\n`,
      );
      if (summary.compaction) io.out(compacted(summary.compaction));
      return 0;
    }
    if (o.command === 'compact') {
      io.out(compacted(await compactPostings(client, { full: true })));
      return 0;
    }
    if (o.command === 'remove') {
      const r = await removePaths(client, o.paths);
      io.out(`${r.articles} article${r.articles === 1 ? '' : 's'} removed (${r.passages} passages)\n`);
      return 0;
    }
    const s = await archiveStatus(client);
    if (o.format === 'json') io.out(JSON.stringify({ ...s, lastLoad: s.lastLoad?.toISOString() ?? null }, null, 2) + '\n');
    else {
      io.out(
        `articles\t${s.articles}\npassages\t${s.passages}\nsource groups\t${s.groups}\ndistinct stems\t${s.stems}\nsize on disk\t${(s.bytes / 1048576).toFixed(1)} MB\nlast load\t${s.lastLoad ? s.lastLoad.toISOString() : 'never'}\n`,
      );
      io.out(`analysis\t${s.analysis} (this Corroborate's engine)\nstale articles\t${s.stale.articles}${s.stale.articles ? ' (analysed by another engine: "archive add" of their folders analyses them again)' : ''}\n`);
      for (const r of s.stale.byRoot) io.out(`  ${r.root}\t${r.articles} by analysis ${r.analysis || 'unknown (schema version 2)'}\n`);
    }
    return 0;
  } catch (e) {
    if (e instanceof ArchiveUsageError) {
      io.err(`corroborate: ${e.message}\nRun "corroborate archive --help" for usage.\n`);
      return 2;
    }
    if (e instanceof ArchiveUnavailableError || e instanceof SchemaError) {
      io.err(`corroborate: ${e.message}\n`);
      return 2;
    }
    const code = (e as { code?: string }).code;
    // The server went away in the middle (a connection error, not a statement error).
    if (code && /^(E[A-Z]+|57P0\d|08\d{3})$/.test(code)) {
      io.err(`corroborate: lost the archive at ${redactUrl(url)}: ${describeConnectionError(e)}; committed batches are kept, run again to resume\n`);
      return 2;
    }
    if ((e as Error).message === 'Connection terminated unexpectedly') {
      io.err(`corroborate: lost the archive at ${redactUrl(url)}: connection terminated; committed batches are kept, run again to resume\n`);
      return 2;
    }
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      io.err(`corroborate: ${(e as Error).message.replace(/^ENOENT: /, '')}\n`);
      return 2;
    }
    io.err(`corroborate: archive error: ${(e as Error).message.split('\n')[0]}\n`);
    return 2;
  } finally {
    await client?.end().catch(() => undefined);
  }
}

function compacted(c: CompactSummary): string {
  return `postings of ${c.stems} stem${c.stems === 1 ? '' : 's'} merged: ${c.rowsBefore} rows into ${c.rowsAfter} in ${(c.elapsedMs / 1000).toFixed(1)} s\n`;
}

/** A progress line redrawn in place: files done, files per second, time left. */
function progressLine(write: (s: string) => void): { update: (p: LoadProgress) => void; done: () => void } {
  let last = 0;
  let drawn = false;
  return {
    update: (p) => {
      const now = performance.now();
      if (now - last < 200 && p.done < p.total) return;
      last = now;
      const loaded = p.added + p.replaced;
      const rate = p.elapsedMs > 0 ? loaded / (p.elapsedMs / 1000) : 0;
      const left = rate > 0 ? (p.total - p.done) / rate : 0;
      const eta = rate > 0 ? (left >= 90 ? `${Math.round(left / 60)} min` : `${Math.round(left)} s`) : '…';
      write(`\r\x1b[2Kloading ${p.done}/${p.total} files (${p.unchanged} unchanged), ${rate.toFixed(0)} files/s, ETA ${eta}`);
      drawn = true;
    },
    done: () => {
      if (drawn) write('\r\x1b[2K');
    },
  };
}
