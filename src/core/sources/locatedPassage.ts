import type { Range } from '../text/text';
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
  let range: Range | undefined;
  let written: string | undefined;
  const { span } = passage;
  return {
    ...passage,
    get range() {
      return (range ??= source.lines.rangeOf(span));
    },
    get written() {
      return (written ??= source.text.slice(span.start, span.end));
    },
  };
}
