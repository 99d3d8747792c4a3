import type pg from 'pg';
import * as vscode from 'vscode';
import { ArchiveIndex } from '../archive/postgres/archiveIndex';
import { ArchiveUnavailableError, connectPool, describeConnectionError, redactUrl } from '../archive/postgres/connect';
import { SchemaError } from '../archive/postgres/schema';
import { staleWarning } from '../archive/postgres/analysisVersion';
import { searchArticles, type ArticleMatch } from '../archive/postgres/search';
import type {
  IndexStats,
  MaybePromise,
  PassageHit,
  PassageIndex,
  RetrievalQuery,
  Source,
  SourceInfo,
  Vocabulary,
} from '../core';
import { ArchiveLink, type LinkState, type Timers } from './archiveLink';
import type { Settings } from './settings';

/** The scheme of the read-only documents that show an archived article (its passages at their lines). */
export const ARCHIVE_SCHEME = 'corroborate-archive';

/** Where the archive's password is kept in VS Code's secret storage: one per URL (a URL never holds it). */
const secretKey = (url: string) => `corroborate.archive.password:${url}`;

/** Milliseconds to wait for the server when connecting (a host that drops packets is given up on sooner than pg's default). */
const CONNECT_TIMEOUT_MS = 5_000;
/**
 * A query unanswered this long counts as a lost archive (a server that stopped answering would stall every check).
 * Long, because a first check reads many postings at once.
 */
const QUERY_TIMEOUT_MS = 120_000;

/** What the Sources view and the tests are told about the archive. */
export interface ArchiveStatus {
  state: LinkState<unknown>['kind'];
  /** The URL as shown (no password), or undefined when no archive is configured. */
  url?: string;
  reason?: string;
  retryInMs?: number;
  /** Failed attempts since the archive was last reachable. */
  failures: number;
  articles: number;
  passages: number;
  /** Warning notifications shown so far this session. */
  warnings: number;
  /** Articles of the open archive that another analysis of the engine made (see ArchiveIndex.stale). */
  stale: number;
}

interface Opened {
  index: ArchiveIndex;
  pool: pg.Pool;
  /** The index the checker uses: the archive's, with a failed query turned into no candidates (and a retry). */
  guarded: GuardedArchive;
  close(): Promise<void>;
}

/**
 * The archive as the checker sees it: the archive index, except that a query that fails (the server went away)
 * reports the loss and answers with no candidates, so a check in flight ends on the local sources alone.
 */
class GuardedArchive implements PassageIndex {
  constructor(
    readonly inner: ArchiveIndex,
    private readonly onFailure: (error: unknown) => void,
  ) {}

  get generation(): number {
    return this.inner.generation;
  }

  get stats(): IndexStats {
    return this.inner.stats;
  }

  get vocabulary(): Vocabulary {
    return this.inner.vocabulary;
  }

  source(key: string): MaybePromise<SourceInfo | undefined> {
    const s = this.inner.source(key);
    return s instanceof Promise ? s.catch((e: unknown) => (this.onFailure(e), undefined)) : s;
  }

  listSources(limit: number): MaybePromise<SourceInfo[]> {
    const s = this.inner.listSources(limit);
    return s instanceof Promise ? s.catch((e: unknown) => (this.onFailure(e), [])) : s;
  }

  groupMembers(group: number): SourceInfo[] {
    return this.inner.groupMembers(group);
  }

  async retrieve(
    queries: readonly RetrievalQuery[],
    limit: number,
    filter?: { sourceKey?: string },
  ): Promise<PassageHit[][]> {
    try {
      return await this.inner.retrieve(queries, limit, filter);
    } catch (e) {
      this.onFailure(e);
      return queries.map(() => []);
    }
  }
}

