import Fuse from 'fuse.js';
import * as vscode from 'vscode';
import { andThen, citationContext, squash, type PassageRef, type SentenceResult } from '../core';
import type { DraftChecker } from './documents';
import type { Timings } from './timings';

/** How a completion item says that its source states, or contradicts, the sentence being cited. */
export const STATES_MARK = '✓ states this';
export const CONTRADICTS_MARK = '✗ contradicts this';

/** At most this many completion items. */
const MAX_ITEMS = 100;

/**
 * Citation completion: inside `[@` or `\cite{`, the sources ranked by how well each states the current sentence,
 * then fuzzy-filtered (fuse.js over key, title, outlet) by what is typed. Items of sources that state the sentence
 * say "✓ states this" (those that contradict it, "✗ contradicts this"); each item's documentation quotes the
 * source's best passage for the sentence.
 */
export function registerCompletion(checker: DraftChecker, selector: () => vscode.DocumentSelector, timings: Timings): vscode.Disposable {
  return vscode.languages.registerCompletionItemProvider(
    { scheme: '*' },
    {
      provideCompletionItems(doc, position, token) {
        return timings.time('completion', () => complete(doc, position, token));
      },
    },
    '@',
    '{',
    ',',
  );

  function complete(doc: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): vscode.ProviderResult<vscode.CompletionList> {
        if (!vscode.languages.match(selector(), doc) || !checker.isDraft(doc)) return undefined;
        const ctx = citationContext(doc.lineAt(position.line).text.slice(0, position.character));
        const corpus = checker.index();
        if (!ctx || !corpus) return undefined;
        const offset = doc.offsetAt(position);
        // A citation typed after the sentence's period still cites that sentence: the one ending before its bracket.
        const linePrefix = doc.lineAt(position.line).text.slice(0, ctx.start);
        const open = Math.max(linePrefix.lastIndexOf('['), linePrefix.lastIndexOf('\\'));
        const before = open >= 0 ? doc.offsetAt(new vscode.Position(position.line, linePrefix.slice(0, open).trimEnd().length)) : offset;
        const typed = ctx.typed;
        const range = new vscode.Range(position.line, ctx.start, position.line, position.character);
        // At once over the local sources; with an archive, once its answers are back (one sentence, one ranking).
        const found = andThen(checker.sentenceAt(doc, offset), (s) => s ?? checker.sentenceAt(doc, before));
        return andThen(found, (sentence) => (token.isCancellationRequested ? undefined : andThen(checker.rankSources(sentence?.text ?? doc.lineAt(position.line).text), (ranked) => list(sentence, ranked))));

      function list(sentence: SentenceResult | undefined, ranked: PassageRef[]): vscode.CompletionList | undefined {
        // Which sources state (or contradict) the sentence, by the check's own verdict, as the quick pick says.
        const states = new Set(sentence?.support.map((r) => r.source.group));
        const contradicts = new Set(sentence?.contradictions.map((r) => r.source.group));
        if (token.isCancellationRequested) return undefined;
        let shown = ranked;
        if (typed) {
          const fuse = new Fuse(ranked, { keys: [{ name: 'source.key', weight: 3 }, { name: 'source.title', weight: 1 }, { name: 'source.outlet', weight: 1 }], threshold: 0.4, ignoreLocation: true });
          shown = fuse.search(typed.slice(0, 32)).map((r) => r.item);
        }
        const items = shown.slice(0, MAX_ITEMS).map((r, i) => {
          const mark = states.has(r.source.group) ? `${STATES_MARK} · ` : contradicts.has(r.source.group) ? `${CONTRADICTS_MARK} · ` : '';
          const item = new vscode.CompletionItem({ label: r.source.key, description: `${mark}${r.source.title}` }, vscode.CompletionItemKind.Reference);
          item.range = range;
          item.sortText = String(i).padStart(4, '0');
          item.filterText = `${r.source.key} ${r.source.title} ${r.source.outlet ?? ''}`;
          item.detail = [r.source.outlet, r.source.author, r.source.date].filter(Boolean).join(' · ') || r.source.path;
          const doc = new vscode.MarkdownString();
          doc.appendMarkdown(r.score >= 0.5 ? `**Best passage** (match ${(r.score * 100).toFixed(0)}%)\n\n` : '**Closest passage**\n\n');
          doc.appendText(squash(r.passage.text));
          item.documentation = doc;
          return item;
        });
        return new vscode.CompletionList(items, ranked.length > MAX_ITEMS);
      }
  }
}
