import type { SentenceChecker } from '../check/checker';
import type { Contradiction, PassageRef, SentenceResult } from '../check/result';
import { segmentDraft, type DraftSentence } from '../drafts/draft';
import { squash, type Range, type Span } from '../text/text';

/** Stable finding codes: diagnostics' `code`, settings' keys, the CLI's output. */
export const FINDING_CODES = ['contradicted', 'disputed', 'citation-unsupported', 'unknown-citation', 'single-source', 'unsupported'] as const;
export type FindingCode = (typeof FINDING_CODES)[number];
export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = Severity | 'off';

/** Default severity of each code (users override them in settings or on the command line). */
export const DEFAULT_SEVERITY: Record<FindingCode, SeveritySetting> = {
  contradicted: 'error',
  disputed: 'warning',
  'citation-unsupported': 'warning',
  'unknown-citation': 'error',
  'single-source': 'information',
  unsupported: 'information',
};

/** How a finding is shown given the severity set for its code: a cited single-source claim is only a hint. */
export function levelOf(finding: Pick<Finding, 'code' | 'attributed'>, severity: SeveritySetting): SeveritySetting {
  return finding.code === 'single-source' && finding.attributed && severity !== 'off' ? 'hint' : severity;
}

/** The order summaries (the CLI's last line, the status bar) list statuses and their findings in. */
export const SUMMARY_ORDER = ['corroborated', 'single-source', 'contradicted', 'disputed', 'unsupported', 'none'] as const;

/** A passage a finding points at. */
export interface RelatedPassage {
  sourceKey: string;
  /** Path relative to the sources folder. */
  path: string;
  root?: string;
  range: Range;
  span: Span;
  quote: string;
  message: string;
}

/** An edit that fixes a finding: replace the draft's text at `span` (document offsets) with `text`. */
export interface Replacement {
  span: Span;
  text: string;
  /** The source whose figure it writes: the sentence, so edited, is stated by this source (checked). */
  key: string;
}

/** One problem with a draft sentence, as data: the adapters map it to diagnostics or text lines. */
export interface Finding {
  code: FindingCode;
  /** One line that leads with the reason and the key: `90 days — [@a] says 30-day`. Titles are in `related`. */
  message: string;
  span: Span;
  related: RelatedPassage[];
  /**
   * For quantity conflicts: the source's figure (its bound, number and unit) in place of the draft's. Only present
   * when the findings were made with a `FindingContext` and the sentence with the edit applied is stated by that
   * source, so a fix never writes a new false claim.
   */
  replacement?: Replacement;
  /** For citation findings: the key. For single-source and contradicted: the key of the (first) source. */
  key?: string;
  /** A single-source claim that already cites its source. */
  attributed?: boolean;
}

/** What findings need to offer fixes: the checker the sentence was checked with, and how the draft is read. */
export interface FindingContext {
  checker: SentenceChecker;
  markdown: boolean;
}

const short = (s: string, n = 160) => {
  const t = squash(s);
  return t.length > n ? t.slice(0, n - 1) + '…' : t;
};

const cite = (key: string) => `[@${key}]`;
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function related(ref: PassageRef | Contradiction, message: string): RelatedPassage {
  return {
    sourceKey: ref.source.key,
    path: ref.source.path,
    root: ref.source.root,
    range: ref.passage.range,
    span: ref.passage.span,
    quote: squash(ref.passage.text),
    message,
  };
}

/**
 * A contradiction as a short phrase that leads with the draft's words and the source's key:
 * "90 days — [@a] says 30-day". Reasons of other shapes keep their wording, followed by the key.
 */
export function conflictPhrase(c: Contradiction): string {
  const k = cite(c.source.key);
  const quantity = /^source says (.+), draft says (.+)$/.exec(c.reason);
  if (quantity) return `${quantity[2]} — ${k} says ${midSentence(quantity[1])}`;
  const antonym = /^source says (.+) where the draft says (.+)$/.exec(c.reason);
  if (antonym) return `${antonym[2]} — ${k} says ${antonym[1]}`;
  const negation = /^opposite polarity: the (source|draft) says (".+?")/.exec(c.reason);
  if (negation) return negation[1] === 'source' ? `Opposite — ${k} says ${negation[2]}` : `${negation[2]} — ${k} says the opposite`;
  const roles = /^roles swapped: the source says (.+)$/.exec(c.reason);
  if (roles) return `Roles swapped — ${k} says ${roles[1]}`;
  return `${cap(c.reason)} — ${k}`;
}

