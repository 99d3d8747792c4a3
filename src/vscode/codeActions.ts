import * as vscode from 'vscode';
import type { FindingCode, SentenceResult } from '../core';
import { citationEdits } from './citations';
import { spanToRange, toRange, type OpenPassageArgs } from './convert';
import type { DiagnosticsFeature } from './diagnostics';
import type { Dismissals } from './dismissals';
import type { DraftChecker } from './documents';
import type { Settings } from './settings';
import type { SourceStore } from './sourceStore';

/**
 * Quick fixes on Corroborate's findings: cite the one source (single-source), cite all supporting sources
 * (corroborated sentences, no diagnostic needed), open the passage, replace a contradicted figure with the source's,
 * and dismiss a finding (remembered in the workspace's `.corroborate/dismissed.json`).
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
      const ours = context.diagnostics.filter((d) => d.source === 'corroborate');
      for (const shown of diagnostics.findings(doc.uri)) {
        const d = shown.diagnostic;
        const match = ours.find((x) => x.code === d.code && x.range.isEqual(d.range)) ?? (d.range.intersection(range) ? d : undefined);
        if (!match) continue;
        const { finding, sentence } = shown;
        if (finding.code === 'single-source' && finding.key && !finding.attributed) cite(`Cite the one source [@${finding.key}]`, sentence, [finding.key], match, true);
        if (finding.code === 'contradicted' && finding.replacement) {
          const a = new vscode.CodeAction(`Replace with the source's figure: "${finding.replacement.text}"`, vscode.CodeActionKind.QuickFix);
          a.edit = new vscode.WorkspaceEdit();
          a.edit.replace(doc.uri, spanToRange(doc, finding.replacement.span), finding.replacement.text);
          a.diagnostics = [match];
          a.isPreferred = true;
          actions.push(a);
        }
        if (finding.code === 'disputed' && sentence.support.length) cite(`Cite the sources that state this (${sentence.support.map((r) => '@' + r.source.key).join(', ')})`, sentence, sentence.support.map((r) => r.source.key), match);
        for (const r of finding.related.slice(0, 3)) {
          const source = store.current?.source(r.sourceKey);
          if (source) open(`Open passage in [@${r.sourceKey}] ${source.title.slice(0, 60)}`, store.uriOf(source), r.range, match);
        }
        const dismiss = new vscode.CodeAction(`Dismiss this finding (${finding.code})`, vscode.CodeActionKind.QuickFix);
        dismiss.command = { command: 'corroborate.dismissFinding', title: 'Dismiss', arguments: [finding.code, sentence.text, doc.uri.toString()] };
        dismiss.diagnostics = [match];
        actions.push(dismiss);
      }
      // A corroborated sentence has no diagnostic, but citing its sources is still one action away.
      const sentence = checker.sentenceAt(doc, doc.offsetAt(range.start));
      if (sentence?.status === 'corroborated') {
        const keys = sentence.support.map((r) => r.source.key);
        cite(`Cite all ${keys.length} supporting sources (${keys.map((k) => '@' + k).join(', ')})`, sentence, keys);
      }
      return actions;
    },
  };
  return vscode.Disposable.from(
    vscode.languages.registerCodeActionsProvider({ scheme: '*' }, provider, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.commands.registerCommand('corroborate.dismissFinding', (code: FindingCode, sentence: string, uri?: string) => dismissals.dismiss(code, sentence, uri ? vscode.Uri.parse(uri) : undefined)),
    vscode.commands.registerCommand('corroborate.clearDismissed', () => dismissals.clear()),
    vscode.commands.registerCommand('corroborate.openPassage', async (args: OpenPassageArgs) => {
      if (!args || typeof args.uri !== 'string' || !args.range) return;
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(args.uri));
      const r = toRange(args.range);
      await vscode.window.showTextDocument(doc, { selection: r, preview: true, viewColumn: vscode.ViewColumn.Beside });
    }),
  );
}
