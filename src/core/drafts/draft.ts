import { listMarkerLength, plainBlocks, splitBlock } from '../text/sentences';
import { afterIndent, blank, blankSpans, fencedBlocks, isAtxHeading, isBlankCode, isBreakCode, isSpaceCode, lineSpans, NextStop, Rewriter, scanTo } from '../text/scan';
import { blankRegions, type Span } from '../text/text';

/** A citation marker in a draft: `[@key]`, `[@a; @b]`, `\cite{a,b}` or a footnote reference `[^1]`. */
export interface CitationMarker {
  /** Keys cited, as written (without `@`). For a footnote, the keys its definition names (may be empty). */
  keys: string[];
  span: Span;
  style: 'pandoc' | 'latex' | 'footnote';
  /** For footnotes: the label. */
  label?: string;
  /** Each key's own span, for hovers and go-to-definition. */
  keySpans: Span[];
}

/** One sentence of a draft: its exact span and the citations attached to it. */
export interface DraftSentence {
  span: Span;
  /** The sentence exactly as written. */
  text: string;
  /** The sentence with citation markers, link targets and markup blanked (same length as `text`). */
  masked: string;
  citations: CitationMarker[];
}

export interface SegmentedDraft {
  sentences: DraftSentence[];
  citations: CitationMarker[];
}

const KEY_WORD = /^[\p{L}\p{N}_]$/u;
const KEY_INNER = ':.#$%&+?<>~/-';

/**
 * The `@key`s in `s` (a key starts and ends with a letter, digit or `_`; inside it may also hold `:.#$%&+?<>~/-`),
 * with each key's offset plus `base`. Linear: `@` cannot occur inside a key, so the runs scanned are disjoint.
 */
