// The command line's result cache: each checked sentence's result, kept beside the index cache and reused by a
// later run when the sentence, the sources (the index snapshot, by digest) and the program (its bundle and data,
// by digest) are all the same. A check in CI or a pre-commit hook re-checks only the sentences that changed, as the
// editor does within one session (DocumentChecker), and figure replacements too (they go through the checker).
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { writeFileAtomic } from './atomicWrite';
import { locatePassage, type DraftSentence, type LocatedPassage, type MemoryIndex, type PassageRef, type SentenceChecker, type SentenceResult, type Source } from '../core';

/** At most this many sentences are kept per set of sources (the ones used last). */
const MAX_ENTRIES = 20_000;
// 2: a quantity contradiction carries its source phrase (`sourceText`).
const VERSION = 2;

/** A passage by number, or a two-sentence window (a passage of its own) by its number and span. */
type PassageAt = number | { index: number; span: { start: number; end: number } };
type Ref = Omit<PassageRef, 'source' | 'passage'> & { source: string; passage: PassageAt };
/** A result with its spans relative to the sentence's start, sources by path and passages by number. */
interface Stored {
  r: Omit<SentenceResult, 'span' | 'text' | 'support' | 'contradictions' | 'citations'> & {
    span: { start: number; end: number };
    support: Ref[];
    contradictions: (Ref & Record<string, unknown>)[];
    citations: (Record<string, unknown> & { span: { start: number; end: number }; marker: number; source?: string; best?: Ref })[];
  };
}

interface ResultFile {
  version: number;
  key: string;
  entries: Record<string, Stored>;
}

/**
 * What identifies the program: the running bundle's and its data files' sizes and modification times (as make
 * judges a build), so a new build never reuses a result of an old one. Run from the sources (tests, tsx) there is
 * no bundle: a key of this process alone.
 */
export function programKey(bundle: string = __filename): string {
  if (extname(bundle) !== '.js') return `process-${process.pid}-${randomBytes(8).toString('hex')}`;
  const data = join(dirname(bundle), 'data');
  let names: string[] = [];
  try {
    names = readdirSync(data).sort();
  } catch {
    // no data folder beside the bundle
  }
  const stamp = (f: string) => {
    const s = statSync(f);
    return `${f}\u0000${s.size}\u0000${s.mtimeMs}`;
  };
  return createHash('sha1').update([stamp(bundle), ...names.map((n) => stamp(join(data, n)))].join('\n')).digest('base64');
}

const shift = (s: { start: number; end: number }, d: number) => ({ start: s.start + d, end: s.end + d });

/** The cache key of a sentence: everything of it the checker reads, with spans relative to its start. */
function sentenceKey(s: DraftSentence): string {
  const d = -s.span.start;
  return JSON.stringify([s.text, s.masked, s.span.end - s.span.start, s.citations.map((c) => [c.style, c.label, c.keys, shift(c.span, d), c.keySpans.map((k) => shift(k, d))])]);
}

/**
 * A result cache over one index. `wrap` gives a checker that answers stored sentences from the file and checks the
 * others with the inner checker; `save` writes the file when something new was computed.
 */
export class ResultCache {
  private entries: Record<string, Stored> = {};
  private readonly used = new Map<string, Stored>();
  private added = 0;
  private readonly sources = new Map<string, Source>();
  /** True when the file was read and matched this program and these sources. */
  readonly loaded: boolean;
  /** Sentences answered from the file. */
  hits = 0;

  constructor(
    private readonly file: string,
    private readonly key: string,
    private readonly index: MemoryIndex,
  ) {
    let loaded = false;
    try {
      const f = JSON.parse(readFileSync(file, 'utf8')) as ResultFile;
      if (f.version === VERSION && f.key === key && f.entries && typeof f.entries === 'object') {
        this.entries = f.entries;
        loaded = true;
      }
    } catch {
      // none, unreadable or damaged: start empty (it is rewritten by save)
    }
    this.loaded = loaded;
  }

  /** The checker that consults the file first. */
  wrap(inner: SentenceChecker): SentenceChecker {
    return {
      index: inner.index,
      rankSources: (text, limit) => inner.rankSources(text, limit),
      check: (sentences) => {
        const keys = sentences.map(sentenceKey);
        const out: (SentenceResult | undefined)[] = keys.map((k, i) => {
          const stored = Object.prototype.hasOwnProperty.call(this.entries, k) ? this.entries[k] : undefined;
          const r = stored && this.restore(stored, sentences[i]);
          if (r) {
            this.used.set(k, stored!);
            this.hits++;
          }
          return r;
        });
        const missing = sentences.filter((_, i) => !out[i]);
        if (!missing.length) return out as SentenceResult[];
        const finish = (checked: SentenceResult[]) => {
          let j = 0;
          return out.map((r, i) => {
            if (r) return r;
            const c = checked[j++];
            const stored = this.store(c, sentences[i]);
            if (stored) {
              this.used.set(keys[i], stored);
              this.added++;
            }
            return c;
          });
        };
        const checked = inner.check(missing);
        return checked instanceof Promise ? checked.then(finish) : finish(checked);
      },
    };
  }

