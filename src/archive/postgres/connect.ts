import pg from 'pg';

/** The archive cannot be reached or used: the message is one line for the user, the password left out. */
export class ArchiveUnavailableError extends Error {}

/** The URL as it may be shown: any password replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
  }
}

/** Why a connection failed, in a few words (node-postgres and Node errors carry a code). */
export function describeConnectionError(e: unknown): string {
  const err = e as { code?: string; message?: string };
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'connection refused (is PostgreSQL running there?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'unknown host';
    case 'ETIMEDOUT':
      return 'timed out';
    case 'ECONNRESET':
      return 'connection reset';
    case '28P01':
    case '28000':
      return 'authentication failed (set PGPASSWORD or ~/.pgpass; the URL need not hold the password)';
    case '3D000':
      return 'no such database';
    case '57P03':
      return 'the server is starting up or shutting down';
  }
  const m = (err.message ?? String(e)).split('\n')[0];
  return /timeout/i.test(m) ? 'timed out' : m;
}

export interface ConnectOptions {
  /** Milliseconds to wait for the server (default 10 s). */
  timeoutMs?: number;
  /** The password, when it is held elsewhere than the URL, PGPASSWORD or ~/.pgpass (the editor's secret storage). */
  password?: string;
  /** Milliseconds a query may wait for its answer before it fails (default: no limit). */
  queryTimeoutMs?: number;
}

/**
 * A connected client for the archive at `url` (a postgres:// URL; the password may come from PGPASSWORD or
 * ~/.pgpass rather than the URL). Throws ArchiveUnavailableError with one clear line when it cannot connect.
 * An error the connection raises later (the server went away) is kept from crashing the process: the next query
 * rejects instead.
 */
export async function connectArchive(url: string, options: ConnectOptions = {}): Promise<pg.Client> {
  if (!/^postgres(ql)?:\/\//i.test(url))
    throw new ArchiveUnavailableError(`--db takes a postgres:// URL, not "${redactUrl(url)}"`);
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: options.timeoutMs ?? 10_000,
    application_name: 'corroborate',
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => undefined);
    throw new ArchiveUnavailableError(`cannot reach the archive at ${redactUrl(url)}: ${describeConnectionError(e)}`);
  }
  return client;
}

/** The URL with `password` in it (node-postgres reads a URL's empty password over a separate one). */
function withPassword(url: string, password: string | undefined): string {
  if (password === undefined) return url;
  const u = new URL(url);
  u.password = encodeURIComponent(password);
  return u.toString();
}

/**
 * Session settings of a checking connection: a batch's retrieval sorts and sums about a million postings at 10^5
 * articles, which the server's default work_mem (4 MB) sends to temporary files.
 */
export const READER_SETTINGS = '-c work_mem=64MB';

/**
 * A pool of connections to the archive at `url` (for checking: lookups of one check may run side by side), with one
 * connection made at once so that an unreachable archive is reported here, as by `connectArchive`.
 */
export async function connectPool(url: string, options: ConnectOptions & { max?: number } = {}): Promise<pg.Pool> {
  if (!/^postgres(ql)?:\/\//i.test(url))
    throw new ArchiveUnavailableError(`--db takes a postgres:// URL, not "${redactUrl(url)}"`);
  const pool = new pg.Pool({
    connectionString: withPassword(url, options.password),
    connectionTimeoutMillis: options.timeoutMs ?? 10_000,
    application_name: 'corroborate',
    max: options.max ?? 4,
    options: READER_SETTINGS,
    ...(options.queryTimeoutMs ? { query_timeout: options.queryTimeoutMs } : {}),
  });
  // A connection that drops while idle is replaced by the pool; the next query reports a failure.
  pool.on('error', () => undefined);
  try {
    (await pool.connect()).release();
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw new ArchiveUnavailableError(`cannot reach the archive at ${redactUrl(url)}: ${describeConnectionError(e)}`);
  }
  return pool;
}
