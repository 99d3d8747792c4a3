import type { Span } from './text';

/**
 * Linear-time building blocks for masking markup in drafts and sources. Each scanner looks at every character a
 * bounded number of times whatever the input, runs of unclosed openers included: no regular expression that can
 * backtrack over an unbounded run, and no rescanning to the same stop from each opener.
 */

/** Keeps line breaks and length; every other character becomes a space. */
export function blank(s: string): string {
  return s.replace(/[^\r\n]/g, ' ');
}

/** True for the characters `\s` matches in a JavaScript regular expression. */
export function isSpaceCode(c: number): boolean {
  return (
    c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** A space or a tab. */
export const isBlankCode = (c: number) => c === 32 || c === 9;

/** A line feed or a carriage return. */
export const isBreakCode = (c: number) => c === 10 || c === 13;

/** The lines of a text, without their terminators (CRLF, LF or a lone CR, as `LineIndex` counts them). */
export function lineSpans(text: string): Span[] {
  const out: Span[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      out.push({ start, end: i });
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  out.push({ start, end: text.length });
  return out;
}

/**
 * Builds a copy of a text of the same length with spans replaced. Spans must be given in order, without overlap;
 * a replacement of another length blanks the span instead.
 */
export class Rewriter {
  private readonly parts: string[] = [];
  private at = 0;

  constructor(readonly src: string) {}

  put(start: number, end: number, by?: string): void {
    if (start < this.at || end <= start) return;
    const orig = this.src.slice(start, end);
    this.parts.push(this.src.slice(this.at, start), by !== undefined && by.length === orig.length ? by : blank(orig));
    this.at = end;
  }

  done(): string {
    if (!this.parts.length) return this.src;
    this.parts.push(this.src.slice(this.at));
    return this.parts.join('');
  }
}

/**
 * Finds the first stop character at or after a position, remembering the stretch it last crossed: a run of openers
 * that all scan to the same stop (`\cite{\cite{\cite{…`) costs linear time in all, not quadratic.
 */
export class NextStop {
  private lo = -1;
  private hi = -1;

  constructor(
    private readonly text: string,
    private readonly isStop: (c: number) => boolean,
  ) {}

  /** Index of the first stop character at or after `i`, or the text's length. */
  from(i: number): number {
    if (i >= this.lo && i <= this.hi) return this.hi;
    const n = this.text.length;
    let j = i;
    while (j < n && !this.isStop(this.text.charCodeAt(j))) {
      if (j === this.lo) {
        j = this.hi;
        break;
      }
      j++;
    }
    this.lo = i;
    this.hi = j;
    return j;
  }
}

/** Index of the first character at or after `i` (before `end`) that `stop` accepts, or `end`. */
export function scanTo(text: string, i: number, end: number, stop: (c: number) => boolean): number {
  while (i < end && !stop(text.charCodeAt(i))) i++;
  return i;
}

/** Offset after at most three spaces or tabs from the start of `line`. */
export function afterIndent(text: string, line: Span): number {
  let p = line.start;
  while (p < line.end && p - line.start < 3 && isBlankCode(text.charCodeAt(p))) p++;
  return p;
}

interface Fence {
  char: number;
  length: number;
  /** Nothing but spaces after the fence: it can close a block. */
  bare: boolean;
}

function fenceAt(text: string, line: Span): Fence | null {
  const p = afterIndent(text, line);
  const ch = text.charCodeAt(p);
  if (p >= line.end || (ch !== 96 && ch !== 126)) return null;
  let q = p;
  while (q < line.end && text.charCodeAt(q) === ch) q++;
  if (q - p < 3) return null;
  return { char: ch, length: q - p, bare: scanTo(text, q, line.end, (c) => !isBlankCode(c)) >= line.end };
}

/**
 * Fenced code blocks (a line of three or more backticks or tildes after at most three spaces, then a line break),
 * from the opening line to the end of the closing line (the same fence again); an unclosed fence runs to the end of
 * the text, as in CommonMark.
 */
export function fencedBlocks(text: string, lines: Span[] = lineSpans(text)): Span[] {
  const out: Span[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const open = fenceAt(text, lines[i]);
    if (!open) continue;
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = fenceAt(text, lines[j]);
      if (close && close.bare && close.char === open.char && close.length === open.length) break;
    }
    out.push({ start: lines[i].start, end: j < lines.length ? lines[j].end : text.length });
    i = j;
  }
  return out;
}

/** True when `line` is an ATX heading: at most three spaces, one to six `#`, then a space, a tab or the line's end. */
export function isAtxHeading(text: string, line: Span): boolean {
  const p = afterIndent(text, line);
  let q = p;
  while (q < line.end && q - p < 7 && text.charCodeAt(q) === 35) q++;
  return q > p && q - p <= 6 && (q === line.end || isBlankCode(text.charCodeAt(q)));
}

/** Blanks the given spans of a text (in order, not overlapping). */
export function blankSpans(text: string, spans: Span[]): string {
  const w = new Rewriter(text);
  for (const s of spans) w.put(s.start, s.end);
  return w.done();
}

/**
 * Replaces every HTML tag (`<` up to the next `>`, across lines) by what `by` gives for it; the same as
 * `text.replace(/<[^>]*>/g, by)` in linear time. Once a `<` has no `>` after it, none later has.
 */
export function replaceTags(text: string, by: (tag: string) => string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const lt = text.indexOf('<', at);
    if (lt < 0) break;
    const gt = text.indexOf('>', lt + 1);
    if (gt < 0) break;
    out += text.slice(at, lt) + by(text.slice(lt, gt + 1));
    at = gt + 1;
  }
  return at ? out + text.slice(at) : text;
}