  /** Writes the file (atomically) when this run computed something; resolves to an error message, or undefined. */
  save(): string | undefined {
    if (!this.added) return undefined;
    // The entries used by this run, then the older ones, up to the bound.
    const entries: Record<string, Stored> = {};
    let n = 0;
    for (const [k, v] of this.used) if (n++ < MAX_ENTRIES) entries[k] = v;
    for (const k of Object.keys(this.entries)) if (!(k in entries) && n++ < MAX_ENTRIES) entries[k] = this.entries[k];
    try {
      writeFileAtomic(this.file, JSON.stringify({ version: VERSION, key: this.key, entries } satisfies ResultFile));
      return undefined;
    } catch (e) {
      return `cannot write the result cache ${this.file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
    }
  }

  private sourceOf(path: string): Source | undefined {
    if (!this.sources.size) for (const s of this.index.listSources(this.index.stats.sources)) this.sources.set(s.path, s);
    return this.sources.get(path);
  }

  private ref(r: PassageRef): Ref {
    const p = r.passage;
    // The index hands out located copies: a passage is the source's own when its span is.
    const own = r.source.passages[p.index];
    const whole = own !== undefined && own.span.start === p.span.start && own.span.end === p.span.end;
    return { ...r, source: r.source.path, passage: whole ? p.index : { index: p.index, span: p.span } };
  }

  private unref<T extends Ref>(r: T): (Omit<T, 'source' | 'passage'> & { source: Source; passage: LocatedPassage }) | undefined {
    const source = this.sourceOf(r.source);
    if (!source) return undefined;
    const at = r.passage;
    if (typeof at === 'number') {
      const passage = source.passages[at];
      return passage && passage.index === at ? { ...r, source, passage: locatePassage(source, passage) } : undefined;
    }
    if (!source.passages[at.index] || at.span.end > source.text.length) return undefined;
    return { ...r, source, passage: locatePassage(source, { index: at.index, span: { ...at.span }, text: source.text.slice(at.span.start, at.span.end) }) };
  }

  /** The stored form, or undefined for a result the file cannot hold (one with evidence). */
  private store(r: SentenceResult, s: DraftSentence): Stored | undefined {
    if (r.evidence) return undefined;
    const d = -s.span.start;
    const { text: _text, ...rest } = r;
    void _text;
    return {
      r: {
        ...rest,
        span: shift(r.span, d),
        support: r.support.map((x) => this.ref(x)),
        contradictions: r.contradictions.map((c) => ({ ...this.ref(c), ...(c.draftSpan ? { draftSpan: shift(c.draftSpan, d) } : {}) })),
        citations: r.citations.map((c) => ({
          ...c,
          span: shift(c.span, d),
          marker: s.citations.indexOf(c.marker),
          source: c.source?.path,
          best: c.best && this.ref(c.best),
        })),
      },
    };
  }

  private restore(stored: Stored, s: DraftSentence): SentenceResult | undefined {
    const d = s.span.start;
    const x = stored.r;
    const support = x.support.map((r) => this.unref(r));
    const contradictions = x.contradictions.map((c) => {
      const r = this.unref(c);
      return r && (c.draftSpan ? { ...r, draftSpan: shift(c.draftSpan as { start: number; end: number }, d) } : r);
    });
    const citations = x.citations.map((c) => {
      const marker = s.citations[c.marker];
      const source = c.source === undefined ? undefined : this.sourceOf(c.source);
      const best = c.best && this.unref(c.best);
      if (!marker || (c.source !== undefined && !source) || (c.best && !best)) return undefined;
      const { source: _s, best: _b, ...rest } = c;
      void _s;
      void _b;
      return { ...rest, span: shift(c.span, d), marker, ...(source ? { source } : {}), ...(best ? { best } : {}) };
    });
    // A source or passage the index no longer has: not this index's result after all.
    if (support.some((r) => !r) || contradictions.some((r) => !r) || citations.some((r) => !r)) return undefined;
    return { ...x, span: shift(x.span, d), text: s.text, support, contradictions, citations } as unknown as SentenceResult;
  }
}
