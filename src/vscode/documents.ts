import * as vscode from 'vscode';
import { andThen, CombinedIndex, createCorroborate, type CheckResult, type Corroborate, type MaybePromise, type MemoryIndex, type PassageIndex, type PassageRef, type SentenceChecker, type SentenceResult } from '../core';
import type { ArchiveSource } from './archive';
import type { Settings } from './settings';
import type { SourceStore } from './sourceStore';

/** Time one document's check may take before the rest of its sentences are left unchecked (with a message). */
export const CHECK_BUDGET_MS = 20_000;

const yieldNow = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Archive articles offered by completion and Insert Citation beside all the local sources: the best ones for the sentence. */
const ARCHIVE_PICKS = 50;

/** Sentences sent to the archive in one round trip. */
const ARCHIVE_BATCH = 16;

/**
 * Checks drafts and remembers the result per document version and corpus generation, so the hover, completion,
 * code actions, status bar and diagnostics of one version share one check. Unchanged sentences come from the
 * core's sentence cache; full checks run in slices that yield to the extension host and stop when the text changes.
 */
export class DraftChecker {
  private checker: Corroborate | undefined;
  private readonly results = new Map<string, { version: number; corpus: PassageIndex; generation: number; result: CheckResult }>();
  private combined: { local: MemoryIndex; archive: PassageIndex; index: CombinedIndex } | undefined;

  constructor(
    private readonly store: SourceStore,
    private readonly settings: () => Settings,
    private readonly archive?: ArchiveSource,
  ) {}

  /**
   * The index checks use now: the local sources, and the archive while it is open (searched as one). Undefined
   * before the local sources are first indexed.
   */
  index(): PassageIndex | undefined {
    const local = this.store.current;
    if (!local) return undefined;
    const archive = this.archive?.index;
    if (!archive) return local;
    if (this.combined?.local !== local || this.combined.archive !== archive) this.combined = { local, archive, index: new CombinedIndex([local, archive]) };
    return this.combined.index;
  }

  /** True when the document is a draft Corroborate checks (by language, and not a source itself). */
  isDraft(doc: vscode.TextDocument): boolean {
    if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled' && doc.uri.scheme !== 'vscode-remote') return false;
    return this.settings().languages.includes(doc.languageId) && !this.store.isSourceUri(doc.uri);
  }

  /** The sentence checker over the current index (quick fixes re-check an edited sentence with it). */
  sentenceChecker(): SentenceChecker | undefined {
    return this.documentChecker()?.checker;
  }

  private documentChecker(): Corroborate | undefined {
    const corpus = this.index();
    if (!corpus) return undefined;
    if (!this.checker || this.checker.index !== corpus) this.checker = createCorroborate({ index: corpus });
    return this.checker;
  }

  /**
   * Sources ranked by how well each states `text` (for completion and Insert Citation), best first: all the local
   * ones, and the archive's best few (an archive's other articles are found with Search the Archive).
   */
  rankSources(text: string): MaybePromise<PassageRef[]> {
    const checker = this.documentChecker();
    if (!checker) return [];
    const local = this.store.current?.stats.sources ?? 0;
    const archive = this.archive;
    if (checker.index === this.store.current || !archive) return checker.rankSources(text, local);
    return andThen(checker.rankSources(text, local + ARCHIVE_PICKS), (refs) => refs.filter((r) => r.passage !== undefined && (r.score > 0 || !archive.isArchived(r.source))));
  }

  private cached(doc: vscode.TextDocument): CheckResult | undefined {
    const hit = this.results.get(doc.uri.toString());
    const corpus = this.index();
    return hit && corpus && hit.version === doc.version && hit.corpus === corpus && hit.generation === corpus.generation ? hit.result : undefined;
  }

  private remember(doc: vscode.TextDocument, version: number, result: CheckResult): void {
    const corpus = this.index()!;
    this.results.set(doc.uri.toString(), { version, corpus, generation: corpus.generation, result });
  }

  private options(doc: vscode.TextDocument) {
    return { markdown: doc.languageId !== 'plaintext', budgetMs: CHECK_BUDGET_MS, now: () => performance.now() };
  }

  /** The part of the document an editor shows (checked first), or undefined when none shows it. */
  private visible(doc: vscode.TextDocument): { start: number; end: number } | undefined {
    const ranges = vscode.window.visibleTextEditors.find((e) => e.document === doc)?.visibleRanges;
    if (!ranges?.length) return undefined;
    return { start: doc.offsetAt(ranges[0].start), end: doc.offsetAt(ranges[ranges.length - 1].end) };
  }

  /** The check of the document's current version, in slices that yield; undefined when it changed or closed meanwhile. */
  async checkSliced(doc: vscode.TextDocument, onPartial?: (sentences: readonly SentenceResult[]) => void): Promise<CheckResult | undefined> {
    const hit = this.cached(doc);
    if (hit) return hit;
    const checker = this.documentChecker();
    if (!checker) return undefined;
    const version = doc.version;
    const corpus = checker.index;
    const result = await checker.checkSliced(doc.getText(), { ...this.options(doc), firstIn: this.visible(doc) }, {
      yieldNow,
      isCancelled: () => doc.isClosed || doc.version !== version || this.index() !== corpus,
      onPartial,
      batch: corpus === this.store.current ? 1 : ARCHIVE_BATCH,
    });
    if (result && doc.version === version) this.remember(doc, version, result);
    return result;
  }

  /**
   * The last completed check of the document, even of an older version, or undefined: for summaries (status bar,
   * Sources view) that must never start a check themselves — they would undo the slicing on every update.
   */
  latest(doc: vscode.TextDocument): CheckResult | undefined {
    const hit = this.results.get(doc.uri.toString());
    return hit && hit.corpus === this.index() ? hit.result : undefined;
  }

  /** The check of the document's current version if one has completed, else undefined (never starts one). */
  current(doc: vscode.TextDocument): CheckResult | undefined {
    return this.cached(doc);
  }

  /**
   * The sentence at an offset: from the document's check if it is current, else checked on its own (at once over
   * the local sources; a promise when the archive is searched too).
   */
  sentenceAt(doc: vscode.TextDocument, offset: number): MaybePromise<SentenceResult | undefined> {
    const hit = this.cached(doc);
    if (hit) return hit.sentences.find((s) => offset >= s.span.start && offset <= s.span.end);
    return this.documentChecker()?.sentenceAt(doc.getText(), offset, this.options(doc));
  }

  forget(doc: vscode.TextDocument): void {
    this.results.delete(doc.uri.toString());
  }
}
