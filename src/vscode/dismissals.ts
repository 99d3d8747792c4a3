import * as vscode from 'vscode';
import type { FindingCode } from '../core';

/** Where dismissed findings are kept, per workspace folder (commit it to share dismissals with the team). */
export const DISMISSED_FILE = '.corroborate/dismissed.json';

interface DismissedFile {
  version: 1;
  dismissed: { code: string; sentence: string }[];
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * Findings the writer dismissed, remembered by code and sentence text in a workspace file (never in settings).
 * The file is written atomically: to a temporary file first, then renamed over the old one.
 */
export class Dismissals implements vscode.Disposable {
  private keys = new Set<string>();
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  private fileFor(uri?: vscode.Uri): vscode.Uri | undefined {
    const folder = (uri && vscode.workspace.getWorkspaceFolder(uri)) ?? vscode.workspace.workspaceFolders?.[0];
    return folder && vscode.Uri.joinPath(folder.uri, DISMISSED_FILE);
  }

  async load(): Promise<void> {
    this.keys.clear();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const file = vscode.Uri.joinPath(folder.uri, DISMISSED_FILE);
      try {
        const data = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file))) as DismissedFile;
        for (const d of data.dismissed ?? []) if (typeof d.code === 'string' && typeof d.sentence === 'string') this.keys.add(`${d.code}\u0000${norm(d.sentence)}`);
      } catch (e) {
        if (!(e instanceof vscode.FileSystemError && e.code === 'FileNotFound')) this.log.warn(`Could not read ${DISMISSED_FILE} in ${folder.name}: ${(e as Error).message}`);
      }
    }
    this.emitter.fire();
  }

  has(code: FindingCode, sentence: string): boolean {
    return this.keys.has(`${code}\u0000${norm(sentence)}`);
  }

  async dismiss(code: FindingCode, sentence: string, doc?: vscode.Uri): Promise<void> {
    this.keys.add(`${code}\u0000${norm(sentence)}`);
    await this.save(doc);
    this.emitter.fire();
  }

  async clear(): Promise<void> {
    this.keys.clear();
    await this.save();
    this.emitter.fire();
  }

  private async save(doc?: vscode.Uri): Promise<void> {
    const file = this.fileFor(doc);
    if (!file) return;
    const data: DismissedFile = { version: 1, dismissed: [...this.keys].sort().map((k) => ({ code: k.split('\u0000')[0], sentence: k.split('\u0000')[1] })) };
    const tmp = file.with({ path: `${file.path}.${process.pid}.tmp` });
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(file, '..'));
    await vscode.workspace.fs.writeFile(tmp, new TextEncoder().encode(JSON.stringify(data, null, 2) + '\n'));
    await vscode.workspace.fs.rename(tmp, file, { overwrite: true });
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
