import * as vscode from 'vscode';
import type { FindingCode } from '../core';
import { writeFileAtomic } from './fsUtil';

/** Where dismissed findings are kept, per workspace folder (commit it to share dismissals with the team). */
export const DISMISSED_FILE = '.corroborate/dismissed.json';

/** How far a dismissal reaches: the one draft it was made in, or every draft with the same sentence. */
export type DismissalScope = 'draft' | 'everywhere';

interface DismissedEntry {
  code: string;
  sentence: string;
  /** Workspace-relative path of the draft, for a dismissal made "in this draft"; absent for "everywhere". */
  file?: string;
}

interface DismissedFile {
  version: 1;
  dismissed: DismissedEntry[];
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
const keyOf = (code: string, sentence: string, file?: string) => `${code}\u0000${norm(sentence)}\u0000${file ?? ''}`;

/**
 * Findings the writer dismissed, remembered by code and sentence text (and, for "in this draft", the draft's
 * workspace-relative path) in a workspace file, never in settings. The file is written atomically: to a temporary
 * file first, then renamed over the old one.
 */
export class Dismissals implements vscode.Disposable {
  private entries = new Map<string, DismissedEntry>();
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  private fileFor(uri?: vscode.Uri): vscode.Uri | undefined {
    const folder = (uri && vscode.workspace.getWorkspaceFolder(uri)) ?? vscode.workspace.workspaceFolders?.[0];
    return folder && vscode.Uri.joinPath(folder.uri, DISMISSED_FILE);
  }

  /** The draft's path as dismissals name it: relative to its workspace folder, with forward slashes. */
  private pathOf(uri: vscode.Uri): string {
    return vscode.workspace.asRelativePath(uri, false).split('\\').join('/');
  }

  async load(): Promise<void> {
    this.entries.clear();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const file = vscode.Uri.joinPath(folder.uri, DISMISSED_FILE);
      try {
        const data = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file))) as DismissedFile;
        for (const d of data.dismissed ?? []) {
          if (typeof d.code !== 'string' || typeof d.sentence !== 'string' || (d.file !== undefined && typeof d.file !== 'string')) continue;
          this.entries.set(keyOf(d.code, d.sentence, d.file), { code: d.code, sentence: norm(d.sentence), ...(d.file ? { file: d.file } : {}) });
        }
      } catch (e) {
        if (!(e instanceof vscode.FileSystemError && e.code === 'FileNotFound')) this.log.warn(`Could not read ${DISMISSED_FILE} in ${folder.name}: ${(e as Error).message}`);
      }
    }
    this.emitter.fire();
  }

  /** True when this finding is dismissed for the draft at `uri` (in that draft, or everywhere). */
  has(code: FindingCode, sentence: string, uri?: vscode.Uri): boolean {
    if (this.entries.has(keyOf(code, sentence))) return true;
    return !!uri && this.entries.has(keyOf(code, sentence, this.pathOf(uri)));
  }

  async dismiss(code: FindingCode, sentence: string, doc?: vscode.Uri, scope: DismissalScope = 'everywhere'): Promise<void> {
    const file = scope === 'draft' && doc ? this.pathOf(doc) : undefined;
    this.entries.set(keyOf(code, sentence, file), { code, sentence: norm(sentence), ...(file ? { file } : {}) });
    // Listeners (diagnostics, status bar, Sources view) update now; the file is written after.
    this.emitter.fire();
    await this.save(doc);
  }

  async clear(): Promise<void> {
    this.entries.clear();
    this.emitter.fire();
    await this.save();
  }

  private async save(doc?: vscode.Uri): Promise<void> {
    const file = this.fileFor(doc);
    if (!file) return;
    const dismissed = [...this.entries.values()].sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || a.code.localeCompare(b.code) || a.sentence.localeCompare(b.sentence));
    const data: DismissedFile = { version: 1, dismissed };
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(file, '..'));
    await writeFileAtomic(file, new TextEncoder().encode(JSON.stringify(data, null, 2) + '\n'));
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
