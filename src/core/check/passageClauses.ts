import type { PassageFeatures } from '../retrieval/passageIndex';
import type { Span } from '../text/text';
import { HEDGE, TRAILING_HEDGE } from './claim';

// Where things stand in a passage: the clause a match aligns, the reach of a negation, text between offsets.

/** Where a negation's reach ends: at clause punctuation or a word that opens another clause. */
const SCOPE_END =
  /[,;:—–()]|\s-\s|\b(?:as|while|when|whereas|because|since|although|though|but|and|or|so|which|who|whom|whose|where|after|before|until|if|unless|than)\b/i;
/** A negation reaches at most this many characters (about six words). */
const SCOPE_CHARS = 48;

/**
 * Whether a passage's negation (ending at source offset `end`) bears on the match: its scope runs from after the
 * negator to the end of its clause, a few words at most. It does when a matched word lies in that scope, or when
 * none follows it (it negates what the matched words say: "Mac and Linux hosts are not impacted"); not when the
 * match goes on only past its scope ("it failed to de-energise its lines as winds whipped the fire" does not
 * negate the winds).
 */
export function governsMatch(f: PassageFeatures, end: number, matched: readonly Span[]): boolean {
  const at = f.passage.span.start;
  const stop = at + scopeEnd(f.masked, end - at);
  let after = false;
  for (const m of matched) {
    if (m.start < end) continue;
    if (m.start < stop) return true;
    after = true;
  }
  return !after;
}

/** Where the reach of a negation ending at `from` in `text` ends (an offset of `text`). */
export function scopeEnd(text: string, from: number): number {
  const rest = text.slice(from, from + SCOPE_CHARS);
  const cut = SCOPE_END.exec(rest);
  return from + (cut ? cut.index : rest.length);
}

/** Source text of a passage between two source offsets. */
export function textAt(f: PassageFeatures, start: number, end: number): string {
  const at = f.passage.span.start;
  return f.text.slice(start - at, end - at);
}

/** The part of a passage a match aligns: from shortly before its first matched word to the end of its last's clause. */
export function alignedWindow(f: PassageFeatures, matched: Span[]): Span {
  const span = f.passage.span;
  if (!matched.length) return span;
  let first = Infinity;
  let last = -1;
  for (const m of matched) {
    if (m.start < first) first = m.start;
    if (m.end > last) last = m.end;
  }
  const mask = (from: number, to: number) => f.masked.slice(from - span.start, to - span.start);
  // Back to the start of the clause, at most 40 characters: "if X rejects Y, we may see Z" does not negate Z.
  let start = Math.max(span.start, first - 40);
  const before = mask(start, first);
  const cut = Math.max(
    before.lastIndexOf(','),
    before.lastIndexOf(';'),
    before.lastIndexOf(':'),
    before.lastIndexOf('—'),
  );
  if (cut >= 0) start += cut + 1;
  const rest = mask(last, span.end);
  const clause = /[,;:—–]|\s-\s/.exec(rest);
  return { start, end: clause ? last + clause.index : span.end };
}

/**
 * Whether the clause a match aligns hedges it: a hedge (`HEDGE`) before or among the matched words
 * ("X might be Y"), or a condition or doubt after them in the clause ("X starts in June if Y agrees", "whether X will
 * agree to a slowdown remains deeply uncertain"). A modal after them governs another verb: "President Luiz Inácio
 * Lula da Silva may be subjected to an impeachment process" states that he is the president.
 */
export function hedgesMatch(f: PassageFeatures, matched: Span[]): boolean {
  const w = alignedWindow(f, matched);
  const at = f.passage.span.start;
  let last = w.start;
  for (const m of matched) if (m.end > last) last = m.end;
  last = Math.min(last, w.end);
  if (HEDGE.test(f.masked.slice(w.start - at, last - at))) return true;
  return TRAILING_HEDGE.test(f.masked.slice(last - at, w.end - at));
}
