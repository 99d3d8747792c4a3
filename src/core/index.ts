/**
 * The public entry of the core: everything adapters (the VS Code extension, the CLI) may use.
 * The core is pure TypeScript: no `vscode`, no file system. Adapters hand it texts and get data back.
 */
export * from './engine';
export * from './report/findings';
export { segmentDraft, type CitationMarker, type DraftSentence } from './drafts/draft';
export { MANIFEST_FILE, isSourcePath, parseManifest, SOURCE_EXTENSIONS, type Source, type SourceFile, type SourceProblem, type Passage } from './sources/source';
export { LineIndex, stripBom, squash, type Position, type Range, type Span } from './text/text';
export { DocumentChecker, type CheckOptions, type CheckResult, type Slicing } from './check/documentChecker';
export { escapeMarkdown, emphasise, renderCitationCard, renderSentenceCard, type PassageLink } from './report/cards';
export { decodeText } from './text/decode';
export { encodeCache, decodeCache } from './retrieval/snapshot';
