import * as vscode from 'vscode';
import { SUMMARY_ORDER } from '../core';
import type { ActiveDraft } from './activeDraft';
import type { DiagnosticsFeature } from './diagnostics';
import type { DraftChecker } from './documents';
import type { SourceStore } from './sourceStore';

/** What the status bar shows (for tests through the extension's API): its text, or undefined when hidden. */
export interface StatusBarView {
  text(): string | undefined;
  readonly disposable: vscode.Disposable;
}

/**
 * Status bar item for the active draft (or the last one, while focus is elsewhere): "12 claims · 3 single-source ·
 * 1 contradicted", counting the findings shown (dismissed ones are not counted); a click opens Problems.
 */
export function registerStatusBar(checker: DraftChecker, store: SourceStore, diagnostics: DiagnosticsFeature, active: ActiveDraft): StatusBarView {
  const item = vscode.window.createStatusBarItem('corroborate.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Corroborate';
  item.command = 'workbench.actions.view.problems';
  let shown: string | undefined;
  const update = () => {
    const doc = active.document;
    if (!doc || !checker.isDraft(doc)) {
      item.hide();
      shown = undefined;
      return;
    }
    const result = checker.latest(doc);
    if (!result) {
      item.text = store.current && !store.indexing ? '$(sync~spin) Corroborate: checking…' : '$(sync~spin) Corroborate: indexing sources…';
      item.tooltip = store.current ? store.inUse : undefined;
      item.show();
      shown = item.text;
      return;
    }
    const findings = diagnostics.findings(doc.uri);
    const count = (code: string) => findings.filter((f) => f.finding.code === code).length;
    const claims = result.sentences.filter((s) => s.status !== 'none').length;
    const parts = [`${claims} claim${claims === 1 ? '' : 's'}`];
    for (const code of SUMMARY_ORDER) if (count(code)) parts.push(`${count(code)} ${code}`);
    const corroborated = result.sentences.filter((s) => s.status === 'corroborated').length;
    const name = vscode.workspace.asRelativePath(doc.uri);
    item.text = `$(checklist) ${parts.join(' · ')}`;
    item.tooltip = `Corroborate, ${name}: ${corroborated} corroborated, ${parts.slice(1).join(', ') || 'nothing to flag'}. Click to open the Problems panel.\n${store.inUse}`;
    item.show();
    shown = item.text;
  };
  update();
  const disposable = vscode.Disposable.from(item, diagnostics.onDidUpdate(update), active.onDidChange(update), store.onDidChange(update));
  return { text: () => shown, disposable };
}
