import * as vscode from 'vscode';
import type { Range as CoreRange, Span } from '../core';

/** The one place core and vscode types meet. */
export function toRange(r: CoreRange): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export function spanToRange(doc: vscode.TextDocument, span: Span): vscode.Range {
  return new vscode.Range(doc.positionAt(span.start), doc.positionAt(span.end));
}

/** Arguments of the `corroborate.openPassage` command. */
export interface OpenPassageArgs {
  uri: string;
  range: CoreRange;
}

/** A `command:` URI that opens a source at a range (the only command hover cards link to). */
export function openPassageUri(uri: vscode.Uri, range: CoreRange): string {
  const args: OpenPassageArgs = { uri: uri.toString(), range };
  return `command:corroborate.openPassage?${encodeURIComponent(JSON.stringify([args]))}`;
}
