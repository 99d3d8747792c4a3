import { listMarkerLength, plainBlocks, splitBlock } from '../text/sentences';
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

const blank = (s: string) => s.replace(/[^\r\n]/g, ' ');
const KEY = /@([\p{L}\p{N}_](?:[\p{L}\p{N}_:.#$%&+?<>~/-]*[\p{L}\p{N}_])?)/gu;

/**
 * Splits a draft into sentences. `markdown` blanks what is not prose: front matter, fenced code, HTML comments and
 * tags, headings, link and image targets, inline code, footnote and link definitions. Citation markers are taken
 * out of the prose and attached to the sentence they stand in (or directly follow).
 */
export function segmentDraft(text: string, markdown: boolean): SegmentedDraft {
  let mask = text;
  const citations: CitationMarker[] = [];
  const footnoteKeys = new Map<string, string[]>();
  const replaceAll = (re: RegExp, fn: (m: RegExpExecArray) => string) => {
    mask = mask.replace(re, (...args) => {
      const m = args.slice(0, -2) as unknown as RegExpExecArray;
      const match = args[0] as string;
      const out = fn(Object.assign([...m], { index: args[args.length - 2] as number, input: mask }) as RegExpExecArray);
      return out.length === match.length ? out : blank(match);
    });
  };

  if (markdown) {
    const fm = /^\uFEFF?---[ \t]*\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)[ \t]*(?=\r?\n|$)/.exec(mask);
    if (fm) mask = blank(fm[0]) + mask.slice(fm[0].length);
    mask = blankRegions(mask, '<!--', '-->');
    // Fenced code blocks (an unclosed fence runs to the end, as in CommonMark).
    replaceAll(/^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:^[ \t]{0,3}\1[ \t]*$|(?![\s\S]))/gm, (m) => blank(m[0]));
    // Footnote definitions: remember which keys each names, then blank them.
    replaceAll(/^[ \t]{0,3}\[\^([^\]\s]+)\]:[^\n]*(?:\n(?: {2,}|\t)[^\n]*)*/gm, (m) => {
      footnoteKeys.set(m[1], [...m[0].matchAll(KEY)].map((k) => k[1]));
      return blank(m[0]);
    });
    replaceAll(/^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S+[^\n]*$/gm, (m) => blank(m[0])); // link reference definitions
    replaceAll(/^[ \t]{0,3}#{1,6}(?:[ \t][^\n]*)?$/gm, (m) => blank(m[0])); // ATX headings
    replaceAll(/^([^\n]+)\n[ \t]{0,3}(?:=+|-+)[ \t]*$/gm, (m) => (/^\s*$/.test(m[1]) || listMarkerLength(m[1]) ? m[0] : blank(m[0]))); // setext
    replaceAll(/^[ \t]{0,3}(?:[-*_][ \t]*){3,}$/gm, (m) => blank(m[0])); // thematic breaks
    replaceAll(/`+[^`\n]*`+/g, (m) => blank(m[0])); // inline code
    replaceAll(/!\[[^\]\n]*\]\([^)\n]*\)/g, (m) => blank(m[0])); // images
  }
  // Citation markers (before link syntax: `[@key]` is not a link).
  replaceAll(/\[([^[\]\n]*@[^[\]\n]*)\]/g, (m) => {
    const keySpans: Span[] = [];
    const keys: string[] = [];
    for (const k of m[1].matchAll(KEY)) {
      const s = m.index + 1 + (k.index ?? 0) + 1;
      keys.push(k[1]);
      keySpans.push({ start: s, end: s + k[1].length });
    }
    if (!keys.length) return m[0];
    citations.push({ keys, span: { start: m.index, end: m.index + m[0].length }, style: 'pandoc', keySpans });
    return blank(m[0]);
  });
  replaceAll(/\\(?:cite|citep|citet|parencite|textcite|autocite|footcite)\*?(?:\[[^\]\n]*\]){0,2}\{([^}\n]*)\}/g, (m) => {
    const keySpans: Span[] = [];
    const keys: string[] = [];
    const open = m[0].lastIndexOf('{') + 1;
    for (const k of m[1].matchAll(/[^,\s]+/g)) {
      const s = m.index + open + (k.index ?? 0);
      keys.push(k[0]);
      keySpans.push({ start: s, end: s + k[0].length });
    }
    citations.push({ keys, span: { start: m.index, end: m.index + m[0].length }, style: 'latex', keySpans });
    return blank(m[0]);
  });
  replaceAll(/\[\^([^\]\s]+)\](?!:)/g, (m) => {
    citations.push({ keys: footnoteKeys.get(m[1]) ?? [], span: { start: m.index, end: m.index + m[0].length }, style: 'footnote', label: m[1], keySpans: [] });
    return blank(m[0]);
  });
  if (markdown) {
    // Links: keep the text, blank the brackets and the target.
    replaceAll(/\[([^[\]\n]*)\]\(([^()\n]*(?:\([^()\n]*\)[^()\n]*)*)\)/g, (m) => ' ' + m[1] + ' '.repeat(m[0].length - m[1].length - 1));
    replaceAll(/\[([^[\]\n]*)\]\[[^\]\n]*\]/g, (m) => ' ' + m[1] + ' '.repeat(m[0].length - m[1].length - 1));
    replaceAll(/<(?:https?|mailto|ftp):[^>\s]*>/gi, (m) => blank(m[0])); // autolinks
    replaceAll(/<\/?[A-Za-z][^>\n]*>/g, (m) => blank(m[0])); // inline HTML
    replaceAll(/^[ \t]{0,3}>[ \t]?/gm, (m) => blank(m[0])); // blockquote marks
    replaceAll(/^[ \t|:-]+$/gm, (m) => (m[0].includes('|') && m[0].includes('---') ? blank(m[0]) : m[0])); // table rules (one character class: linear)
  }
  replaceAll(/\bhttps?:\/\/[^\s<>)\]]+/gi, (m) => blank(m[0])); // bare URLs
  // Emphasis marks are not sentence content.
  if (markdown) replaceAll(/(\*{1,3}|_{1,3})(?=\S)|(?<=\S)(\*{1,3}|_{1,3})/g, (m) => (/[\p{L}\p{N}]_|_[\p{L}\p{N}]/u.test(m.input.slice(m.index - 1, m.index + m[0].length + 1)) && m[0][0] === '_' ? m[0] : blank(m[0])));

  const spans = plainBlocks(mask, markdown).flatMap((b) => splitBlock(mask, b));
  citations.sort((a, b) => a.span.start - b.span.start);
  const sentences: DraftSentence[] = spans.map((span) => ({ span, text: text.slice(span.start, span.end), masked: mask.slice(span.start, span.end), citations: [] }));
  // Attach each marker to the sentence it stands in, or else the nearest sentence before it on the same paragraph.
  for (const c of citations) {
    let target: DraftSentence | undefined;
    for (const s of sentences) {
      if (c.span.start >= s.span.start && c.span.start < s.span.end) {
        target = s;
        break;
      }
      if (s.span.end <= c.span.start && !/\n[ \t]*\r?\n/.test(text.slice(s.span.end, c.span.start))) target = s;
      if (s.span.start > c.span.start) break;
    }
    target?.citations.push(c);
  }
  return { sentences, citations };
}
