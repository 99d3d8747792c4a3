import * as vscode from 'vscode';
import type { Source, SourceProblem } from '../core';
import type { ActiveDraft } from './activeDraft';
import type { ArchiveSource } from './archive';
import type { DiagnosticsFeature } from './diagnostics';
import type { DraftChecker } from './documents';
import type { SourceStore } from './sourceStore';

type Node =
  | { kind: 'source'; source: Source; supports: number; contradicts: number }
  | { kind: 'problems'; problems: SourceProblem[] }
  | { kind: 'problem'; problem: SourceProblem }
  | { kind: 'archive' };

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
    private readonly archive?: ArchiveSource,
  ) {
    this.view = vscode.window.createTreeView('corroborate.sources', { treeDataProvider: this, showCollapseAll: false });
    this.disposables = [
      this.view,
      this.emitter,
      store.onDidChange(() => this.refresh()),
      diagnostics.onDidUpdate(() => this.refresh()),
      active.onDidChange(() => this.refresh()),
      ...(archive ? [archive.onDidStatus(() => this.refresh())] : []),
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
    if (node?.kind === 'archive') return this.archiveCounts().map(({ source, supports, contradicts }) => ({ kind: 'source', source, supports, contradicts }));
    if (node) return [];
    const corpus = this.store.current;
    if (!corpus) return [];
    const nodes: Node[] = this.counts().map(({ source, supports, contradicts }) => ({ kind: 'source', source, supports, contradicts }));
    // The archive is one node (its articles are counted, not listed: there may be millions), searched from its button.
    if (this.archive?.status().url) nodes.push({ kind: 'archive' });
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

  /** The archive's articles that the described draft's sentences state or contradict (the archive node's children). */
  archiveCounts(): { source: Source; supports: number; contradicts: number }[] {
    const archive = this.archive;
    const doc = this.active.document;
    const result = doc && archive ? this.checker.latest(doc) : undefined;
    if (!archive || !result || !doc) return [];
    const shown = this.diagnostics.findings(doc.uri).filter((f) => f.finding.code === 'contradicted' || f.finding.code === 'disputed');
    const found = new Map<string, { source: Source; supports: number; contradicts: number }>();
    const entry = (source: Source) => found.get(source.key) ?? found.set(source.key, { source, supports: 0, contradicts: 0 }).get(source.key)!;
    for (const s of result.sentences) for (const key of new Set(s.support.filter((r) => archive.isArchived(r.source)).map((r) => r.source.key))) entry(s.support.find((r) => r.source.key === key)!.source).supports++;
    for (const f of shown) for (const r of f.sentence.contradictions) if (archive.isArchived(r.source)) entry(r.source).contradicts++;
    return [...found.values()].sort((a, b) => b.supports + b.contradicts - (a.supports + a.contradicts) || a.source.key.localeCompare(b.source.key));
  }

  /** The archive node as shown (label and description), or undefined when no archive is configured. */
  archiveLine(): string | undefined {
    if (!this.archive?.status().url) return undefined;
    const item = this.getTreeItem({ kind: 'archive' });
    return `${String(item.label)}: ${String(item.description)}`;
  }

  /** The draft the view describes (its URI), for tests. */
  get draft(): vscode.Uri | undefined {
    return this.active.document?.uri;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'archive') {
      const a = this.archive!.status();
      const item = new vscode.TreeItem('Archive', vscode.TreeItemCollapsibleState.Expanded);
      item.id = 'corroborate.archive';
      item.contextValue = 'archive';
      if (a.state === 'connected') {
        item.description = `${a.articles.toLocaleString('en-US')} articles · ${a.passages.toLocaleString('en-US')} passages · ${a.url}`;
        item.iconPath = new vscode.ThemeIcon('database');
      } else if (a.state === 'unavailable') {
        item.description = `unavailable, retrying in ${Math.round((a.retryInMs ?? 0) / 1000)} s · ${a.url}`;
        item.iconPath = new vscode.ThemeIcon('warning');
      } else {
        item.description = `connecting · ${a.url}`;
        item.iconPath = new vscode.ThemeIcon('sync~spin');
      }
      const tip = new vscode.MarkdownString();
      tip.appendText(a.reason ? `${a.url}\n${a.reason}` : `${a.url ?? ''}`);
      tip.appendMarkdown('\n\nArticles the draft states or contradicts are listed here; search the others with the search button.');
      item.tooltip = tip;
      return item;
    }
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