/**
 * The newsroom archive for the editor: opens the PostgreSQL archive named by `corroborate.archive.url` (its
 * password from PGPASSWORD, ~/.pgpass or the secret storage, never from settings), keeps it open, and when it
 * cannot be reached shows one warning, goes on with the local sources, and tries again on a backoff schedule
 * (5 s, doubling, up to 5 min; see archiveLink.ts). When it comes back: a line in the Output and `onDidChange`,
 * so diagnostics are refreshed.
 */
export class ArchiveSource implements vscode.Disposable {
  private readonly link: ArchiveLink<Opened>;
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires when the archive's index appears, goes or changes (the checker's index changes with it). */
  readonly onDidChange = this.emitter.event;
  private readonly statusEmitter = new vscode.EventEmitter<void>();
  /** Fires at every change of state (connecting, open, unavailable), for the Sources view. */
  readonly onDidStatus = this.statusEmitter.event;
  private readonly disposables: vscode.Disposable[] = [];
  private warnings = 0;
  /** A warning was shown since the archive was last reachable (one per outage). */
  private warnedOutage = false;
  /** The URL whose stale articles were warned of (one warning per archive opened, not per reconnection). */
  private warnedStale: string | undefined;

  constructor(
    private readonly settings: () => Settings,
    private readonly secrets: vscode.SecretStorage,
    private readonly log: vscode.LogOutputChannel,
    timers?: Timers,
  ) {
    this.link = new ArchiveLink<Opened>(
      (url) => this.open(url),
      (e) => (e as Error).message,
      (state, previous) => this.changed(state, previous),
      timers,
    );
    this.disposables.push(
      this.emitter,
      this.statusEmitter,
      vscode.workspace.registerTextDocumentContentProvider(ARCHIVE_SCHEME, {
        provideTextDocumentContent: (uri) => this.articleText(uri),
      }),
      vscode.commands.registerCommand('corroborate.archive.setPassword', () => this.setPassword()),
      vscode.commands.registerCommand('corroborate.archive.clearPassword', () => this.clearPassword()),
      vscode.commands.registerCommand('corroborate.archive.search', (text?: string) =>
        typeof text === 'string' ? this.search(text) : this.pick(),
      ),
      secrets.onDidChange((e) => {
        const url = this.url;
        if (url && e.key === secretKey(url)) this.link.reconnect();
      }),
    );
  }

  private get url(): string {
    return this.settings()['archive.url'];
  }

  /** Opens (or closes) the archive the settings name now: at start and after a settings change. */
  configure(): void {
    this.link.configure(this.url);
    void vscode.commands.executeCommand('setContext', 'corroborate.archive', !!this.url);
  }

  /** The archive's index while it is open, else undefined (checks then use the local sources alone). */
  get index(): PassageIndex | undefined {
    const s = this.link.current;
    return s.kind === 'connected' ? s.index.guarded : undefined;
  }

  /** True for an article of the open archive (its passages hold only those fetched so far). */
  isArchived(source: Source): boolean {
    const s = this.link.current;
    return s.kind === 'connected' && s.index.index.passageCountOf(source) !== undefined;
  }

  /** The read-only document that shows an archived article. */
  uriOf(source: Source): vscode.Uri {
    return vscode.Uri.from({
      scheme: ARCHIVE_SCHEME,
      path: `/${source.path} (archive)`,
      query: new URLSearchParams({ key: source.key }).toString(),
    });
  }

  status(): ArchiveStatus {
    const s = this.link.current;
    const stats = s.kind === 'connected' ? s.index.index.stats : undefined;
    return {
      state: s.kind,
      url: s.kind === 'off' ? undefined : redactUrl(s.url),
      reason: s.kind === 'unavailable' ? s.reason : undefined,
      retryInMs: s.kind === 'unavailable' ? s.retryInMs : undefined,
      failures: s.kind === 'off' || s.kind === 'connected' ? 0 : s.failures,
      articles: stats?.sources ?? 0,
      passages: stats?.passages ?? 0,
      warnings: this.warnings,
      stale: s.kind === 'connected' ? s.index.index.stale.articles : 0,
    };
  }

  /** Articles whose key or title contains `text` (a SQL query with parameters); none while the archive is not open. */
  async search(text: string, limit = 50): Promise<ArticleMatch[]> {
    const s = this.link.current;
    if (s.kind !== 'connected') return [];
    try {
      return await searchArticles(s.index.pool, text, limit);
    } catch (e) {
      this.lost(s.index, e);
      return [];
    }
  }

  private async open(url: string): Promise<Opened> {
    const password = await Promise.resolve(this.secrets.get(secretKey(url))).catch(() => undefined);
    // The password never appears in a message, even if a server or library repeats it.
    const hide = (m: string) => (password ? m.split(password).join('***') : m);
    let pool: pg.Pool;
    try {
      pool = await connectPool(url, {
        timeoutMs: CONNECT_TIMEOUT_MS,
        queryTimeoutMs: QUERY_TIMEOUT_MS,
        password: password || undefined,
      });
    } catch (e) {
      throw new Error(
        hide(
          e instanceof ArchiveUnavailableError
            ? e.message
            : `cannot reach the archive at ${redactUrl(url)}: ${describeConnectionError(e)}`,
        ),
      );
    }
    try {
      const index = await ArchiveIndex.open(pool, () => pool.end());
      const opened: Opened = {
        index,
        pool,
        guarded: undefined as unknown as GuardedArchive,
        close: () => index.close(),
      };
      opened.guarded = new GuardedArchive(index, (e) => this.lost(opened, e));
      return opened;
    } catch (e) {
      await pool.end().catch(() => undefined);
      throw new Error(
        hide(
          e instanceof SchemaError
            ? `the database at ${redactUrl(url)} holds no archive: ${e.message}`
            : `cannot read the archive at ${redactUrl(url)}: ${describeConnectionError(e)}`,
        ),
      );
    }
  }

  private lost(opened: Opened, error: unknown): void {
    const s = this.link.current;
    if (s.kind !== 'connected' || s.index !== opened) return;
    this.link.lost(opened, new Error(`lost the archive at ${redactUrl(s.url)}: ${describeConnectionError(error)}`));
  }

  private changed(state: LinkState<Opened>, previous: LinkState<Opened>): void {
    if (state.kind === 'connected') {
      const { sources, passages } = state.index.index.stats;
      const where = redactUrl(state.url);
      if (state.recovered > 0 || this.warnedOutage)
        this.log.info(
          `The archive at ${where} is reachable again (${sources} articles, ${passages} passages); re-checking open drafts.`,
        );
      else this.log.info(`Archive ${where}: ${sources} articles, ${passages} passages.`);
      this.warnedOutage = false;
      const stale = staleWarning(state.index.index.stale, sources, where);
      if (stale) {
        this.log.warn(`Archive: ${stale}.`);
        if (this.warnedStale !== state.url) {
          this.warnedStale = state.url;
          this.warnings++;
          void Promise.resolve(vscode.window.showWarningMessage(`Corroborate: ${stale}.`)).catch(() => undefined);
        }
      }
    } else if (state.kind === 'unavailable') {
      this.log.warn(
        `Archive unavailable: ${state.reason}. Checking against the local sources; trying again in ${Math.round(state.retryInMs / 1000)} s.`,
      );
      if (!this.warnedOutage) {
        this.warnedOutage = true;
        this.warnings++;
        const auth = /authentication failed|password/i.test(state.reason);
        const actions = auth ? ['Set Password', 'Show Output'] : ['Show Output'];
        void Promise.resolve(
          vscode.window.showWarningMessage(
            `Corroborate: ${state.reason}. Checking against local sources only; retrying in the background.`,
            ...actions,
          ),
        ).then(
          (pick) => {
            if (pick === 'Set Password') void vscode.commands.executeCommand('corroborate.archive.setPassword');
            else if (pick === 'Show Output') this.log.show();
          },
          () => undefined,
        );
      }
    } else if (state.kind === 'off' && previous.kind !== 'off') {
      this.log.info('No archive configured (corroborate.archive.url is empty).');
      this.warnedOutage = false;
    }
    if (state.kind === 'connected' || previous.kind === 'connected') this.emitter.fire();
    this.statusEmitter.fire();
  }

  private async setPassword(): Promise<boolean> {
    const url = this.url;
    if (!url) {
      void vscode.window.showInformationMessage(
        'Corroborate: set "corroborate.archive.url" first; the password is kept for that URL.',
      );
      return false;
    }
    const password = await vscode.window.showInputBox({
      title: 'Corroborate: Archive Password',
      prompt: `Password for ${redactUrl(url)} (kept in VS Code's secret storage, never in settings)`,
      password: true,
      ignoreFocusOut: true,
    });
    if (password === undefined) return false;
    await this.secrets.store(secretKey(url), password);
    this.log.info(`Stored the archive password for ${redactUrl(url)} in the secret storage; reconnecting.`);
    this.link.reconnect();
    return true;
  }

  private async clearPassword(): Promise<boolean> {
    const url = this.url;
    if (!url) return false;
    await this.secrets.delete(secretKey(url));
    this.log.info(`Removed the stored archive password for ${redactUrl(url)}.`);
    this.link.reconnect();
    return true;
  }

  /** A quick pick that searches the archive's keys and titles as the writer types; picking opens the article. */
  private async pick(): Promise<string | undefined> {
    const s = this.status();
    if (s.state !== 'connected') {
      void vscode.window.showInformationMessage(
        s.url
          ? `Corroborate: the archive is not open (${s.reason ?? s.state}).`
          : 'Corroborate: no archive is configured (corroborate.archive.url).',
      );
      return undefined;
    }
    type Item = vscode.QuickPickItem & { key: string };
    const qp = vscode.window.createQuickPick<Item>();
    qp.title = `Search the archive (${s.articles} articles)`;
    qp.placeholder = 'Part of a citation key or title';
    qp.matchOnDescription = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let asked = 0;
    const run = (text: string) => {
      const n = ++asked;
      qp.busy = true;
      void this.search(text).then((found) => {
        if (n !== asked) return;
        qp.busy = false;
        qp.items = found.map((a) => ({
          key: a.key,
          label: `@${a.key}`,
          description: a.title,
          detail: [a.outlet, a.date, `${a.passages} passages`].filter(Boolean).join(' · '),
        }));
      });
    };
    qp.onDidChangeValue((v) => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => run(v.trim()), 150);
    });
    run('');
    const picked = await new Promise<Item | undefined>((resolve) => {
      qp.onDidAccept(() => resolve(qp.selectedItems[0]));
      qp.onDidHide(() => resolve(undefined));
      qp.show();
    });
    if (timer) clearTimeout(timer);
    qp.dispose();
    if (!picked) return undefined;
    const source =
      this.link.current.kind === 'connected' ? await this.link.current.index.guarded.source(picked.key) : undefined;
    const uri = source
      ? this.uriOf(source)
      : vscode.Uri.from({
          scheme: ARCHIVE_SCHEME,
          path: `/${picked.key} (archive)`,
          query: new URLSearchParams({ key: picked.key }).toString(),
        });
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
    return picked.key;
  }

  /** An archived article's text: all its passages fetched, at their lines and columns (what is not a passage is blank). */
  private async articleText(uri: vscode.Uri): Promise<string> {
    const key = new URLSearchParams(uri.query).get('key') ?? '';
    const s = this.link.current;
    if (s.kind !== 'connected') return `The archive is not open: the article "${key}" cannot be shown.`;
    const source = await s.index.guarded.source(key);
    if (!source) return `The archive holds no article "${key}".`;
    await s.index.guarded.retrieve([{ words: [] }], Infinity, { sourceKey: key });
    return source.text;
  }

  dispose(): void {
    this.link.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
