import { afterIndent, isBlankCode, isBreakCode, isSpaceCode, NextStop, Rewriter, scanTo } from './scan';
import type { Span } from './text';

// Markdown that is not prose, found by linear scanners over a mask: front matter, footnote continuations, setext
// underlines, thematic breaks, inline code, images, links, autolinks, inline HTML, emphasis, paragraph breaks.

const isLower = (c: number) => c >= 97 && c <= 122;
const isAsciiLetter = (c: number) => isLower(c | 32);
export const isClosingBracketOrBreak = (c: number) => c === 93 || isBreakCode(c);

/** Front matter: a first line `---`, then at least one line, then a line `---` or `...`. Calls `found` with its end. */
export function frontMatter(m: string, lines: Span[], found: (end: number) => void): void {
  const first = lines[0];
  const start = m.charCodeAt(0) === 0xfeff ? 1 : 0;
  const loneCr = m.charCodeAt(first.end) === 13 && m.charCodeAt(first.end + 1) !== 10;
  if (!m.startsWith('---', start) || scanTo(m, start + 3, first.end, (c) => !isBlankCode(c)) < first.end || loneCr) return;
  for (let i = 2; i < lines.length; i++) {
    const l = lines[i];
    if ((m.startsWith('---', l.start) || m.startsWith('...', l.start)) && scanTo(m, l.start + 3, l.end, (c) => !isBlankCode(c)) >= l.end) return found(l.end);
  }
}

/** A footnote definition's continuation line: two spaces or a tab first. */
export function isContinuation(m: string, line: Span): boolean {
  return m.charCodeAt(line.start) === 9 || (m.charCodeAt(line.start) === 32 && m.charCodeAt(line.start + 1) === 32 && line.end > line.start + 1);
}

export function isSetextUnderline(m: string, line: Span): boolean {
  const p = afterIndent(m, line);
  const ch = m.charCodeAt(p);
  if (p >= line.end || (ch !== 61 && ch !== 45)) return false;
  const q = scanTo(m, p, line.end, (c) => c !== ch);
  return scanTo(m, q, line.end, (c) => !isBlankCode(c)) >= line.end;
}

export function isThematicBreak(m: string, line: Span): boolean {
  const p = afterIndent(m, line);
  let marks = 0;
  for (let i = p; i < line.end; i++) {
    const c = m.charCodeAt(i);
    if (c === 45 || c === 42 || c === 95) marks++;
    else if (!isBlankCode(c) || i === p) return false;
  }
  return marks >= 3;
}

/** Inline code: a run of backticks, text without a backtick or line break, a run of backticks. */
export function inlineCode(m: string, w: Rewriter): void {
  for (let p = m.indexOf('`'); p >= 0; ) {
    const q = scanTo(m, p, m.length, (c) => c !== 96);
    const s = scanTo(m, q, m.length, (c) => c === 96 || isBreakCode(c));
    if (m.charCodeAt(s) === 96) {
      const e = scanTo(m, s, m.length, (c) => c !== 96);
      w.put(p, e);
      p = m.indexOf('`', e);
    } else if (q - p >= 2) {
      w.put(p, q); // an unclosed run of two or more closes itself
      p = m.indexOf('`', q);
    } else p = m.indexOf('`', s);
  }
}

/** Images: `![alt](target)`, blanked whole. */
export function images(m: string, w: Rewriter): void {
  const alt = new NextStop(m, isClosingBracketOrBreak);
  const target = new NextStop(m, (c) => c === 41 || isBreakCode(c));
  for (let p = m.indexOf('!['); p >= 0; p = m.indexOf('![', p + 1)) {
    const a = alt.from(p + 2);
    if (m.charCodeAt(a) !== 93 || m.charCodeAt(a + 1) !== 40) continue;
    const b = target.from(a + 2);
    if (m.charCodeAt(b) !== 41) continue;
    w.put(p, b + 1);
    p = b;
  }
}

/** Inline links `[text](target)`, one level of parentheses in the target: the text stays. */
export function inlineLinks(m: string, w: Rewriter): void {
  for (let p = m.indexOf('['); p >= 0; p = m.indexOf('[', p + 1)) {
    // The text stops at the next `[`, so the texts scanned are disjoint.
    const a = scanTo(m, p + 1, m.length, (c) => c === 91 || isClosingBracketOrBreak(c));
    if (m.charCodeAt(a) !== 93 || m.charCodeAt(a + 1) !== 40) continue;
    const end = linkTargetEnd(m, a + 2);
    if (end < 0) continue;
    keepText(w, p, end, m.slice(p + 1, a));
    p = end - 1;
  }
}

