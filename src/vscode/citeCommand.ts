import * as vscode from 'vscode';
import { squash } from '../core';
import { applyCitation, citationEdits } from './citations';
import type { DraftChecker } from './documents';
import type { Settings } from './settings';
import type { SourceStore } from './sourceStore';

interface SourcePick extends vscode.QuickPickItem {
  key: string;
}

/**
 * **Corroborate: Insert Citation…**: a quick pick of the sources, ranked by how well each states the sentence at
 * the cursor, with its best passage; accepting cites the chosen ones at the end of the sentence. If the document
 * changed while the pick was open, nothing is written.
 */
export function registerCiteCommand(checker: DraftChecker, store: SourceStore, settings: () => Settings): vscode.Disposable {
  return vscode.commands.registerCommand('corroborate.insertCitation', async (keysArg?: string[]) => {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('Corroborate: open a draft to insert a citation.');
      return false;
    }
    const doc = editor.document;
    await store.ready();
    const version = doc.version;
    const offset = doc.offsetAt(editor.selection.active);
    const sentence = await checker.sentenceAt(doc, offset);
    if (!sentence) {
      void vscode.window.showInformationMessage('Corroborate: put the cursor in a sentence to cite a source for it.');
      return false;
    }
    let keys = Array.isArray(keysArg) ? keysArg.filter((k) => typeof k === 'string') : undefined;
    if (!keys) {
      const supporting = new Set(sentence.support.map((r) => r.source.key));
      const contradicting = new Set(sentence.contradictions.map((r) => r.source.key));
      const items: SourcePick[] = (await checker.rankSources(sentence.text)).map((r) => ({
        key: r.source.key,
        label: `@${r.source.key}`,
        description: `${supporting.has(r.source.key) ? '$(pass) states this · ' : contradicting.has(r.source.key) ? '$(error) contradicts this · ' : ''}${r.source.title}`,
        detail: squash(r.passage.text).slice(0, 240),
        picked: false,
      }));
      const picked = await vscode.window.showQuickPick(items, {
        canPickMany: true,
        matchOnDescription: true,
        matchOnDetail: true,
        title: 'Insert Citation',
        placeHolder: `Cite sources for: ${squash(sentence.text).slice(0, 80)}`,
      });
      if (!picked?.length) return false;
      keys = picked.map((p) => p.key);
    }
    if (doc.version !== version) {
      void vscode.window.showWarningMessage('Corroborate: the document changed while you were choosing; nothing was inserted. Run Insert Citation again.');
      return false;
    }
    const ok = await applyCitation(doc, version, citationEdits(doc, sentence, keys, settings()['citation.format']));
    if (!ok && doc.version !== version) void vscode.window.showWarningMessage('Corroborate: the document changed; nothing was inserted.');
    return ok;
  });
}
