import * as vscode from 'vscode';
import type { Source, SourceProblem } from '../core';
import type { ActiveDraft } from './activeDraft';
import type { DiagnosticsFeature } from './diagnostics';
import type { DraftChecker } from './documents';
import type { SourceStore } from './sourceStore';

type Node = { kind: 'source'; source: Source; supports: number; contradicts: number } | { kind: 'problems'; problems: SourceProblem[] } | { kind: 'problem'; problem: SourceProblem };

/**
 * The Sources view: each source with its key and title, and how many sentences of the active draft (or the last
 * one, while focus is elsewhere) it states or contradicts, dismissed contradictions left out; a node listing the
 * files that could not be read; clicking a source opens it.
 */
export class SourcesView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly disposables: vscode.Disposable[];
  private readonly view: vscode.TreeView<Node>;

  constructor(
    private readonly store: SourceStore,
    private readonly checker: DraftChecker,
    private readonly diagnostics: DiagnosticsFeature,
    private readonly active: ActiveDraft,
  ) {
    this.view = vscode.window.createTreeView('corroborate.sources', { treeDataProvider: this, showCollapseAll: false });
    this.disposables = [
      this.view,
      this.emitter,
      store.onDidChange(() => this.refresh()),
      diagnostics.onDidUpdate(() => this.refresh()),
      active.onDidChange(() => this.refresh()),
      vscode.commands.registerCommand('corroborate.refreshSources', async () => {
        await store.reload();
      }),
    ];
  }

  refresh(): void {
    this.emitter.fire();
  }

  getChildren(node?: Node): Node[] {
    if (node?.kind === 'problems') return node.problems.map((problem) => ({ kind: 'problem', problem }));
    if (node) return [];
    const corpus = this.store.current;
    if (!corpus) return [];
    const nodes: Node[] = this.counts().map(({ source, supports, contradicts }) => ({ kind: 'source', source, supports, contradicts }));
    const problems = this.store.problems;
    if (problems.length) nodes.push({ kind: 'problems', problems });
    const draft = this.active.document;
    this.view.description = `${corpus.stats.sources} sources${problems.length ? ` · ${problems.length} skipped` : ''}${draft ? ` · ${vscode.workspace.asRelativePath(draft.uri)}` : ''}`;
    if (this.view.message !== this.store.inUse) this.view.message = this.store.inUse;
    return nodes;
  }

  /** Each source with the sentences of the described draft it states, and the shown findings it contradicts. */
  counts(): { source: Source; supports: number; contradicts: number }[] {
    const corpus = this.store.current;
    if (!corpus) return [];
    const doc = this.active.document;
    const result = doc ? this.checker.latest(doc) : undefined;
    const shown = doc ? this.diagnostics.findings(doc.uri).filter((f) => f.finding.code === 'contradicted' || f.finding.code === 'disputed') : [];
    // The in-memory index lists every source; an archive would show a count and a search instead.
    return corpus.listSources(corpus.stats.sources).map((source) => ({
      source,
      supports: result?.sentences.filter((s) => s.support.some((r) => r.source === source)).length ?? 0,
      contradicts: shown.filter((f) => f.sentence.contradictions.some((r) => r.source === source)).length,
    }));
  }

  /** The draft the view describes (its URI), for tests. */
  get draft(): vscode.Uri | undefined {
    return this.active.document?.uri;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'problems') {
      const item = new vscode.TreeItem(`${node.problems.length} file${node.problems.length === 1 ? '' : 's'} could not be read`, vscode.TreeItemCollapsibleState.Collapsed);
      item.iconPath = new vscode.ThemeIcon('warning');
      return item;
    }
    if (node.kind === 'problem') {
      const item = new vscode.TreeItem(node.problem.path);
      item.description = node.problem.message;
      item.tooltip = node.problem.message;
      return item;
    }
    const s = node.source;
    const item = new vscode.TreeItem(`@${s.key}`);
    const counts = node.supports || node.contradicts ? `${node.supports} stated${node.contradicts ? `, ${node.contradicts} contradicted` : ''} · ` : '';
    item.description = `${counts}${s.title}`;
    const tip = new vscode.MarkdownString();
    tip.appendMarkdown('**');
    tip.appendText(s.title);
    tip.appendMarkdown('**\n\n');
    tip.appendText([s.outlet, s.author, s.date, s.url, s.path].filter(Boolean).join('\n'));
    item.tooltip = tip;
    item.iconPath = new vscode.ThemeIcon(node.contradicts ? 'error' : node.supports ? 'pass' : 'book');
    const uri = this.store.uriOf(s);
    item.resourceUri = uri;
    item.command = { command: 'vscode.open', title: 'Open Source', arguments: [uri] };
    item.contextValue = 'source';
    return item;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