/** A figure that began a source's sentence, as it reads inside the draft's ("More than" → "more than"). */
function midSentence(t: string): string {
  return /^[A-Z][a-z]*\b/.test(t) && !CALENDAR.test(t) ? t.charAt(0).toLowerCase() + t.slice(1) : t;
}

const keyList = (keys: string[]) => (keys.length <= 3 ? keys.map(cite).join(', ') : `${keys.slice(0, 2).map(cite).join(', ')} and ${keys.length - 2} more`);

/** Findings for one checked sentence. With a context, contradicted figures get a checked replacement. */
export function findingsFor(s: SentenceResult, context?: FindingContext): Finding[] {
  const out: Finding[] = [];
  // Related information is one short line each (key and title): VS Code repeats it in the hover above the card,
  // which quotes the passages.
  const sup = s.support.map((r) => related(r, `${cite(r.source.key)} ${short(r.source.title, 70)}`));
  const con = s.contradictions.map((r) => related(r, `${cite(r.source.key)} ${short(r.source.title, 70)}`));
  switch (s.status) {
    case 'contradicted': {
      const c = s.contradictions[0];
      const more = s.contradictions.length > 1 ? ` (and ${s.contradictions.length - 1} more source${s.contradictions.length > 2 ? 's' : ''})` : '';
      const f: Finding = { code: 'contradicted', message: `${conflictPhrase(c)}${more}`, span: s.span, related: con, key: c.source.key };
      const fix = context && checkedReplacement(s, context);
      if (fix) f.replacement = fix;
      out.push(f);
      break;
    }
    case 'disputed': {
      const c = s.contradictions[0];
      const more = s.contradictions.length > 1 ? ` (and ${s.contradictions.length - 1} more)` : '';
      const keys = s.support.map((r) => r.source.key);
      out.push({
        code: 'disputed',
        message: `${conflictPhrase(c)}${more}; ${keyList(keys)} state${keys.length === 1 ? 's' : ''} it`,
        span: s.span,
        related: [...sup, ...con],
      });
      break;
    }
    case 'single-source': {
      const r = s.support[0];
      out.push({
        code: 'single-source',
        message: s.attributed ? `Only ${cite(r.source.key)} states this (cited): find a second source` : `Only ${cite(r.source.key)} states this: cite it or find a second source`,
        span: s.span,
        related: sup,
        key: r.source.key,
        attributed: s.attributed,
      });
      break;
    }
    case 'unsupported':
      out.push({ code: 'unsupported', message: 'No source states this: cite one or check it', span: s.span, related: [] });
      break;
    default:
      break;
  }
  const stating = s.support.map((r) => r.source.key);
  for (const c of s.citations) {
    if (!c.source) {
      out.push({ code: 'unknown-citation', message: `Unknown key @${c.key}: no source has it`, span: c.span, related: [], key: c.key });
    } else if (!c.supports && s.status !== 'none') {
      const best = c.best ? [related(c.best, `closest passage in ${cite(c.key)} ${short(c.source.title, 70)}`)] : [];
      const against = s.contradictions.find((x) => x.source.group === c.source!.group);
      const others = stating.filter((k) => k !== c.key);
      const why = against ? `${cite(c.key)} contradicts this (${conflictPhrase(against).replace(/ — .*$/, '')})` : `${cite(c.key)} does not state this`;
      out.push({ code: 'citation-unsupported', message: `${why}${others.length ? `; ${keyList(others)} ${others.length === 1 ? 'does' : 'do'}` : ''}`, span: c.span, related: best, key: c.key });
    }
  }
  return out;
}

