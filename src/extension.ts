import * as vscode from 'vscode';
import { ArchiveSource, type ArchiveStatus } from './vscode/archive';
import { registerCiteCommand } from './vscode/citeCommand';
import { registerCodeActions } from './vscode/codeActions';
import { registerCompletion } from './vscode/completion';
import { registerDefinition } from './vscode/definition';
import { DiagnosticsFeature } from './vscode/diagnostics';
import { Dismissals } from './vscode/dismissals';
import { DraftChecker } from './vscode/documents';
import { registerHover } from './vscode/hover';
import { ActiveDraft } from './vscode/activeDraft';
import { ProjectFiles, readSettings, withProjectFile, type Settings } from './vscode/settings';
import { SourceStore } from './vscode/sourceStore';
import { SourcesView } from './vscode/sourcesView';
import { registerStatusBar } from './vscode/statusBar';
import { registerCheckWorkspace } from './vscode/checkWorkspace';
import { Timings } from './vscode/timings';

/** What tests in the extension host can reach through `extension.exports`. */
export interface CorroborateApi {
  /** Resolves once the sources are indexed. */
  ready(): Promise<void>;
  /** Project-file fields and sources that could not be used, as shown in the output channel. */
  problems(): string[];
  /** Median and p95 durations of the extension's own work (hover, completion, diagnostics). */
  timings(): Record<string, { n: number; median: number; p95: number }>;
  /** The newsroom archive: its state (off, connecting, connected, unavailable), counts and warnings shown. */
  archive(): ArchiveStatus;
  /** Sources indexed, and passages. */
  stats(): { sources: number; passages: number; indexing: boolean };
  /** What the status bar and the Sources view show now: the draft they describe, the status text, per-source counts. */
  view(): { draft?: string; status?: string; sources: { key: string; supports: number; contradicts: number }[]; archive?: string; archiveSources: { key: string; supports: number; contradicts: number }[] };
  /** Which sources are in use (as the status bar tooltip and the Sources view say it). */
  inUse(): string;
  /** The status of each sentence of a draft, as the CLI's JSON report lists them. */
  statuses(uri: vscode.Uri): Promise<string[] | undefined>;
}

/** Composition root: build the services, register each feature, push the disposables. Nothing else. */
export function activate(context: vscode.ExtensionContext): CorroborateApi {
  const log = vscode.window.createOutputChannel('Corroborate', { log: true });
  const reported = new Set<string>();
  const report = (m: string) => {
    if (reported.has(m)) return;
    reported.add(m);
    log.warn(m);
    void vscode.window.showWarningMessage(`Corroborate: ${m}`);
  };
  // The project file (corroborate.json) wins over the VS Code settings where both set a value.
  const projects = new ProjectFiles(log, report);
  let settings: Settings = readSettings(report);
  const refreshSettings = () => (settings = withProjectFile(readSettings(report), projects.first()?.settings));
  const getSettings = () => settings;
  const selector = (): vscode.DocumentSelector => settings.languages.map((language) => ({ language }));

  const store = new SourceStore(context.extensionUri, context.storageUri ?? context.globalStorageUri, getSettings, log, projects);
  const archive = new ArchiveSource(getSettings, context.secrets, log);
  store.archive = archive;
  const checker = new DraftChecker(store, getSettings, archive);
  const dismissals = new Dismissals(log);
  const timings = new Timings();
  const diagnostics = new DiagnosticsFeature(checker, store, dismissals, getSettings, timings);
  const active = new ActiveDraft(checker, getSettings);
  const statusBar = registerStatusBar(checker, store, diagnostics, active);
  const sourcesView = new SourcesView(store, checker, diagnostics, active, archive);

  context.subscriptions.push(
    log,
    projects,
    store,
    archive,
    // The archive opened, went away or came back: every open draft is checked again against what is there now.
    archive.onDidChange(() => diagnostics.refreshAll()),
    dismissals,
    diagnostics,
    active,
    registerHover(checker, store, diagnostics, selector, timings),
    registerCompletion(checker, selector, timings),
    registerDefinition(checker, store, selector),
    registerCiteCommand(checker, store, getSettings),
    registerCodeActions(checker, store, diagnostics, dismissals, getSettings, selector),
    registerCheckWorkspace(diagnostics, checker, store, getSettings, log),
    statusBar.disposable,
    sourcesView,
    vscode.commands.registerCommand('corroborate.showOutput', () => log.show()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('corroborate')) return;
      refreshSettings();
      active.settingsChanged();
      if (e.affectsConfiguration('corroborate.archive')) archive.configure();
      if (e.affectsConfiguration('corroborate.sources')) void store.reload();
      else diagnostics.refreshAll();
    }),
    projects.onDidChange(() => {
      refreshSettings();
      active.settingsChanged();
      void store.reload();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void store.reload()),
  );

  // Indexing runs after activation returns: nothing here waits for it.
  const indexed = Promise.all([
    projects.load().then(() => {
      refreshSettings();
      archive.configure();
      return store.reload();
    }),
    dismissals.load(),
  ]).then(
    () => undefined,
    (e) => log.error(`Indexing failed: ${(e as Error).stack ?? e}`),
  );
  return {
    ready: () => indexed,
    problems: () => [...projects.problems, ...store.problems.map((p) => p.message)],
    timings: () => timings.summary(),
    view: () => ({
      draft: sourcesView.draft?.toString(),
      status: statusBar.text(),
      sources: sourcesView.counts().map((c) => ({ key: c.source.key, supports: c.supports, contradicts: c.contradicts })),
      archive: sourcesView.archiveLine(),
      archiveSources: sourcesView.archiveCounts().map((c) => ({ key: c.source.key, supports: c.supports, contradicts: c.contradicts })),
    }),
    archive: () => archive.status(),
    stats: () => ({ sources: store.current?.stats.sources ?? 0, passages: store.current?.stats.passages ?? 0, indexing: store.indexing }),
    inUse: () => store.inUse,
    statuses: async (uri) => (await checker.checkSliced(await vscode.workspace.openTextDocument(uri)))?.sentences.map((s) => s.status),
  };
}

export function deactivate(): void {}
