import type { Range, Span } from '../text/text';
import type { Passage, Source } from './source';

/**
 * A passage as an index hands it out: self-contained, so that cards, reports and links need not the source's whole
 * text or its line index.
 */
export interface LocatedPassage extends Passage {
  /** Where `span` stands in the source file, in lines and characters. */
  readonly range: Range;
  /** The source text of `span` as written (for HTML, with its tags): match offsets index it from `span.start`. */
  readonly written: string;
}

/**
 * `passage` of `source` as a located passage. Its range and written text are read from the source when first asked
 * for, so locating the candidates of a check costs no line index.
 */
export function locatePassage(source: Pick<Source, 'text' | 'lines'>, passage: Passage): LocatedPassage {
  return new Located(source, passage);
}

/**
 * One class, so that the hundreds of thousands of candidates a long check locates share their accessors (an object
 * literal with getters made two closures each). `range` and `written` are getters of the class: a spread copies
 * only the passage's own fields; JSON (`toJSON`) carries all of them.
 */
class Located implements LocatedPassage {
  readonly index: number;
  readonly span: Span;
  readonly text: string;
  readonly page?: number;
  #source: Pick<Source, 'text' | 'lines'>;
  #range?: Range;
  #written?: string;

  constructor(source: Pick<Source, 'text' | 'lines'>, passage: Passage) {
    this.#source = source;
    this.index = passage.index;
    this.span = passage.span;
    this.text = passage.text;
    if (passage.page !== undefined) this.page = passage.page;
  }

  get range(): Range {
    return (this.#range ??= this.#source.lines.rangeOf(this.span));
  }

  get written(): string {
    return (this.#written ??= this.#source.text.slice(this.span.start, this.span.end));
  }

  toJSON(): Passage & { range: Range; written: string } {
    return {
      index: this.index,
      span: this.span,
      text: this.text,
      ...(this.page !== undefined && { page: this.page }),
      range: this.range,
      written: this.written,
    };
  }
}
