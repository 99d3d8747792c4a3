import * as vscode from 'vscode';
import type { DiagnosticsFeature } from './diagnostics';
import type { DraftChecker } from './documents';
import type { Settings } from './settings';

const EXTENSIONS: Record<string, string> = { markdown: 'md,markdown', plaintext: 'txt' };

/** **Corroborate: Check All Drafts in Workspace**: opens (without showing) and checks every draft file. */
export function registerCheckWorkspace(diagnostics: DiagnosticsFeature, checker: DraftChecker, settings: () => Settings): vscode.Disposable {
  return vscode.commands.registerCommand('corroborate.checkWorkspace', async () => {
    const exts = settings().languages.map((l) => EXTENSIONS[l]).filter(Boolean).join(',');
    if (!exts) return 0;
    const uris = await vscode.workspace.findFiles(`**/*.{${exts}}`, '{**/node_modules/**,**/.git/**}', 5000);
    let checked = 0;
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Corroborate: checking drafts', cancellable: true }, async (progress, token) => {
      for (const uri of uris) {
        if (token.isCancellationRequested) break;
        const doc = await vscode.workspace.openTextDocument(uri);
        if (!checker.isDraft(doc)) continue;
        await diagnostics.update(doc);
        checked++;
        progress.report({ message: vscode.workspace.asRelativePath(uri), increment: 100 / uris.length });
      }
    });
    void vscode.window.showInformationMessage(`Corroborate: checked ${checked} draft${checked === 1 ? '' : 's'}; see the Problems panel.`);
    return checked;
  });
}
