/** Zero-based position, as in the editor: `line` counts `\n`-terminated lines, `character` counts UTF-16 units. */
export interface Position {
  line: number;
  character: number;
}

/** Half-open range of positions. */
export interface Range {
  start: Position;
  end: Position;
}

/** Half-open span of UTF-16 offsets into a text. */
export interface Span {
  start: number;
  end: number;
}

/** Strips a leading byte-order mark. Offsets everywhere else are into the stripped text. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Maps offsets to line/character positions. CRLF and lone CR count as one line break each, so positions
 * agree with the editor's for files with any line endings.
 */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }

  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.starts.length) return this.text.length;
    const lineEnd = pos.line + 1 < this.starts.length ? this.starts[pos.line + 1] : this.text.length;
    return Math.min(this.starts[pos.line] + Math.max(0, pos.character), lineEnd);
  }

  rangeOf(span: Span): Range {
    return { start: this.positionAt(span.start), end: this.positionAt(span.end) };
  }
}

/** Folds typographic variants so that comparisons see "it’s" and "it's" as one. Length-preserving. */
export function foldChars(s: string): string {
  return s.replace(/[\u2018\u2019\u02bc\u2032]/g, "'").replace(/[\u201c\u201d\u2033]/g, '"').replace(/[\u2010-\u2015\u2212]/g, '-');
}

/** Collapses whitespace for display. */
export function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Blanks (keeping line breaks and length) every `open … close` region; an unclosed one runs to the end. Linear time. */
export function blankRegions(text: string, open: string, close: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const s = text.indexOf(open, at);
    if (s < 0) break;
    const c = text.indexOf(close, s + open.length);
    const e = c < 0 ? text.length : c + close.length;
    out += text.slice(at, s) + text.slice(s, e).replace(/[^\r\n]/g, ' ');
    at = e;
    if (c < 0) break;
  }
  return out + text.slice(at);
}
