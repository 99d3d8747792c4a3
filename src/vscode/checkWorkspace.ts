import * as vscode from 'vscode';
import { decodeText, MAX_SOURCE_BYTES } from '../core';
import type { DiagnosticsFeature } from './diagnostics';
import type { DraftChecker } from './documents';
import type { Settings } from './settings';
import type { SourceStore } from './sourceStore';

const EXTENSIONS: Record<string, string> = { markdown: 'md,markdown', plaintext: 'txt' };

/** What Check All Drafts did: drafts checked, and files left alone by reason. */
export interface CheckWorkspaceResult {
  checked: number;
  skipped: Record<string, number>;
}

/**
 * **Corroborate: Check All Drafts in Workspace**: checks every draft file. Files in source folders are sources,
 * not drafts, and are never opened; a file is opened only after its bytes were read as text, so a binary, an
 * over-large or an unreadable file is counted and named in the output, never an error dialog.
 */
export function registerCheckWorkspace(diagnostics: DiagnosticsFeature, checker: DraftChecker, store: SourceStore, settings: () => Settings, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand('corroborate.checkWorkspace', async (): Promise<CheckWorkspaceResult> => {
    const result: CheckWorkspaceResult = { checked: 0, skipped: {} };
    const skip = (uri: vscode.Uri, reason: string, detail?: string) => {
      result.skipped[reason] = (result.skipped[reason] ?? 0) + 1;
      if (detail) log.warn(`Check All Drafts: skipped ${vscode.workspace.asRelativePath(uri)}: ${detail}`);
    };
    const exts = settings().languages.map((l) => EXTENSIONS[l]).filter(Boolean).join(',');
    if (!exts) return result;
    await store.ready();
    const uris = await vscode.workspace.findFiles(`**/*.{${exts}}`, '{**/node_modules/**,**/.git/**}', 5000);
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Corroborate: checking drafts', cancellable: true }, async (progress, token) => {
      for (const uri of uris) {
        if (token.isCancellationRequested) break;
        progress.report({ message: vscode.workspace.asRelativePath(uri), increment: 100 / uris.length });
        if (store.isSourceUri(uri)) {
          skip(uri, 'in a sources folder');
          continue;
        }
        const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        if (!open) {
          try {
            const st = await vscode.workspace.fs.stat(uri);
            if (st.size > MAX_SOURCE_BYTES) {
              skip(uri, 'too large', `${(st.size / 1048576).toFixed(1)} MB is larger than the ${MAX_SOURCE_BYTES / 1048576} MB limit`);
              continue;
            }
            const bytes = await vscode.workspace.fs.readFile(uri);
            const text = decodeText(bytes, vscode.workspace.asRelativePath(uri));
            if (text.includes('\u0000')) {
              skip(uri, 'binary', 'looks like a binary file (contains NUL bytes)');
              continue;
            }
          } catch (e) {
            const m = (e as Error).message;
            skip(uri, /binary/.test(m) ? 'binary' : /UTF-8/.test(m) ? 'not UTF-8' : 'unreadable', m);
            continue;
          }
        }
        let doc: vscode.TextDocument;
        try {
          doc = open ?? (await vscode.workspace.openTextDocument(uri));
        } catch (e) {
          skip(uri, 'unreadable', (e as Error).message);
          continue;
        }
        if (!checker.isDraft(doc)) {
          skip(uri, 'not a draft language');
          continue;
        }
        await diagnostics.update(doc);
        result.checked++;
      }
    });
    const skipped = Object.entries(result.skipped);
    const n = skipped.reduce((a, [, c]) => a + c, 0);
    const why = skipped.map(([reason, c]) => `${c} ${reason}`).join(', ');
    log.info(`Check All Drafts: checked ${result.checked}; skipped ${n}${n ? ` (${why})` : ''}.`);
    void vscode.window.showInformationMessage(
      `Corroborate: checked ${result.checked} draft${result.checked === 1 ? '' : 's'}${n ? `; skipped ${n} file${n === 1 ? '' : 's'} (${why})` : ''}; see the Problems panel.`,
    );
    return result;
  });
}