const CALENDAR = /^(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/i;

/** The source's figure phrase as it reads in the draft's place: its bound and unit kept, "30-day" read as "30 days". */
export function sourceFigureText(c: Contradiction, atSentenceStart: boolean): string | undefined {
  if (!c.sourceSpan || c.sourceText === undefined) return undefined;
  let t = squash(c.sourceText);
  if (!t) return undefined;
  const hyphen = /^(.*?\b)?(\d[\d,.]*)-([a-z]+)$/i.exec(t);
  if (hyphen) t = `${hyphen[1] ?? ''}${hyphen[2]} ${hyphen[3]}${hyphen[2] === '1' ? '' : 's'}`;
  return atSentenceStart ? cap(t) : midSentence(t);
}

/** Checked replacements, per checker: the same sentence and figure are checked once per index generation. */
const checkedCache = new WeakMap<SentenceChecker, Map<string, Replacement | null>>();

/** A figure replacement to try: the memo key, the edited sentence, and what makes it acceptable. */
interface Attempt {
  key: string;
  /** The edited sentence, when the edit leaves one sentence with the figure in place (made when first needed). */
  seg: () => DraftSentence[] | undefined;
  text: string;
  c: Contradiction;
}

function attemptsOf(s: SentenceResult, context: FindingContext): Attempt[] {
  const { checker, markdown } = context;
  const out: Attempt[] = [];
  for (const c of s.contradictions) {
    if (c.kind !== 'quantity' || !c.draftSpan || !c.sourceSpan) continue;
    const rel = { start: c.draftSpan.start - s.span.start, end: c.draftSpan.end - s.span.start };
    if (rel.start < 0 || rel.end > s.text.length) continue;
    const text = sourceFigureText(c, !/\S/.test(s.text.slice(0, rel.start)));
    if (!text) continue;
    const key = `${checker.index.generation}\u0000${markdown}\u0000${s.text}\u0000${rel.start}:${rel.end}\u0000${c.source.key}\u0000${text}`;
    const seg = () => {
      const edited = s.text.slice(0, rel.start) + text + s.text.slice(rel.end);
      const sentences = segmentDraft(edited, markdown).sentences;
      return sentences.length === 1 && edited.slice(rel.start, rel.start + text.length) === text ? sentences : undefined;
    };
    out.push({ key, seg, text, c });
  }
  return out;
}

function memoOf(checker: SentenceChecker): Map<string, Replacement | null> {
  let memo = checkedCache.get(checker);
  if (!memo || memo.size > 2000) checkedCache.set(checker, (memo = new Map()));
  return memo;
}

/** Whether the re-checked sentence is stated, and no longer contradicted, by the figure's source. */
function accepted(a: Attempt, r: SentenceResult | undefined): Replacement | null {
  const group = a.c.source.group;
  return r && r.support.some((x) => x.source.group === group) && !r.contradictions.some((x) => x.source.group === group) ? { span: { start: 0, end: 0 }, text: a.text, key: a.c.source.key } : null;
}

/**
 * The first contradicting figure that can replace the draft's: the sentence with the source's figure written in
 * is checked again by the engine and must then be stated by that source (and no longer contradicted by it).
 * With an index that answers asynchronously (an archive), only replacements `prepareReplacements` checked are offered.
 */
export function checkedReplacement(s: SentenceResult, context: FindingContext): Replacement | undefined {
  const memo = memoOf(context.checker);
  for (const a of attemptsOf(s, context)) {
    let ok = memo.get(a.key);
    if (ok === undefined) {
      const seg = a.seg();
      const checked = seg ? context.checker.check(seg) : undefined;
      if (checked instanceof Promise) {
        checked.catch(() => undefined); // not awaited (a failure is not a crash), not remembered
        continue;
      }
      ok = checked ? accepted(a, checked[0]) : null;
      memo.set(a.key, ok);
    }
    if (ok) return { span: { ...a.c.draftSpan! }, text: ok.text, key: ok.key };
  }
  return undefined;
}

/** Checks the figure replacements of a document's sentences ahead (awaiting the index), for `checkedReplacement`. */
export async function prepareReplacements(sentences: readonly SentenceResult[], context: FindingContext): Promise<void> {
  const memo = memoOf(context.checker);
  for (const s of sentences) {
    for (const a of attemptsOf(s, context)) {
      if (memo.has(a.key)) continue;
      const seg = a.seg();
      const ok = seg ? accepted(a, (await context.checker.check(seg))[0]) : null;
      memo.set(a.key, ok);
      if (ok) break;
    }
  }
}
