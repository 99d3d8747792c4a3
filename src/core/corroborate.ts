import { DocumentChecker, type CheckOptions, type CheckResult, type Slicing } from './check/documentChecker';
import { createChecker, type CheckerInit, type SentenceChecker } from './check/checker';
import type { PassageRef, SentenceResult } from './check/result';
import type { MaybePromise, PassageIndex } from './retrieval/passageIndex';

/**
 * The core as adapters use it: one object over one index. Documents are checked with a sentence cache (an edit
 * recomputes only what it touched), whole or in slices; sources are ranked for citation pickers.
 */
export interface Corroborate {
  readonly index: PassageIndex;
  readonly checker: SentenceChecker;
  /** Checks a whole document now (the in-memory index answers synchronously). */
  check(text: string, options?: CheckOptions): CheckResult;
  /** Checks a document in slices that yield to the host; undefined when cancelled. */
  checkSliced(text: string, options: CheckOptions, slicing: Slicing): Promise<CheckResult | undefined>;
  /** The sentence at an offset, from the cache or checked on its own (a promise only when the index is asynchronous). */
  sentenceAt(text: string, offset: number, options?: CheckOptions): MaybePromise<SentenceResult | undefined>;
  /** The `limit` sources that best state `text`, best first. */
  rankSources(text: string, limit: number): MaybePromise<PassageRef[]>;
  /** Sentences computed (not taken from the cache) by the last check. */
  readonly lastComputed: number;
}

/**
 * `wrap`, if given, stands between the documents and the checker (the command line's result cache uses it); the
 * wrapped checker must answer as the checker does.
 */
export function createCorroborate(
  init: CheckerInit,
  wrap?: (checker: SentenceChecker) => SentenceChecker,
): Corroborate {
  const inner = createChecker(init);
  const checker = wrap ? wrap(inner) : inner;
  const documents = new DocumentChecker(checker);
  return {
    index: init.index,
    checker,
    check: (text, options) => documents.check(text, options),
    checkSliced: (text, options, slicing) => documents.checkSliced(text, options, slicing),
    sentenceAt: (text, offset, options) => documents.sentenceAt(text, offset, options),
    rankSources: (text, limit) => checker.rankSources(text, limit),
    get lastComputed() {
      return documents.lastComputed;
    },
  };
}
