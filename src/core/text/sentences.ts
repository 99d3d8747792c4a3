import { isSpaceCode } from './scan';
import type { Span } from './text';

/**
 * Sentence segmentation with exact offsets. Every returned span satisfies
 * `text.slice(span.start, span.end)` === the sentence as written (no trimming beyond whitespace and list markers).
 */

// Words that end with a period without ending a sentence. General English abbreviations only.
const ABBREVIATIONS = new Set(
  ('mr mrs ms dr prof sr jr st mt ft inc ltd co corp bros vs etc al approx dept est fig gen gov sen rep rev sgt ' +
    'capt col lt cmdr adm pres no nos vol pp jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun ' +
    'e.g i.e a.m p.m u.s u.k u.n e.u ph.d b.a m.a d.c n.y l.a ave blvd rd cf ca esp incl')
    .split(' '),
);

const BULLET = /^[ \t]*(?:[-*+•·▪‣◦–—]|\d{1,3}[.)])[ \t]+/;

/** Length of the list marker (with its spaces) at the start of `line`, or 0. */
export function listMarkerLength(line: string): number {
  const m = BULLET.exec(line);
  return m ? m[0].length : 0;
}

const WORD_OR_DOT = /[\p{L}\p{N}.]/u;
const FINAL_DOT = /\.$/;
const INITIAL = /^\p{Lu}$/u;
const DOTTED = /^(?:\p{L}\.)+\p{L}$/u;

function isBoundaryAbbrev(text: string, dot: number): boolean {
  // The token that ends at `dot` (exclusive of the dot).
  let s = dot;
  while (s > 0 && WORD_OR_DOT.test(text[s - 1])) s--;
  const word = text.slice(s, dot).toLowerCase();
  if (!word) return false;
  if (ABBREVIATIONS.has(word) || ABBREVIATIONS.has(word.replace(FINAL_DOT, ''))) return true;
  if (INITIAL.test(text.slice(s, dot))) return true; // an initial: "J. Smith"
  if (DOTTED.test(word)) return true; // "U.S" before the final dot
  return false;
}

/**
 * Splits one block of prose (a paragraph, a list item, a heading) into sentence spans. `mask` may blank parts of
 * the text (code, link targets, citation markers) with spaces of the same length; boundaries are decided on it,
 * and spans index both.
 */
export function splitBlock(mask: string, block: Span): Span[] {
  const out: Span[] = [];
  let start = block.start;
  const push = (end: number) => {
    let s = start;
    let e = end;
    while (s < e && isSpaceCode(mask.charCodeAt(s))) s++;
    while (e > s && isSpaceCode(mask.charCodeAt(e - 1))) e--;
    if (e > s && LETTER_OR_DIGIT.test(mask.slice(s, e))) out.push({ start: s, end: e });
  };
  let i = block.start;
  while (i < block.end) {
    const code = mask.charCodeAt(i);
    if (isTerminal(code)) {
      const c = mask[i];
      let j = i + 1;
      while (j < block.end && (isTerminal(mask.charCodeAt(j)) || isCloser(mask.charCodeAt(j)))) j++;
      // A boundary needs whitespace after the punctuation (or the block's end).
      if (j >= block.end) {
        i = j;
        continue;
      }
      if (!isSpaceCode(mask.charCodeAt(j))) {
        i = j;
        continue;
      }
      let k = j;
      while (k < block.end && isSpaceCode(mask.charCodeAt(k))) k++;
      const next = mask[k] ?? '';
      const startsSentence = SENTENCE_START.test(next) || (NOT_LETTER_DIGIT_SPACE.test(next) === false && OTHER_LETTER.test(next));
      if (c === '.' && isBoundaryAbbrev(mask, i) && !(ETC.test(mask.slice(Math.max(0, i - 3), i)) && UPPER.test(next))) {
        i = j;
        continue;
      }
      if (startsSentence || c !== '.') {
        if (startsSentence || UPPER.test(next) || c === '!' || c === '?') {
          push(j);
          start = k;
        }
      }
      i = j;
      continue;
    }
    i++;
  }
  push(block.end);
  return out;
}

// The expressions splitBlock tests, made once (a literal in a loop is a new object each time it is evaluated).
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const SENTENCE_START = /[\p{Lu}\p{N}"'“‘(\[¡¿•*_-]/u;
const NOT_LETTER_DIGIT_SPACE = /[^\p{L}\p{N}\s]/u;
const OTHER_LETTER = /\p{Lo}/u;
const UPPER = /\p{Lu}/u;
const ETC = /^etc$/i;
/** Sentence-ending punctuation: `.`, `!`, `?`, `…`. */
const isTerminal = (c: number) => c === 46 || c === 33 || c === 63 || c === 0x2026;
/** What may close a sentence after its punctuation: `"'”’)]}»`. */
const isCloser = (c: number) => c === 34 || c === 39 || c === 0x201d || c === 0x2019 || c === 41 || c === 93 || c === 125 || c === 0xbb;

/**
 * Blocks of a plain-text document: paragraphs separated by blank lines; a line that is a list item, or a short
 * line without final punctuation (a headline), or a line after one that ends a sentence, starts a new block.
 * Soft-wrapped lines stay in one block. Leading list markers are left out of the block. With `markdown`, only blank
 * lines and list items start blocks, as in CommonMark paragraphs.
 */
export function plainBlocks(mask: string, markdown = false): Span[] {
  const lines: Span[] = [];
  const re = /[^\r\n]*(?:\r\n|\r|\n|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(mask)) && m[0].length) {
    const raw = m[0].replace(/[\r\n]+$/, '');
    lines.push({ start: m.index, end: m.index + raw.length });
    if (re.lastIndex >= mask.length) break;
  }
  const blocks: Span[] = [];
  let cur: Span | null = null;
  let prevText = '';
  for (const line of lines) {
    const text = mask.slice(line.start, line.end);
    if (!text.trim()) {
      if (cur) blocks.push(cur);
      cur = null;
      prevText = '';
      continue;
    }
    const marker = listMarkerLength(text);
    const prevEnds = /[.!?…:]["'”’)\]]*$/.test(prevText.trim());
    const prevHeadline = prevText !== '' && !/[.!?…,;:]["'”’)\]]*$/.test(prevText.trim()) && prevText.trim().length <= 120;
    // A short unpunctuated line is a headline when the next line starts like a sentence; a wrapped line's
    // continuation starts in lower case.
    const startsLikeSentence = /^[\p{Lu}\p{N}"'“‘(\[]/u.test(text.trimStart());
    const startsNew = !cur || marker > 0 || (!markdown && (prevEnds || (prevHeadline && startsLikeSentence)));
    if (startsNew) {
      if (cur) blocks.push(cur);
      cur = { start: line.start + marker, end: line.end };
    } else if (cur) {
      cur.end = line.end;
    }
    prevText = text;
  }
  if (cur) blocks.push(cur);
  return blocks;
}

/** Sentences of a plain-text document (or of a masked Markdown document's prose). */
export function splitSentences(mask: string, blocks: Span[] = plainBlocks(mask)): Span[] {
  return blocks.flatMap((b) => splitBlock(mask, b));
}
