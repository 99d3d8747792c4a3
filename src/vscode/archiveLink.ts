/**
 * The editor's link to an archive, without the editor: which archive is configured, whether it is open, and when to
 * try again after it could not be reached. No `vscode` here, so the schedule is unit-tested with a fake clock.
 */

/** The first retry waits this long after a failure (milliseconds). */
export const RETRY_FIRST_MS = 5_000;
/** Retries never wait longer than this. */
export const RETRY_MAX_MS = 300_000;

/** How long to wait before the next attempt after `failures` consecutive failures (1, 2, …): 5 s, 10 s, 20 s, … 5 min. */
export function retryDelay(failures: number): number {
  if (failures < 1) return 0;
  return Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** Math.min(failures - 1, 30));
}

/** Timers the link schedules its retries with (`setTimeout` in the extension; a fake one in tests). */
export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimers: Timers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export type LinkState<I> =
  | { kind: 'off' }
  | { kind: 'connecting'; url: string; failures: number }
  | {
      kind: 'connected';
      url: string;
      index: I;
      /** Failures before this connection (0: it came up at once). */ recovered: number;
    }
  | { kind: 'unavailable'; url: string; reason: string; failures: number; retryInMs: number };

/**
 * Opens the archive at the configured URL and keeps it open: a failed open, or a connection lost later (`lost`),
 * is retried after `retryDelay(failures)`, for as long as the URL stays configured. Every change of state goes to
 * `onState` with the state before it. Nothing here throws or rejects: failures are states.
 */
export class ArchiveLink<I extends { close(): Promise<void> }> {
  private state: LinkState<I> = { kind: 'off' };
  private timer: unknown;
  /** Bumped by every configure/reconnect/lost: an open that finishes after a newer one started is closed unused. */
  private attempt = 0;
  private disposed = false;

  constructor(
    private readonly open: (url: string) => Promise<I>,
    private readonly describe: (error: unknown) => string,
    private readonly onState: (state: LinkState<I>, previous: LinkState<I>) => void,
    private readonly timers: Timers = realTimers,
  ) {}

  get current(): LinkState<I> {
    return this.state;
  }

  /** Uses the archive at `url` (empty: none). The same URL again changes nothing; another closes the old archive. */
  configure(url: string): void {
    const now = this.state.kind === 'off' ? '' : this.state.url;
    if (url === now) return;
    this.reset();
    if (url) void this.connect(url, 0);
    else this.set({ kind: 'off' });
  }

  /** Closes and opens the configured archive again now (a new password), with the failure count reset. */
  reconnect(): void {
    if (this.state.kind === 'off') return;
    const url = this.state.url;
    this.reset();
    void this.connect(url, 0);
  }

  /** The open archive failed a query (the server went away): closed, and retried on the schedule. */
  lost(index: I, error: unknown): void {
    if (this.state.kind !== 'connected' || this.state.index !== index) return;
    const url = this.state.url;
    this.reset();
    this.fail(url, 1, error);
  }

  private reset(): void {
    this.attempt++;
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    if (this.state.kind === 'connected') void this.state.index.close().catch(() => undefined);
  }

  private async connect(url: string, failures: number): Promise<void> {
    const attempt = ++this.attempt;
    this.set({ kind: 'connecting', url, failures });
    let index: I;
    try {
      index = await this.open(url);
    } catch (e) {
      if (attempt === this.attempt && !this.disposed) this.fail(url, failures + 1, e);
      return;
    }
    if (attempt !== this.attempt || this.disposed) {
      await index.close().catch(() => undefined);
      return;
    }
    this.set({ kind: 'connected', url, index, recovered: failures });
  }

  private fail(url: string, failures: number, error: unknown): void {
    const retryInMs = retryDelay(failures);
    const attempt = this.attempt;
    this.set({ kind: 'unavailable', url, reason: this.describe(error), failures, retryInMs });
    this.timer = this.timers.set(() => {
      this.timer = undefined;
      if (attempt === this.attempt && !this.disposed) void this.connect(url, failures);
    }, retryInMs);
  }

  private set(state: LinkState<I>): void {
    const previous = this.state;
    this.state = state;
    try {
      this.onState(state, previous);
    } catch {
      // A listener's failure must not stop the retries.
    }
  }

  dispose(): void {
    this.reset();
    this.disposed = true;
    this.state = { kind: 'off' };
  }
}
