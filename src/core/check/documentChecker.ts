import { segmentDraft, type DraftSentence } from '../drafts/draft';
import { LineIndex, type Span } from '../text/text';
import { then, type MaybePromise } from '../retrieval/passageIndex';
import type { SentenceChecker } from './checker';
import type { DocumentResult, SentenceResult } from './result';

/** Options of a document check. */
export interface CheckOptions {
  /** Treat the draft as Markdown (default true). */
  markdown?: boolean;
  /** Stop computing new sentences after this many milliseconds (cached ones are still returned). */
  budgetMs?: number;
  /** The clock, in milliseconds (default `Date.now`). */
  now?: () => number;
  /**
   * Check the sentences that overlap this span first (the part of the draft an editor shows), then the rest; the
   * result is the same, in document order, but a sliced check's first partial results are the visible ones.
   */
  firstIn?: Span;
}

/** A document's check; `skipped` sentences were not computed (budget exceeded, or cancelled). */
export interface CheckResult extends DocumentResult {
  skipped: number;
  /** Sentences computed (not taken from the cache). */
  computed: number;
}

/** How a sliced check yields to its host and learns that it is no longer wanted. */
export interface Slicing {
  /** Resolves when the host has had a turn (setImmediate, a zero timeout, …). */
  yieldNow: () => Promise<void>;
  /** True once the result is no longer wanted (the text changed again): the check stops. */
  isCancelled: () => boolean;
  /** Work this long between yields. Default 15 ms. */
  sliceMs?: number;
  /** Called at each pause with the sentences checked so far (in document order): for showing first findings early. */
  onPartial?: (sentences: readonly SentenceResult[]) => void;
  /**
   * Sentences checked together, in one `check` call (one retrieval: one round trip to an index that is a database).
   * Default 1. The results are the same; the budget is then looked at once per batch.
   */
  batch?: number;
}

/**
 * Checks drafts as they change: each sentence's result is cached by its text (and citations), so an edit
 * recomputes only the sentences it touched. Results are re-based to where the sentence now stands. When the index
 * changes (sources indexed in the background), the cache is dropped. This is the one way a document is checked:
 * the extension, the CLI and the tools all use it.
 */
export class DocumentChecker {
  private cache = new Map<string, SentenceResult>();
  private generation: number;
  /** Sentences computed (not taken from the cache) by the last check. */
  lastComputed = 0;

  constructor(readonly checker: SentenceChecker, private readonly maxEntries = 20_000) {
    this.generation = checker.index.generation;
  }

  private keyOf(s: DraftSentence, markdown: boolean): string {
    return `${markdown}\u0000${s.masked}\u0000${s.citations.map((c) => `${c.style}:${c.keys.join(',')}@${c.span.start - s.span.start}`).join(';')}`;
  }

  private lookup(s: DraftSentence, key: string, next?: Map<string, SentenceResult>): SentenceResult | undefined {
    if (this.generation !== this.checker.index.generation) {
      this.cache.clear();
      this.generation = this.checker.index.generation;
    }
    const hit = this.cache.get(key) ?? next?.get(key);
    return hit && rebase(hit, s.span.start - hit.span.start, s.text, s.citations);
  }

  private remember(next: Map<string, SentenceResult>): void {
    // Keep the old entries too (undo brings sentences back), up to a bound.
    if (this.cache.size + next.size > this.maxEntries) this.cache = next;
    else for (const [k, v] of next) this.cache.set(k, v);
  }

