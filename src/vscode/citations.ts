import * as vscode from 'vscode';
import type { SentenceResult } from '../core';

export type CitationFormat = 'pandoc' | 'latex' | 'footnote';

/**
 * The edits that cite `keys` on a sentence, in the writer's citation format: keys join an existing marker of that
 * format, or a new marker goes before the sentence's final punctuation (footnotes: after it, with the definition
 * appended to the document). Keys the sentence already cites are left out; no edits when none remain.
 */
export function citationEdits(doc: vscode.TextDocument, sentence: SentenceResult, keys: string[], format: CitationFormat): vscode.TextEdit[] {
  const cited = new Set(sentence.citations.map((c) => c.key));
  const add = keys.filter((k) => !cited.has(k));
  if (!add.length) return [];
  const text = sentence.text;
  const existing = sentence.citations.map((c) => c.marker).find((m) => m.style === format && format !== 'footnote');
  if (existing) {
    const closeAt = existing.span.end - 1; // the "]" or "}"
    const insert = format === 'pandoc' ? add.map((k) => `; @${k}`).join('') : add.map((k) => `,${k}`).join('');
    return [vscode.TextEdit.insert(doc.positionAt(closeAt), insert)];
  }
  const trail = /[.!?…]+["'”’)\]]*$/.exec(text);
  const beforePunct = sentence.span.start + (trail ? trail.index : text.length);
  if (format === 'pandoc') return [vscode.TextEdit.insert(doc.positionAt(beforePunct), ` [${add.map((k) => '@' + k).join('; ')}]`)];
  if (format === 'latex') return [vscode.TextEdit.insert(doc.positionAt(beforePunct), `\\cite{${add.join(',')}}`)];
  const all = doc.getText();
  const used = [...all.matchAll(/\[\^(\d+)\]/g)].map((m) => Number(m[1]));
  const label = (used.length ? Math.max(...used) : 0) + 1;
  const end = doc.positionAt(all.length);
  const sep = all.endsWith('\n\n') ? '' : all.endsWith('\n') ? '\n' : '\n\n';
  return [
    vscode.TextEdit.insert(doc.positionAt(sentence.span.end), `[^${label}]`),
    vscode.TextEdit.insert(end, `${sep}[^${label}]: ${add.map((k) => '@' + k).join('; ')}\n`),
  ];
}

/**
 * Applies citation edits as one undo step, unless the document changed since `version` was read: then nothing is
 * written and false is returned (the caller re-reads and asks again).
 */
export async function applyCitation(doc: vscode.TextDocument, version: number, edits: vscode.TextEdit[]): Promise<boolean> {
  if (doc.version !== version || !edits.length) return false;
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
  if (editor) {
    return editor.edit(
      (b) => {
        for (const e of edits) b.insert(e.range.start, e.newText);
      },
      { undoStopBefore: true, undoStopAfter: true },
    );
  }
  const we = new vscode.WorkspaceEdit();
  we.set(doc.uri, edits);
  return vscode.workspace.applyEdit(we);
}
