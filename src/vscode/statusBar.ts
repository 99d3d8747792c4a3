import * as vscode from 'vscode';
import type { DiagnosticsFeature } from './diagnostics';
import type { DraftChecker } from './documents';
import type { SourceStore } from './sourceStore';

/** Status bar item for the active draft: "12 claims · 3 single-source · 1 contradicted"; a click opens Problems. */
export function registerStatusBar(checker: DraftChecker, store: SourceStore, diagnostics: DiagnosticsFeature): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('corroborate.status', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Corroborate';
  item.command = 'workbench.actions.view.problems';
  const update = () => {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || !checker.isDraft(doc)) {
      item.hide();
      return;
    }
    const result = checker.latest(doc);
    if (!result) {
      item.text = store.current && !store.indexing ? '$(sync~spin) Corroborate: checking…' : '$(sync~spin) Corroborate: indexing sources…';
      item.tooltip = store.current ? store.inUse : undefined;
      item.show();
      return;
    }
    const count = (status: string) => result.sentences.filter((s) => s.status === status).length;
    const claims = result.sentences.filter((s) => s.status !== 'none').length;
    const parts = [`${claims} claim${claims === 1 ? '' : 's'}`];
    for (const status of ['single-source', 'contradicted', 'disputed', 'unsupported']) if (count(status)) parts.push(`${count(status)} ${status}`);
    item.text = `$(checklist) ${parts.join(' · ')}`;
    item.tooltip = `Corroborate: ${count('corroborated')} corroborated, ${parts.slice(1).join(', ') || 'nothing to flag'}. Click to open the Problems panel.\n${store.inUse}`;
    item.show();
  };
  update();
  return vscode.Disposable.from(item, diagnostics.onDidUpdate(update), vscode.window.onDidChangeActiveTextEditor(update), store.onDidChange(update));
}