  /**
   * The check itself, as a generator that yields the sentences checked so far whenever it has worked for
   * `sliceMs` and may pause, or yields a promise when the index answers asynchronously (the driver passes back its
   * value); its return value is the result. `check` runs it through, `checkSliced` pauses.
   */
  private *run(text: string, options: CheckOptions, sliceMs: number, batch = 1): Generator<readonly SentenceResult[] | Promise<SentenceResult[]>, CheckResult, SentenceResult[] | undefined> {
    const markdown = options.markdown ?? true;
    const now = options.now ?? Date.now;
    const start = now();
    let sliceStart = start;
    const seg = segmentDraft(text, markdown);
    const next = new Map<string, SentenceResult>();
    const results: (SentenceResult | undefined)[] = new Array(seg.sentences.length);
    const done = () => results.filter((r): r is SentenceResult => r !== undefined);
    let computed = 0;
    let skipped = 0;
    // Results of sentences checked ahead with an earlier one of their batch, by key.
    const ahead = new Map<string, SentenceResult>();
    const order = checkOrder(seg.sentences, options.firstIn);
    for (let k = 0; k < order.length; k++) {
      const i = order[k];
      const s = seg.sentences[i];
      const key = this.keyOf(s, markdown);
      let r = this.lookup(s, key, next);
      if (!r && ahead.has(key)) {
        r = ahead.get(key)!;
        computed++;
      } else if (!r) {
        if (now() - sliceStart > sliceMs) {
          yield done();
          sliceStart = now();
        }
        if (options.budgetMs !== undefined && now() - start > options.budgetMs) {
          skipped++;
          continue;
        }
        const group = [s];
        const keys = [key];
        for (let j = k + 1; j < order.length && group.length < batch; j++) {
          const t = seg.sentences[order[j]];
          const tk = this.keyOf(t, markdown);
          if (keys.includes(tk) || ahead.has(tk) || this.lookup(t, tk, next)) continue;
          group.push(t);
          keys.push(tk);
        }
        const checked = this.checker.check(group);
        const answers = (checked instanceof Promise ? yield checked : checked)!;
        for (let j = 1; j < keys.length; j++) ahead.set(keys[j], answers[j]);
        r = answers[0];
        computed++;
      }
      next.set(key, r);
      results[i] = r;
    }
    const sentences = done();
    this.remember(next);
    this.lastComputed = computed;
    return { sentences, lines: new LineIndex(text), skipped, computed };
  }

  /** Checks a whole document now (the index must answer synchronously, as the in-memory one does). */
  check(text: string, options: CheckOptions = {}): CheckResult {
    const it = this.run(text, options, Infinity);
    for (;;) {
      const step = it.next();
      if (step.done) return step.value;
      if (step.value instanceof Promise) throw new Error('This index answers asynchronously: check with checkSliced.');
    }
  }

  /**
   * Checks a whole document in slices, yielding between them so the host stays responsive; resolves to undefined
   * when cancelled. Within the budget, the result equals `check`'s.
   */
  async checkSliced(text: string, options: CheckOptions, slicing: Slicing): Promise<CheckResult | undefined> {
    const it = this.run(text, options, slicing.sliceMs ?? 15, Math.max(1, slicing.batch ?? 1));
    let answer: SentenceResult[] | undefined;
    for (;;) {
      const step = it.next(answer);
      answer = undefined;
      if (step.done) return step.value;
      if (step.value instanceof Promise) {
        answer = await step.value;
        if (slicing.isCancelled()) return undefined;
        continue;
      }
      slicing.onPartial?.(step.value);
      await slicing.yieldNow();
      if (slicing.isCancelled()) return undefined;
    }
  }

  /**
   * The check of only the sentence at `offset` (for a hover or a completion), or undefined: at once when it is
   * cached or the index answers synchronously (the in-memory one), else a promise of it (an archive).
   */
  sentenceAt(text: string, offset: number, options: CheckOptions = {}): MaybePromise<SentenceResult | undefined> {
    const markdown = options.markdown ?? true;
    const s = segmentDraft(text, markdown).sentences.find((x) => offset >= x.span.start && offset <= x.span.end);
    if (!s) return undefined;
    const key = this.keyOf(s, markdown);
    const hit = this.lookup(s, key);
    if (hit) return hit;
    const generation = this.generation;
    return then(this.checker.check([s]), (checked) => {
      // An answer that arrives after the index changed is still this sentence's, but not for the new cache.
      if (generation === this.checker.index.generation) this.cache.set(key, checked[0]);
      return checked[0];
    });
  }
}

/** Sentence indices in the order to check them: those overlapping `first` (if given), then the others. */
function checkOrder(sentences: readonly { span: Span }[], first: Span | undefined): number[] {
  const all = sentences.map((_, i) => i);
  if (!first) return all;
  const inView = (i: number) => sentences[i].span.end >= first.start && sentences[i].span.start <= first.end;
  return [...all.filter(inView), ...all.filter((i) => !inView(i))];
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
