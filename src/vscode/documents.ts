import * as vscode from 'vscode';
import { DocumentChecker, type Corpus, type DocumentResult, type SentenceResult } from '../core';
import type { Settings } from './settings';
import type { SourceStore } from './sourceStore';

/**
 * Checks drafts on demand and remembers the result per document version, so the hover, completion, code actions
 * and diagnostics of one version share one check. Unchanged sentences come from the core's sentence cache.
 */
export class DraftChecker {
  private checker: DocumentChecker | undefined;
  private readonly results = new Map<string, { version: number; corpus: Corpus; result: DocumentResult }>();

  constructor(
    private readonly store: SourceStore,
    private readonly settings: () => Settings,
  ) {}

  /** True when the document is a draft Corroborate checks (by language, and not a source itself). */
  isDraft(doc: vscode.TextDocument): boolean {
    if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled' && doc.uri.scheme !== 'vscode-remote') return false;
    return this.settings().languages.includes(doc.languageId) && !this.store.isSourceUri(doc.uri);
  }

  /** The check of the document's current version (computed now if needed), or undefined before sources load. */
  check(doc: vscode.TextDocument): DocumentResult | undefined {
    const corpus = this.store.current;
    if (!corpus) return undefined;
    const key = doc.uri.toString();
    const hit = this.results.get(key);
    if (hit && hit.version === doc.version && hit.corpus === corpus) return hit.result;
    if (!this.checker || this.checker.corpus !== corpus) this.checker = new DocumentChecker(corpus);
    const result = this.checker.check(doc.getText(), { markdown: doc.languageId !== 'plaintext' });
    this.results.set(key, { version: doc.version, corpus, result });
    return result;
  }

  /** The sentence at an offset, if any. */
  sentenceAt(doc: vscode.TextDocument, offset: number): SentenceResult | undefined {
    const r = this.check(doc);
    return r?.sentences.find((s) => offset >= s.span.start && offset <= s.span.end);
  }

  forget(doc: vscode.TextDocument): void {
    this.results.delete(doc.uri.toString());
  }
}
