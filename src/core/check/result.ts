import type { CitationMarker } from '../drafts/draft';
import type { LocatedPassage } from '../sources/locatedPassage';
import type { Source } from '../sources/source';
import type { LineIndex, Span } from '../text/text';
import type { PairEvidence } from './support';

/** What a draft sentence is, given the sources. */
export type Status = 'corroborated' | 'single-source' | 'contradicted' | 'disputed' | 'unsupported' | 'none';

/** The statuses in display order (most urgent first). */
export const STATUSES: readonly Status[] = [
  'contradicted',
  'disputed',
  'single-source',
  'unsupported',
  'corroborated',
  'none',
];

/** The kinds of contradiction, one `ConflictRule` each (check/conflicts.ts). */
export type ConflictKind = 'quantity' | 'negation' | 'antonym' | 'roles' | 'entity';

/** A passage of a source that states (support) or conflicts with (contradiction) a draft sentence. */
export interface PassageRef {
  source: Source;
  /** Self-contained: its range and text as written, for cards, reports and links. */
  passage: LocatedPassage;
  /** 0..1: how much of the sentence's content the passage states. */
  score: number;
  /** Offsets, in the passage's source text, of the words that match the sentence (for emphasis in hovers). */
  matched: Span[];
}

/** What a contradiction rule found: the reason, and for a figure, the quick fix. */
export interface Conflict {
  kind: ConflictKind;
  /** A sentence a person can read: "source says 30 days, draft says 90 days". */
  reason: string;
  /** For a quantity conflict: the source's figure worded for the draft, and where the draft's stands. */
  sourceFigure?: string;
  draftSpan?: Span;
  /** For a quantity conflict: the source's whole figure phrase (bound, number, unit), as offsets in its text. */
  sourceSpan?: Span;
  /** For a quantity conflict: that phrase's text (squashed), so the quick fix needs not the source's text. */
  sourceText?: string;
}

export interface Contradiction extends PassageRef, Conflict {}

/** A citation in a draft, resolved against the sources. */
export interface CitationCheck {
  key: string;
  span: Span;
  marker: CitationMarker;
  source?: Source;
  /** True when the cited source states the sentence's claim. */
  supports: boolean;
  /** The cited source's passage closest to the sentence. */
  best?: PassageRef;
}

/** The checker's verdict on one draft sentence. */
export interface SentenceResult {
  span: Span;
  text: string;
  status: Status;
  /** Best passage of each source (group) that states the claim, best first. */
  support: PassageRef[];
  contradictions: Contradiction[];
  citations: CitationCheck[];
  /** True when a single-source claim cites that source. */
  attributed: boolean;
  /** With `CheckerInit.evidence`: per source group, the measurements and probabilities. */
  evidence?: SourceEvidence[];
  /** With `CheckerInit.evidence`: whether the sentence reads as a factual claim. */
  claim?: boolean;
}

/** What the checker measured of one source (group) for a sentence, and what the model made of it. */
export interface SourceEvidence {
  group: number;
  sources: string[];
  support?: PairEvidence;
  conflict?: PairEvidence;
  pState?: number;
  pConflict?: number;
}

/** A checked draft: its sentences' results and its line index (for ranges). */
export interface DocumentResult {
  sentences: SentenceResult[];
  lines: LineIndex;
}
