import * as vscode from 'vscode';
import { andThen, locatePassage, type SentenceResult } from '../core';
import type { DraftChecker } from './documents';
import type { SourceStore } from './sourceStore';
import { spanToRange } from './convert';

/** Go to Definition (Ctrl+click) on a citation key opens the source at its passage closest to the sentence. */
export function registerDefinition(checker: DraftChecker, store: SourceStore, selector: () => vscode.DocumentSelector): vscode.Disposable {
  return vscode.languages.registerDefinitionProvider(
    { scheme: '*' },
    {
      provideDefinition(doc, position) {
        if (!vscode.languages.match(selector(), doc) || !checker.isDraft(doc)) return undefined;
        const offset = doc.offsetAt(position);
        return andThen(checker.sentenceAt(doc, offset), (sentence) => definition(doc, offset, sentence));
      },
    },
  );

  function definition(doc: vscode.TextDocument, offset: number, sentence: SentenceResult | undefined): vscode.LocationLink[] | undefined {
        const cite = sentence?.citations.find((c) => offset >= c.span.start && offset <= c.span.end);
        if (!cite?.source) return undefined;
        // The closest passage's range comes with it; a cited source with no passage opens at its first line.
        const first = cite.source.passages[0];
        const r = cite.best?.passage.range ?? (first ? locatePassage(cite.source, first).range : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
        const link: vscode.LocationLink = {
          originSelectionRange: spanToRange(doc, cite.span),
          targetUri: store.uriOf(cite.source),
          targetRange: new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character),
        };
        return [link];
  }
}
