import * as vscode from 'vscode';
import { registerCiteCommand } from './vscode/citeCommand';
import { registerCodeActions } from './vscode/codeActions';
import { registerCompletion } from './vscode/completion';
import { registerDefinition } from './vscode/definition';
import { DiagnosticsFeature } from './vscode/diagnostics';
import { Dismissals } from './vscode/dismissals';
import { DraftChecker } from './vscode/documents';
import { registerHover } from './vscode/hover';
import { readSettings, type Settings } from './vscode/settings';
import { SourceStore } from './vscode/sourceStore';
import { SourcesView } from './vscode/sourcesView';
import { registerStatusBar } from './vscode/statusBar';
import { registerCheckWorkspace } from './vscode/checkWorkspace';
import { Timings } from './vscode/timings';

/** What tests in the extension host can reach through `extension.exports`. */
export interface CorroborateApi {
  /** Resolves once the sources are indexed. */
  ready(): Promise<void>;
  /** Sources that could not be read, as shown in the output channel. */
  problems(): string[];
  /** Median and p95 durations of the extension's own work (hover, completion, diagnostics). */
  timings(): Record<string, { n: number; median: number; p95: number }>;
  /** Sources indexed, and passages. */
  stats(): { sources: number; passages: number; indexing: boolean };
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
  let settings: Settings = readSettings(report);
  const getSettings = () => settings;
  const selector = (): vscode.DocumentSelector => settings.languages.map((language) => ({ language }));

  const store = new SourceStore(context.extensionUri, context.storageUri ?? context.globalStorageUri, getSettings, log);
  const checker = new DraftChecker(store, getSettings);
  const dismissals = new Dismissals(log);
  const timings = new Timings();
  const diagnostics = new DiagnosticsFeature(checker, store, dismissals, getSettings, timings);

  context.subscriptions.push(
    log,
    store,
    dismissals,
    diagnostics,
    registerHover(checker, store, selector, timings),
    registerCompletion(checker, store, selector, timings),
    registerDefinition(checker, store, selector),
    registerCiteCommand(checker, store, getSettings),
    registerCodeActions(checker, store, diagnostics, dismissals, getSettings, selector),
    registerCheckWorkspace(diagnostics, checker, getSettings),
    registerStatusBar(checker, store, diagnostics),
    new SourcesView(store, checker, diagnostics),
    vscode.commands.registerCommand('corroborate.showOutput', () => log.show()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('corroborate')) return;
      settings = readSettings(report);
      if (e.affectsConfiguration('corroborate.sources')) void store.reload();
      else diagnostics.refreshAll();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void store.reload()),
  );

  // Indexing runs after activation returns: nothing here waits for it.
  const indexed = Promise.all([store.reload(), dismissals.load()]).then(
    () => undefined,
    (e) => log.error(`Indexing failed: ${(e as Error).stack ?? e}`),
  );
  return {
    ready: () => indexed,
    problems: () => store.problems.map((p) => p.message),
    timings: () => timings.summary(),
    stats: () => ({ sources: store.current?.stats.sources ?? 0, passages: store.current?.stats.passages ?? 0, indexing: store.indexing }),
  };
}

export function deactivate(): void {}
