/**
 * The public entry of the core: everything adapters (the VS Code extension, the CLI) may use.
 * The core is pure TypeScript: no `vscode`, no file system. Adapters hand it texts and get data back.
 */
export { createCorroborate, type Corroborate } from './corroborate';
export { collectingLogger, nullLogger, type Logger } from './logger';
export { buildIndex, indexSources, type BuildInput, type BuildProgress } from './retrieval/buildIndex';
export { MemoryIndex, type IndexOptions } from './retrieval/memoryIndex';
export { CombinedIndex } from './retrieval/combinedIndex';
/** `then` of passageIndex, renamed: a module exporting `then` would be taken for a promise by `await import()`. */
export { then as andThen, sourceAtHand } from './retrieval/passageIndex';
export type { IndexStats, MaybePromise, PassageFeatures, PassageHit, PassageIndex, RetrievalQuery, SourceInfo, Vocabulary } from './retrieval/passageIndex';
export { CACHE_VERSION, contentHash, type IndexCache } from './retrieval/snapshot';
export { mergeManifests, type ManifestText } from './sources/manifest';
export { createChecker, type CheckerInit, type SentenceChecker } from './check/checker';
export { MAX_SENTENCE_CHARS } from './check/claim';
export { CONFLICT_RULES, type ConflictRule } from './check/conflicts';
export type { SupportScorer } from './check/verdict';
export { STATUSES, type CitationCheck, type Conflict, type ConflictKind, type Contradiction, type DocumentResult, type PassageRef, type SentenceResult, type SourceEvidence, type Status } from './check/result';
export * from './report/findings';
export * from './report/jsonReport';
export { segmentDraft, type CitationMarker, type DraftSentence } from './drafts/draft';
export { citationContext } from './drafts/citationSyntax';
export { isSkippedEntry, MAX_FOLDER_DEPTH, MAX_SOURCE_BYTES, tooLargeMessage } from './sources/folderRules';
export { MANIFEST_FILE, deriveKey, isSourcePath, parseManifest, SOURCE_EXTENSIONS, type Source, type SourceFile, type SourceProblem, type Passage } from './sources/source';
export { type LocatedPassage, locatePassage } from './sources/locatedPassage';
export { LineIndex, stripBom, squash, type Position, type Range, type Span } from './text/text';
export { PARAGRAPH_BREAK } from './text/markdown';
export { DocumentChecker, type CheckOptions, type CheckResult, type Slicing } from './check/documentChecker';
export { escapeMarkdown, emphasise, renderCitationCard, renderSentenceCard, type PassageLink, type SentenceCardOptions } from './report/cards';
export { decodeText } from './text/decode';
export { encodeCache, decodeCache, decodeQuantity, type Digest } from './retrieval/snapshot';
export { vectorRow } from './language/vectors';
export type { Quantity } from './language/quantities';