/** Reference links `[text][ref]`: the text stays. */
export function referenceLinks(m: string, w: Rewriter): void {
  const ref = new NextStop(m, isClosingBracketOrBreak);
  for (let p = m.indexOf('['); p >= 0; p = m.indexOf('[', p + 1)) {
    const a = scanTo(m, p + 1, m.length, (c) => c === 91 || isClosingBracketOrBreak(c));
    if (m.charCodeAt(a) !== 93 || m.charCodeAt(a + 1) !== 91) continue;
    const b = ref.from(a + 2);
    if (m.charCodeAt(b) !== 93) continue;
    keepText(w, p, b + 1, m.slice(p + 1, a));
    p = b;
  }
}

/** Replaces a link by its text, at the same place: the brackets and the target become spaces. */
export function keepText(w: Rewriter, start: number, end: number, label: string): void {
  w.put(start, end, ' ' + label + ' '.repeat(end - start - label.length - 1));
}

/**
 * End (after the `)`) of a link target starting at `i`, or -1: text without parentheses, with groups `( … )`
 * that hold none. A failed scan stops at the first parenthesis in a group, so it crosses at most the next link.
 */
export function linkTargetEnd(m: string, i: number): number {
  const paren = (c: number) => c === 40 || c === 41 || isBreakCode(c);
  for (;;) {
    const j = scanTo(m, i, m.length, paren);
    const c = m.charCodeAt(j);
    if (c === 41) return j + 1;
    if (c !== 40) return -1;
    const k = scanTo(m, j + 1, m.length, paren);
    if (m.charCodeAt(k) !== 41) return -1;
    i = k + 1;
  }
}

const AUTOLINK = /^<(?:https?|mailto|ftp):/i;

/** Autolinks `<https://…>`, `<mailto:…>`: no space inside. */
export function autolinks(m: string, w: Rewriter): void {
  const end = new NextStop(m, (c) => c === 62 || isSpaceCode(c));
  for (let p = m.indexOf('<'); p >= 0; p = m.indexOf('<', p + 1)) {
    const scheme = AUTOLINK.exec(m.slice(p, p + 8));
    if (!scheme) continue;
    const e = end.from(p + scheme[0].length);
    if (m.charCodeAt(e) !== 62) continue;
    w.put(p, e + 1);
    p = e;
  }
}

/** Inline HTML tags `<name …>` and `</name>` on one line. */
export function inlineHtml(m: string, w: Rewriter): void {
  const end = new NextStop(m, (c) => c === 62 || isBreakCode(c));
  for (let p = m.indexOf('<'); p >= 0; p = m.indexOf('<', p + 1)) {
    const q = m.charCodeAt(p + 1) === 47 ? p + 2 : p + 1;
    if (!isAsciiLetter(m.charCodeAt(q))) continue;
    const e = end.from(q + 1);
    if (m.charCodeAt(e) !== 62) continue;
    w.put(p, e + 1);
    p = e;
  }
}

const INTRAWORD = /[\p{L}\p{N}]_|_[\p{L}\p{N}]/u;

/**
 * Emphasis marks (one to three `*` or `_`) that open before a non-space or close after one are not sentence
 * content; an `_` inside a word (snake_case) stays. As `/(\*{1,3}|_{1,3})(?=\S)|(?<=\S)(\*{1,3}|_{1,3})/g` would
 * find them, without a callback per mark.
 */
export function emphasis(m: string, w: Rewriter): void {
  const notSpace = (i: number) => i >= 0 && i < m.length && !isSpaceCode(m.charCodeAt(i));
  for (let p = 0; p < m.length; ) {
    const ch = m.charCodeAt(p);
    if (ch !== 42 && ch !== 95) {
      p++;
      continue;
    }
    let run = 1;
    while (run < 3 && m.charCodeAt(p + run) === ch) run++;
    // Opening: the run when a non-space follows it, else one mark fewer (a mark follows that); closing: the run.
    const len = (notSpace(p + run) ? run : run - 1) || (notSpace(p - 1) ? run : 0);
    if (!len) {
      p++;
      continue;
    }
    if (!(ch === 95 && INTRAWORD.test(m.slice(p - 1, p + len + 1)))) w.put(p, p + len);
    p += len;
  }
}

/** Spans `\n[ \t]*\r?\n` (a blank line between two paragraphs), in order; each starts at a `\n`. */
export function paragraphBreaks(text: string): Span[] {
  const out: Span[] = [];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    let j = scanTo(text, i + 1, text.length, (c) => !isBlankCode(c));
    if (text.charCodeAt(j) === 13) j++;
    if (text.charCodeAt(j) === 10) out.push({ start: i, end: j + 1 });
  }
  return out;
}

/** A blank line between two paragraphs (what `paragraphBreaks` finds), for a test on a stretch of text. */
export const PARAGRAPH_BREAK = /\n[ \t]*\r?\n/;
