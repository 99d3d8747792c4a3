import * as vscode from 'vscode';
import { andThen, renderCitationCard, renderSentenceCard, type LocatedPassage, type MaybePromise, type SentenceResult, type Source } from '../core';
import { openPassageUri, spanToRange } from './convert';
import type { DiagnosticsFeature } from './diagnostics';
import type { DraftChecker } from './documents';
import type { SourceStore } from './sourceStore';
import type { Timings } from './timings';

/**
 * Hover cards: on a citation key, the source's metadata and its passage closest to the sentence; elsewhere in a
 * sentence, its status and the passages that state or contradict it. Source text is escaped by the core, and the
 * card is trusted only to run `corroborate.openPassage`. What the sentence's diagnostic already says (VS Code shows
 * it above the card) is not repeated in the card.
 */
export function registerHover(checker: DraftChecker, store: SourceStore, diagnostics: DiagnosticsFeature, selector: () => vscode.DocumentSelector, timings: Timings): vscode.Disposable {
  const link = (source: Source, passage: LocatedPassage) => openPassageUri(store.uriOf(source), passage.range);
  return vscode.languages.registerHoverProvider(
    { scheme: '*' },
    {
      provideHover(doc, position, token) {
        return timings.time('hover', () => hover(doc, position, token));
      },
    },
  );

  function hover(doc: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): MaybePromise<vscode.Hover | undefined> {
        if (!vscode.languages.match(selector(), doc) || !checker.isDraft(doc)) return undefined;
        const corpus = checker.index();
        if (!corpus || token.isCancellationRequested) return undefined;
        const offset = doc.offsetAt(position);
        // At once over the local sources; with an archive, once its candidates are back.
        return andThen(checker.sentenceAt(doc, offset), (sentence) => (token.isCancellationRequested ? undefined : card(doc, offset, sentence, corpus.stats.groups)));
  }

  function card(doc: vscode.TextDocument, offset: number, sentence: SentenceResult | undefined, groups: number): vscode.Hover | undefined {
        if (!sentence) return undefined;
        const md = (value: string) => {
          const m = new vscode.MarkdownString(value);
          m.isTrusted = { enabledCommands: ['corroborate.openPassage'] };
          m.supportHtml = false;
          m.supportThemeIcons = true;
          return m;
        };
        const cite = sentence.citations.find((c) => offset >= c.span.start && offset <= c.span.end);
        if (cite) return new vscode.Hover(md(renderCitationCard(cite.source, cite.key, cite.best, cite.supports, link)), spanToRange(doc, cite.span));
        if (sentence.status === 'none') return undefined;
        const range = spanToRange(doc, sentence.span);
        const main = new Set(['contradicted', 'disputed', 'unsupported']);
        const findingShown = diagnostics.findings(doc.uri).some((f) => main.has(f.finding.code) && f.diagnostic.range.isEqual(range));
        return new vscode.Hover(md(renderSentenceCard(sentence, groups, link, { findingShown })), range);
  }
}
