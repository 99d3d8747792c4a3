import Fuse from 'fuse.js';
import * as vscode from 'vscode';
import { checkedReplacement, prepareReplacements, sourceAtHand, type FindingCode, type SentenceResult } from '../core';
import { citationEdits } from './citations';
import { spanToRange, toRange, type OpenPassageArgs } from './convert';
import type { DiagnosticsFeature } from './diagnostics';
import type { DismissalScope, Dismissals } from './dismissals';
import type { DraftChecker } from './documents';
import type { Settings } from './settings';
import type { SourceStore } from './sourceStore';

/**
 * Quick fixes on Corroborate's findings: cite the one source (single-source), cite all supporting sources
 * (corroborated sentences, no diagnostic needed), open the passage, replace a contradicted figure with the source's
 * (offered only when the engine found the edited sentence stated by that source), replace a cited key the sources
 * do not support with one that states the sentence, replace an unknown key with a near one ("Did you mean"), and
 * dismiss a finding in this draft or everywhere (remembered in the workspace's `.corroborate/dismissed.json`).
 */
export function registerCodeActions(
  checker: DraftChecker,
  store: SourceStore,
  diagnostics: DiagnosticsFeature,
  dismissals: Dismissals,
  settings: () => Settings,
  selector: () => vscode.DocumentSelector,
): vscode.Disposable {
  const provider: vscode.CodeActionProvider = {
    provideCodeActions(doc, range, context) {
      if (!vscode.languages.match(selector(), doc) || !checker.isDraft(doc)) return undefined;
      const at = checker.sentenceAt(doc, doc.offsetAt(range.start));
      // An archive answers asynchronously: the figure fixes' re-checks are made first (the local sources: at once).
      const sc = checker.sentenceChecker();
      const contradicted = diagnostics.findings(doc.uri).filter((f) => f.finding.code === 'contradicted' && f.diagnostic.range.intersection(range)).map((f) => f.sentence);
      const async = at instanceof Promise || (sc !== undefined && checker.index() !== store.current && contradicted.length > 0);
      if (!async) return build(doc, range, context, at as SentenceResult | undefined);
      const prepared = sc && contradicted.length ? prepareReplacements(contradicted, { checker: sc, markdown: doc.languageId !== 'plaintext' }) : undefined;
      return Promise.all([at, prepared]).then(
        ([sentence]) => build(doc, range, context, sentence),
        () => build(doc, range, context, undefined),
      );
    },
  };

  function build(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext, atSentence: SentenceResult | undefined): vscode.CodeAction[] {
      const actions: vscode.CodeAction[] = [];
      const format = settings()['citation.format'];
      const cite = (title: string, sentence: SentenceResult, keys: string[], diag?: vscode.Diagnostic, preferred = false) => {
        const edits = citationEdits(doc, sentence, keys, format);
        if (!edits.length) return;
        const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
        a.edit = new vscode.WorkspaceEdit();
        a.edit.set(doc.uri, edits);
        if (diag) a.diagnostics = [diag];
        a.isPreferred = preferred;
        actions.push(a);
      };
      const open = (title: string, uri: vscode.Uri, r: OpenPassageArgs['range'], diag?: vscode.Diagnostic) => {
        const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
        a.command = { command: 'corroborate.openPassage', title, arguments: [{ uri: uri.toString(), range: r } satisfies OpenPassageArgs] };
        if (diag) a.diagnostics = [diag];
        actions.push(a);
      };
      const replace = (title: string, at: vscode.Range, text: string, diag: vscode.Diagnostic, preferred: boolean) => {
        const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
        a.edit = new vscode.WorkspaceEdit();
        a.edit.replace(doc.uri, at, text);
        a.diagnostics = [diag];
        a.isPreferred = preferred;
        actions.push(a);
      };
      const ours = context.diagnostics.filter((d) => d.source === 'corroborate');
      for (const shown of diagnostics.findings(doc.uri)) {
        const d = shown.diagnostic;
        const match = ours.find((x) => x.code === d.code && x.range.isEqual(d.range)) ?? (d.range.intersection(range) ? d : undefined);
        if (!match) continue;
        const { finding, sentence } = shown;
        if (finding.code === 'single-source' && finding.key && !finding.attributed) cite(`Cite the one source [@${finding.key}]`, sentence, [finding.key], match, true);
        // The figure fix, checked now: the engine re-checks the edited sentence, and it is offered only when the
        // source it comes from then states it.
        const fresh = doc.getText(spanToRange(doc, sentence.span)) === sentence.text;
        const sentenceChecker = checker.sentenceChecker();
        const r = finding.code === 'contradicted' && fresh && sentenceChecker ? checkedReplacement(sentence, { checker: sentenceChecker, markdown: doc.languageId !== 'plaintext' }) : undefined;
        if (r) {
          replace(`Replace with the source's figure: "${r.text}" [@${r.key}]`, spanToRange(doc, r.span), r.text, match, true);
        }
        if (finding.code === 'citation-unsupported' && finding.key) {
          // The key itself, as written: not for footnotes, whose keys stand in the definition elsewhere.
          const at = spanToRange(doc, finding.span);
          const cited = new Set(sentence.citations.map((c) => c.key));
          if (doc.getText(at) === finding.key) {
            for (const right of sentence.support.map((x) => x.source.key).filter((k) => !cited.has(k)).slice(0, 3)) {
              replace(`Replace @${finding.key} with @${right}`, at, right, match, right === sentence.support[0].source.key);
            }
          }
        }
        if (finding.code === 'unknown-citation' && finding.key && store.current) {
          const at = spanToRange(doc, finding.span);
          if (doc.getText(at) === finding.key) {
            nearKeys(store.current.sources.map((x) => x.key), finding.key).forEach((near, i) => replace(`Did you mean @${near}?`, at, near, match, i === 0));
          }
        }
        if (finding.code === 'disputed' && sentence.support.length) cite(`Cite the sources that state this (${sentence.support.map((r) => '@' + r.source.key).join(', ')})`, sentence, sentence.support.map((r) => r.source.key), match);
        for (const r of finding.related.slice(0, 3)) {
          const index = checker.index();
          const source = index && sourceAtHand(index, r.sourceKey);
          if (source) open(`Open passage in [@${r.sourceKey}] ${source.title.slice(0, 60)}`, store.uriOf(source), r.range, match);
        }
        const name = vscode.workspace.asRelativePath(doc.uri);
        for (const [scope, where] of [['draft', `in this draft (${name})`], ['everywhere', 'everywhere (every draft with this sentence)']] as [DismissalScope, string][]) {
          const dismiss = new vscode.CodeAction(`Dismiss ${finding.code} ${where}`, vscode.CodeActionKind.QuickFix);
          dismiss.command = { command: 'corroborate.dismissFinding', title: 'Dismiss', arguments: [finding.code, sentence.text, doc.uri.toString(), scope] };
          dismiss.diagnostics = [match];
          actions.push(dismiss);
        }
      }
      // A corroborated sentence has no diagnostic, but citing its sources is still one action away.
      const sentence = atSentence;
      if (sentence?.status === 'corroborated') {
        const keys = sentence.support.map((r) => r.source.key);
        cite(`Cite all ${keys.length} supporting sources (${keys.map((k) => '@' + k).join(', ')})`, sentence, keys);
      }
      return actions;
  }
  return vscode.Disposable.from(
    vscode.languages.registerCodeActionsProvider({ scheme: '*' }, provider, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.commands.registerCommand('corroborate.dismissFinding', (code: FindingCode, sentence: string, uri?: string, scope?: DismissalScope) =>
      dismissals.dismiss(code, sentence, uri ? vscode.Uri.parse(uri) : undefined, scope === 'draft' ? 'draft' : 'everywhere'),
    ),
    vscode.commands.registerCommand('corroborate.clearDismissed', () => dismissals.clear()),
    vscode.commands.registerCommand('corroborate.openPassage', async (args: OpenPassageArgs) => {
      if (!args || typeof args.uri !== 'string' || !args.range) return;
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(args.uri));
      const r = doc.validateRange(toRange(args.range));
      const editor = await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
      // The passage is selected with the cursor at its start, so a passage on a long line (a paragraph per line)
      // scrolls the view to where it begins, not to its end; and it is revealed in the centre.
      editor.selection = new vscode.Selection(r.end, r.start);
      editor.revealRange(new vscode.Range(r.start, r.start), vscode.TextEditorRevealType.InCenter);
    }),
  );
}

/** Keys close to a mistyped one (fuse.js over the known keys), best first, at most three. */
export function nearKeys(keys: string[], typed: string): string[] {
  const fuse = new Fuse(keys, { threshold: 0.4, ignoreLocation: true, includeScore: true });
  return fuse
    .search(typed.slice(0, 64))
    .filter((r) => r.item !== typed)
    .slice(0, 3)
    .map((r) => r.item);
}
