/**
 * The public entry of the core: everything adapters (the VS Code extension, the CLI) may use.
 * The core is pure TypeScript: no `vscode`, no file system. Adapters hand it texts and get data back.
 */
export * from './engine';
export * from './report';
export { segmentDraft, type CitationMarker, type DraftSentence } from './draft';
export { MANIFEST_FILE, isSourcePath, parseManifest, SOURCE_EXTENSIONS, type Source, type SourceFile, type SourceProblem, type Passage } from './sources';
export { LineIndex, stripBom, squash, type Position, type Range, type Span } from './text';
export { DocumentChecker, type CheckOptions, type CheckResult, type Slicing } from './incremental';
export { escapeMarkdown, emphasise, renderCitationCard, renderSentenceCard, type PassageLink, type SentenceCardOptions } from './render';
export { decodeText } from './decode';
export { encodeCache, decodeCache } from './cache';
