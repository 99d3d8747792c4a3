import {
  autolinks,
  emphasis,
  frontMatter,
  images,
  inlineCode,
  inlineHtml,
  inlineLinks,
  isClosingBracketOrBreak,
  isContinuation,
  isSetextUnderline,
  isThematicBreak,
  paragraphBreaks,
  referenceLinks,
} from '../text/markdown';
import { listMarkerLength, plainBlocks, splitBlock } from '../text/sentences';
import { afterIndent, blank, blankSpans, fencedBlocks, isAtxHeading, isBlankCode, isBreakCode, isSpaceCode, lineSpans, NextStop, Rewriter, scanTo } from '../text/scan';
import { blankRegions, type Span } from '../text/text';
import { keysIn, LATEX_CITES } from './citationSyntax';

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

const isLower = (c: number) => c >= 97 && c <= 122;

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