function keysIn(s: string, base: number): { key: string; start: number }[] {
  const out: { key: string; start: number }[] = [];
  let at = s.indexOf('@');
  while (at >= 0) {
    let i = at + 1;
    let wordEnd = -1;
    while (i < s.length) {
      const w = (s.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
      const ch = s.slice(i, i + w);
      if (KEY_WORD.test(ch)) {
        i += w;
        wordEnd = i;
      } else if (wordEnd > 0 && KEY_INNER.includes(ch)) i += w;
      else break;
    }
    if (wordEnd > 0) out.push({ key: s.slice(at + 1, wordEnd), start: base + at + 1 });
    at = s.indexOf('@', wordEnd > 0 ? wordEnd : at + 1);
  }
  return out;
}

const LATEX_CITES = new Set(['cite', 'citep', 'citet', 'parencite', 'textcite', 'autocite', 'footcite']);
const isLower = (c: number) => c >= 97 && c <= 122;
const isAsciiLetter = (c: number) => isLower(c | 32);
const isClosingBracketOrBreak = (c: number) => c === 93 || isBreakCode(c);

/**
 * Splits a draft into sentences. `markdown` blanks what is not prose: front matter, fenced code, HTML comments and
 * tags, headings, link and image targets, inline code, footnote and link definitions. Citation markers are taken
 * out of the prose and attached to the sentence they stand in (or directly follow).
 *
 * Linear time on any input: each construct is found by a scanner of `./scan` (see there), one pass each, every pass
 * over the previous pass's mask. Line breaks never move, so the line spans are computed once.
 */
export function segmentDraft(text: string, markdown: boolean): SegmentedDraft {
  let mask = text;
  const lines = lineSpans(text);
  const citations: CitationMarker[] = [];
  const footnoteKeys = new Map<string, string[]>();
  /** Runs one pass: `each` puts the pass's replacements into a rewriter of the current mask, in order. */
  const pass = (each: (m: string, w: Rewriter) => void) => {
    const w = new Rewriter(mask);
    each(mask, w);
    mask = w.done();
  };
  /** A pass over lines: `at` looks at line `i` and returns the index of the last line it used (or `i`). */
  const linePass = (at: (m: string, i: number, w: Rewriter) => number) =>
    pass((m, w) => {
      for (let i = 0; i < lines.length; i++) i = at(m, i, w);
    });
  const lineText = (m: string, i: number) => m.slice(lines[i].start, lines[i].end);

  if (markdown) {
    frontMatter(mask, lines, (end) => (mask = blank(mask.slice(0, end)) + mask.slice(end)));
    mask = blankRegions(mask, '<!--', '-->');
    mask = blankSpans(mask, fencedBlocks(mask, lines));
    // Footnote definitions, `[^label]: …` and the indented lines after it: remember which keys each names.
    linePass((m, i, w) => {
      const line = lines[i];
      const p = afterIndent(m, line);
      if (m.charCodeAt(p) !== 91 || m.charCodeAt(p + 1) !== 94) return i;
      const close = scanTo(m, p + 2, line.end, (c) => c === 93 || isSpaceCode(c));
      if (close === p + 2 || m.charCodeAt(close) !== 93 || m.charCodeAt(close + 1) !== 58) return i;
      let last = i;
      while (last + 1 < lines.length && isContinuation(m, lines[last + 1])) last++;
      const def = m.slice(line.start, lines[last].end);
      footnoteKeys.set(m.slice(p + 2, close), keysIn(def, 0).map((k) => k.key));
      w.put(line.start, lines[last].end);
      return last;
    });
    // Link reference definitions: `[label]: target …`.
    linePass((m, i, w) => {
      const line = lines[i];
      const p = afterIndent(m, line);
      if (m.charCodeAt(p) !== 91) return i;
      const close = scanTo(m, p + 1, line.end, (c) => c === 93);
      if (close === p + 1 || close >= line.end || m.charCodeAt(close + 1) !== 58) return i;
      const target = scanTo(m, close + 2, line.end, (c) => !isBlankCode(c));
      if (target < line.end && !isSpaceCode(m.charCodeAt(target))) w.put(line.start, line.end);
      return i;
    });
    linePass((m, i, w) => (isAtxHeading(m, lines[i]) && w.put(lines[i].start, lines[i].end), i));
    // Setext headings: a line of text over a line of `=` or `-`. A list item or a blank line over `---` is not one.
    linePass((m, i, w) => {
      if (i + 1 >= lines.length || lines[i].end === lines[i].start || !isSetextUnderline(m, lines[i + 1])) return i;
      const first = lineText(m, i);
      if (first.trim() && !listMarkerLength(first)) w.put(lines[i].start, lines[i + 1].end);
      return i + 1;
    });
    linePass((m, i, w) => (isThematicBreak(m, lines[i]) && w.put(lines[i].start, lines[i].end), i));
    pass(inlineCode);
    pass(images);
  }
  // Citation markers (before link syntax: `[@key]` is not a link).
  pass((m, w) => {
    for (let p = m.indexOf('['); p >= 0; p = m.indexOf('[', p + 1)) {
      // The content stops at the next `[`, so the contents scanned are disjoint.
      const close = scanTo(m, p + 1, m.length, (c) => c === 91 || c === 93 || isBreakCode(c));
      if (m.charCodeAt(close) !== 93) continue;
      const found = keysIn(m.slice(p + 1, close), p + 1);
      if (found.length) {
        citations.push({ keys: found.map((k) => k.key), span: { start: p, end: close + 1 }, style: 'pandoc', keySpans: found.map((k) => ({ start: k.start, end: k.start + k.key.length })) });
        w.put(p, close + 1);
      }
      p = close;
    }
  });
  pass((m, w) => {
    const bracket = new NextStop(m, isClosingBracketOrBreak);
    const brace = new NextStop(m, (c) => c === 125 || isBreakCode(c));
    for (let p = m.indexOf('\\'); p >= 0; p = m.indexOf('\\', p + 1)) {
      let q = p + 1;
      while (isLower(m.charCodeAt(q))) q++;
      if (!LATEX_CITES.has(m.slice(p + 1, q))) continue;
      if (m.charCodeAt(q) === 42) q++; // \cite*
      for (let n = 0; n < 2 && m.charCodeAt(q) === 91; n++) {
        const close = bracket.from(q + 1);
        if (m.charCodeAt(close) !== 93) break;
        q = close + 1;
      }
      if (m.charCodeAt(q) !== 123) continue;
      const close = brace.from(q + 1);
      if (m.charCodeAt(close) !== 125) continue;
      const keySpans: Span[] = [];
      const keys: string[] = [];
      for (const k of m.slice(q + 1, close).matchAll(/[^,\s]+/g)) {
        const s = q + 1 + (k.index ?? 0);
        keys.push(k[0]);
        keySpans.push({ start: s, end: s + k[0].length });
      }
      citations.push({ keys, span: { start: p, end: close + 1 }, style: 'latex', keySpans });
      w.put(p, close + 1);
      p = close;
    }
  });
  pass((m, w) => {
    const label = new NextStop(m, (c) => c === 93 || isSpaceCode(c));
    for (let p = m.indexOf('[^'); p >= 0; p = m.indexOf('[^', p + 1)) {
      const close = label.from(p + 2);
      if (close === p + 2 || m.charCodeAt(close) !== 93 || m.charCodeAt(close + 1) === 58) continue;
      const name = m.slice(p + 2, close);
      citations.push({ keys: footnoteKeys.get(name) ?? [], span: { start: p, end: close + 1 }, style: 'footnote', label: name, keySpans: [] });
      w.put(p, close + 1);
      p = close;
    }
  });
  if (markdown) {
    pass(inlineLinks);
    pass(referenceLinks);
    pass(autolinks);
    pass(inlineHtml);
    linePass((m, i, w) => {
      const p = afterIndent(m, lines[i]);
      if (p < lines[i].end && m.charCodeAt(p) === 62) w.put(lines[i].start, isBlankCode(m.charCodeAt(p + 1)) && p + 1 < lines[i].end ? p + 2 : p + 1);
      return i;
    }); // blockquote marks
    linePass((m, i, w) => {
      const t = lineText(m, i);
      if (t && t.includes('|') && t.includes('---') && /^[ \t|:-]+$/.test(t)) w.put(lines[i].start, lines[i].end);
      return i;
    }); // table rules (one character class, nothing after it: linear)
  }
  // Bare URLs: a fixed prefix and one greedy class with nothing after it, so the expression cannot backtrack.
  mask = mask.replace(/\bhttps?:\/\/[^\s<>)\]]+/gi, blank);
  if (markdown) pass(emphasis);

  const spans = plainBlocks(mask, markdown).flatMap((b) => splitBlock(mask, b));
  citations.sort((a, b) => a.span.start - b.span.start);
  const sentences: DraftSentence[] = spans.map((span) => ({ span, text: text.slice(span.start, span.end), masked: mask.slice(span.start, span.end), citations: [] }));
  // Attach each marker to the sentence it stands in, or else the nearest sentence before it in the same paragraph.
  const breaks = paragraphBreaks(text);
  for (const c of citations) {
    const k = firstEndingAfter(sentences, c.span.start);
    const s = sentences[k];
    if (s && s.span.start <= c.span.start) s.citations.push(c);
    else if (k > 0 && !hasBreak(breaks, sentences[k - 1].span.end, c.span.start)) sentences[k - 1].citations.push(c);
  }
  return { sentences, citations };
}

