import * as vscode from 'vscode';
import { findingsFor, levelOf, sourceAtHand, type Finding, type SentenceResult } from '../core';
import { spanToRange, toRange } from './convert';
import type { Dismissals } from './dismissals';
import { CHECK_BUDGET_MS, type DraftChecker } from './documents';
import { severityOf, type Settings } from './settings';
import type { SourceStore } from './sourceStore';
import type { Timings } from './timings';

const SEVERITY: Record<string, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** A finding shown as a diagnostic, with the sentence it is about (for quick fixes). */
export interface ShownFinding {
  finding: Finding;
  sentence: SentenceResult;
  diagnostic: vscode.Diagnostic;
}

/**
 * Problems-panel diagnostics for drafts: re-checked as the writer types (debounced by `corroborate.check.delay`),
 * when sources change, and when settings or dismissals change; cleared when a draft closes.
 */
export class DiagnosticsFeature implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('corroborate');
  private readonly shown = new Map<string, ShownFinding[]>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly overBudget = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  /** Fires after a document's diagnostics are updated (the status bar and the sources view listen). */
  readonly onDidUpdate = this.emitter.event;

  constructor(
    private readonly checker: DraftChecker,
    private readonly store: SourceStore,
    private readonly dismissals: Dismissals,
    private readonly settings: () => Settings,
    private readonly timings: Timings,
  ) {
    this.disposables.push(
      this.collection,
      this.emitter,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.window.onDidChangeActiveTextEditor((e) => e && !this.shown.has(e.document.uri.toString()) && this.schedule(e.document, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length && this.schedule(e.document, this.settings()['check.delay'])),
      vscode.workspace.onDidCloseTextDocument((d) => this.clear(d)),
      // A closed tab's document may live on for a while; its findings should not.
      vscode.window.tabGroups.onDidChangeTabs((e) => {
        if (!e.closed.length) return;
        const open = new Set(vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => (t.input instanceof vscode.TabInputText ? t.input.uri.toString() : '')));
        for (const d of vscode.workspace.textDocuments) if (this.shown.has(d.uri.toString()) && !open.has(d.uri.toString())) this.clear(d);
      }),
      store.onDidChange(() => this.refreshAll()),
      // A dismissal shows at once: the last check of each draft is published again, without checking anew.
      dismissals.onDidChange(() => this.republishAll()),
    );
  }

  /** Findings shown for a document (for code actions and the sources view). */
  findings(uri: vscode.Uri): ShownFinding[] {
    return this.shown.get(uri.toString()) ?? [];
  }

  /** Re-checks every open draft now. */
  refreshAll(): void {
    for (const d of vscode.workspace.textDocuments) void this.update(d);
  }

  /** Publishes each open draft's last check again (after a dismissal); drafts not checked yet are checked. */
  republishAll(): void {
    for (const d of vscode.workspace.textDocuments) {
      if (!this.checker.isDraft(d)) continue;
      const current = this.checker.current(d);
      if (current && this.shown.has(d.uri.toString())) this.publish(d, current.sentences);
      else void this.update(d);
    }
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    const key = doc.uri.toString();
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    if (delay <= 0) {
      this.timers.delete(key);
      void this.update(doc);
      return;
    }
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.update(doc);
      }, delay),
    );
  }

  /** Checks one document (in slices; a newer edit cancels it) and publishes its diagnostics. */
  async update(doc: vscode.TextDocument): Promise<void> {
    if (doc.isClosed) return;
    if (!this.checker.isDraft(doc)) {
      if (this.shown.has(doc.uri.toString())) this.clear(doc);
      return;
    }
    const t0 = performance.now();
    // A draft with no findings shown yet (just opened) gets them as its sentences are checked, slice by slice;
    // later checks replace the findings at once, so nothing flickers while the writer types.
    const first = !this.shown.has(doc.uri.toString());
    const result = await this.checker.checkSliced(doc, first ? (partial) => !doc.isClosed && this.publish(doc, partial) : undefined);
    if (result) this.timings.record(result.computed ? 'diagnostics (check)' : 'diagnostics (cached)', performance.now() - t0);
    if (!result || doc.isClosed) return; // cancelled, or sources not loaded yet: a later event brings us back
    if (result.skipped && !this.overBudget.has(doc.uri.toString())) {
      this.overBudget.add(doc.uri.toString());
      void vscode.window.showWarningMessage(
        `Corroborate checked ${result.sentences.length} of ${result.sentences.length + result.skipped} sentences of ${vscode.workspace.asRelativePath(doc.uri)} within its ${CHECK_BUDGET_MS / 1000} s budget; the rest are not checked.`,
      );
    }
    this.publish(doc, result.sentences);
  }

  /** Turns checked sentences into the document's diagnostics. */
  private publish(doc: vscode.TextDocument, sentences: readonly SentenceResult[]): void {
    const s = this.settings();
    const shown: ShownFinding[] = [];
    // Findings without a context: a figure fix is checked (one more sentence check) only when quick fixes are asked.
    for (const sentence of sentences) {
      for (const finding of findingsFor(sentence)) {
        const level = levelOf(finding, severityOf(s, finding.code));
        if (level === 'off' || this.dismissals.has(finding.code, sentence.text, doc.uri)) continue;
        const d = new vscode.Diagnostic(spanToRange(doc, finding.span), finding.message, SEVERITY[level]);
        d.source = 'corroborate';
        d.code = finding.code;
        d.relatedInformation = finding.related.map((r) => {
          const index = this.checker.index();
          const source = index && sourceAtHand(index, r.sourceKey);
          const uri = source ? this.store.uriOf(source) : doc.uri;
          return new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, toRange(r.range)), r.message);
        });
        shown.push({ finding, sentence, diagnostic: d });
      }
    }
    this.shown.set(doc.uri.toString(), shown);
    this.collection.set(doc.uri, shown.map((x) => x.diagnostic));
    this.emitter.fire(doc.uri);
  }

  private clear(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
    this.shown.delete(key);
    this.collection.delete(doc.uri);
    this.checker.forget(doc);
    this.emitter.fire(doc.uri);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}
