import * as vscode from 'vscode';
import type { DraftChecker } from './documents';
import type { Settings } from './settings';

/**
 * The draft the status bar and the Sources view describe: the active editor's document when it is a draft, else
 * the last draft that was active, as long as it is open. Focus moving to the Output panel, settings.json or a
 * source file keeps it; another draft becoming active, or the draft closing, changes it.
 *
 * Also keeps the `corroborate.draftLanguages` context key (the languages checked as drafts) for key bindings.
 */
export class ActiveDraft implements vscode.Disposable {
  private doc: vscode.TextDocument | undefined;
  private readonly emitter = new vscode.EventEmitter<vscode.TextDocument | undefined>();
  /** Fires when the draft described changes (to another draft, or to none). */
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[];

  constructor(
    private readonly checker: DraftChecker,
    private readonly settings: () => Settings,
  ) {
    this.disposables = [
      this.emitter,
      vscode.window.onDidChangeActiveTextEditor((e) => this.follow(e)),
      vscode.workspace.onDidCloseTextDocument((d) => d === this.doc && this.set(this.draftOf(vscode.window.activeTextEditor))),
    ];
    this.setContext();
    this.follow(vscode.window.activeTextEditor);
  }

  /** The draft to describe, or undefined when no draft has been active (or the last one closed). */
  get document(): vscode.TextDocument | undefined {
    return this.doc && !this.doc.isClosed ? this.doc : undefined;
  }

  /** After the settings changed (the extension calls it once it has read them): languages may have changed. */
  settingsChanged(): void {
    this.setContext();
    if (this.doc && !this.checker.isDraft(this.doc)) this.set(this.draftOf(vscode.window.activeTextEditor));
    else this.follow(vscode.window.activeTextEditor);
  }

  private draftOf(e: vscode.TextEditor | undefined): vscode.TextDocument | undefined {
    return e && this.checker.isDraft(e.document) ? e.document : undefined;
  }

  private follow(e: vscode.TextEditor | undefined): void {
    const d = this.draftOf(e);
    if (d) this.set(d);
  }

  private set(d: vscode.TextDocument | undefined): void {
    if (d === this.doc) return;
    this.doc = d;
    this.emitter.fire(d);
  }

  private setContext(): void {
    void vscode.commands.executeCommand('setContext', 'corroborate.draftLanguages', this.settings().languages);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