/** Front matter: a first line `---`, then at least one line, then a line `---` or `...`. Calls `found` with its end. */
function frontMatter(m: string, lines: Span[], found: (end: number) => void): void {
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
function isContinuation(m: string, line: Span): boolean {
  return m.charCodeAt(line.start) === 9 || (m.charCodeAt(line.start) === 32 && m.charCodeAt(line.start + 1) === 32 && line.end > line.start + 1);
}

function isSetextUnderline(m: string, line: Span): boolean {
  const p = afterIndent(m, line);
  const ch = m.charCodeAt(p);
  if (p >= line.end || (ch !== 61 && ch !== 45)) return false;
  const q = scanTo(m, p, line.end, (c) => c !== ch);
  return scanTo(m, q, line.end, (c) => !isBlankCode(c)) >= line.end;
}

function isThematicBreak(m: string, line: Span): boolean {
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
function inlineCode(m: string, w: Rewriter): void {
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
function images(m: string, w: Rewriter): void {
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
function inlineLinks(m: string, w: Rewriter): void {
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
function referenceLinks(m: string, w: Rewriter): void {
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
function keepText(w: Rewriter, start: number, end: number, label: string): void {
  w.put(start, end, ' ' + label + ' '.repeat(end - start - label.length - 1));
}

/**
 * End (after the `)`) of a link target starting at `i`, or -1: text without parentheses, with groups `( … )`
 * that hold none. A failed scan stops at the first parenthesis in a group, so it crosses at most the next link.
 */
function linkTargetEnd(m: string, i: number): number {
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
function autolinks(m: string, w: Rewriter): void {
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
function inlineHtml(m: string, w: Rewriter): void {
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
function emphasis(m: string, w: Rewriter): void {
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
function paragraphBreaks(text: string): Span[] {
  const out: Span[] = [];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    let j = scanTo(text, i + 1, text.length, (c) => !isBlankCode(c));
    if (text.charCodeAt(j) === 13) j++;
    if (text.charCodeAt(j) === 10) out.push({ start: i, end: j + 1 });
  }
  return out;
}

/** Whether a blank line lies wholly inside [from, to). Breaks are in order and their ends increase. */
function hasBreak(breaks: Span[], from: number, to: number): boolean {
  let lo = 0;
  let hi = breaks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (breaks[mid].start < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < breaks.length && breaks[lo].end <= to;
}

/** Index of the first sentence that ends after `offset` (sentences are in order and do not overlap). */
function firstEndingAfter(sentences: DraftSentence[], offset: number): number {
  let lo = 0;
  let hi = sentences.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sentences[mid].span.end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
