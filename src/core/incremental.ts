import { segmentDraft } from './draft';
import type { Corpus, DocumentOptions, DocumentResult, SentenceResult } from './engine';
import { LineIndex, type Span } from './text';

/**
 * Checks drafts as they change: each sentence's result is cached by its text (and citations), so an edit
 * recomputes only the sentences it touched. Results are re-based to where the sentence now stands.
 */
export class DocumentChecker {
  private cache = new Map<string, SentenceResult>();
  /** Sentences computed (not taken from the cache) by the last `check`. */
  lastComputed = 0;

  constructor(readonly corpus: Corpus, private readonly maxEntries = 20_000) {}

  check(text: string, options: DocumentOptions = {}): DocumentResult {
    const seg = segmentDraft(text, options.markdown ?? true);
    const next = new Map<string, SentenceResult>();
    let computed = 0;
    const sentences = seg.sentences.map((s) => {
      const key = `${options.markdown ?? true}\u0000${s.masked}\u0000${s.citations.map((c) => `${c.style}:${c.keys.join(',')}@${c.span.start - s.span.start}`).join(';')}`;
      const hit = this.cache.get(key) ?? next.get(key);
      let r: SentenceResult;
      if (hit) r = rebase(hit, s.span.start - hit.span.start, s.text, s.citations);
      else {
        r = this.corpus.checkSentence(s.text, s.span, s.masked, s.citations, options);
        computed++;
      }
      next.set(key, r);
      return r;
    });
    // Keep the old entries too (undo brings sentences back), up to a bound.
    if (this.cache.size + next.size > this.maxEntries) this.cache = next;
    else for (const [k, v] of next) this.cache.set(k, v);
    this.lastComputed = computed;
    return { sentences, lines: new LineIndex(text) };
  }
}

function shift(span: Span, d: number): Span {
  return { start: span.start + d, end: span.end + d };
}

function rebase(r: SentenceResult, d: number, text: string, markers: SentenceResult['citations'][number]['marker'][]): SentenceResult {
  if (d === 0 && r.text === text) return r;
  return {
    ...r,
    text,
    span: shift(r.span, d),
    contradictions: r.contradictions.map((c) => (c.draftSpan ? { ...c, draftSpan: shift(c.draftSpan, d) } : c)),
    citations: r.citations.map((c) => ({ ...c, span: shift(c.span, d), marker: markers.find((m) => m.span.start === c.marker.span.start + d) ?? c.marker })),
  };
}
