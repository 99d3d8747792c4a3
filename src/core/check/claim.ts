import type { DraftSentence } from '../drafts/draft';
import { analyze, type Analysis } from '../language/analyze';
import type { Quantity } from '../language/quantities';
import { squash } from '../text/text';

/** Longest sentence checked, in characters: longer is a run-on list or pasted data, not a claim. */
export const MAX_SENTENCE_CHARS = 3000;

/** Hedges that condition or doubt what stands before them as well as after: "X starts in June if Y", "X remains uncertain". */
const CONDITIONS = String.raw`if|unless|whether|uncertain|unclear|undecided|rumou?red|speculat\w*`;
/** Of `HEDGE`, those that reach back over what they follow (a modal governs only the verb after it). */
export const TRAILING_HEDGE = new RegExp(String.raw`\b(?:${CONDITIONS})\b|\b(?:If|Whether|Unless)\b`);
/** Words with which a sentence or passage hedges, asks or conditions what it says, rather than stating it. */
export const HEDGE = new RegExp(
  String.raw`\b(?:might|may|possibly|perhaps|allegedly|${CONDITIONS})\b|\b(?:If|Whether|Perhaps|Possibly|Unless)\b`,
);

/** A draft sentence as the checker reads it. */
export interface Claim {
  /** The sentence as written, and with markup and citations blanked (same length). */
  text: string;
  masked: string;
  /** Where `masked` starts in the draft: the analysis's offsets are draft offsets. */
  offset: number;
  analysis: Analysis;
  /** Not a question, the writer's framing or a fragment. */
  isFactual: boolean;
  /** The sentence itself hedges ("might", "whether"): a hedging passage may then state it. */
  hedged: boolean;
  /** Distinct content stems plus figures: the claim's size. */
  distinct: number;
}

/** A draft sentence as a claim; undefined for a "sentence" too long to be one. */
export function toClaim(s: Pick<DraftSentence, 'text' | 'masked' | 'span'>): Claim | undefined {
  if (s.masked.length > MAX_SENTENCE_CHARS) return undefined;
  const analysis = analyze(s.masked);
  const shift = <T extends { start: number; end: number }>(x: T) => {
    x.start += s.span.start;
    x.end += s.span.start;
  };
  for (const t of analysis.tokens) shift(t);
  for (const q of analysis.quantities) shift(q);
  return claimOf(s.text, s.masked, s.span.start, analysis);
}

/** Plain text as a claim (for ranking sources by a line of text: offsets from 0, no masking). */
export function textClaim(text: string): Claim {
  return claimOf(text, text, 0, analyze(text));
}

function claimOf(text: string, masked: string, offset: number, analysis: Analysis): Claim {
  return {
    text,
    masked,
    offset,
    analysis,
    isFactual: isFactualClaim(text, analysis),
    hedged: HEDGE.test(masked),
    distinct: new Set(analysis.terms.filter((t) => !t.light).map((t) => t.stem)).size + analysis.quantities.length,
  };
}

/** The claim's wording of one of its figures. */
export function figureText(c: Claim, q: Quantity): string {
  return squash(c.masked.slice(q.start - c.offset, q.end - c.offset));
}

/** How the writer's framing starts: the writer or the text itself speaking ("What follows…", "Below, …"). */
const FRAMING_START =
  /^(?:i|we|let's|let us|in this (?:article|piece|post|essay|story)|this (?:article|piece|post|essay|story|report)|here(?:'s| is| are)|consider|imagine|note that|see|(?:in )?what follows|below,)\b/i;
/**
 * The writer addressing the reader or speaking for the newsroom, outside quotation marks: "we", "our", "you",
 * "anyone who". A report states what others did; these words mark the writer's own voice. Lower-case "us" only
 * ("US" is a country).
 */
const WRITER_VOICE = /\b(?:[Ww]e|us|[Oo]urs?|[Yy]ou|[Yy]ours?|[Aa]nyone who)\b/;
/** Quoted speech, removed before looking for the writer's voice: a quoted "we" is the speaker's. */
const QUOTED = /[“"][^”"]*[”"]/g;

/**
 * The writer's own judgement of what is reported: a sentence that weighs it ("Numbers like these deserve a second
 * look", "It is a view that is hard to forget") and names no one, gives no figure and reports no one's
 * words is commentary, not a claim a source could state. "The wall is weaker than expected, which makes repairs hard
 * to plan" is a claim: the judgement must be the sentence's own ("It is…", "deserve").
 */
const EVALUATIVE =
  /\bdeserve[sd]?\b|^(?:it|this|that)(?:'s| is| was| remains)\b.*\b(?:hard|difficult|impossible|easy|important|worth)\b/i;
const REPORTED = /\b(?:said|says|say|told|tells|argued|argues|according|wrote|writes|claimed|claims)\b/i;

/** False for questions, the writer's own framing, and fragments with too little content to be a claim. */
export function isFactualClaim(text: string, a: Analysis): boolean {
  const t = text.trim();
  if (/\?["'”’)\]]*$/.test(t)) return false;
  if (FRAMING_START.test(t.replace(/^[^\p{L}]+/u, ''))) return false;
  if (WRITER_VOICE.test(t.replace(QUOTED, ''))) return false;
  if (EVALUATIVE.test(t) && !REPORTED.test(t) && !a.quantities.length && !a.terms.some((x) => x.name)) return false;
  const content = a.terms.filter((x) => !x.light).length + a.quantities.length;
  return content >= 2;
}
