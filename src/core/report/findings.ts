import type { Contradiction, DocumentResult, PassageRef, SentenceResult } from '../check/result';
import type { MemoryIndex as Corpus } from '../retrieval/memoryIndex';
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
  unsupported: 'hint',
};

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

/** One problem with a draft sentence, as data: the adapters map it to diagnostics or text lines. */
export interface Finding {
  code: FindingCode;
  message: string;
  span: Span;
  related: RelatedPassage[];
  /** For quantity conflicts: the source's figure, and the span of the draft's figure it would replace. */
  replacement?: { span: Span; text: string };
  /** For citation findings: the key. For single-source: the key of the one source. */
  key?: string;
  /** A single-source claim that already cites its source. */
  attributed?: boolean;
}

const short = (s: string, n = 160) => {
  const t = squash(s);
  return t.length > n ? t.slice(0, n - 1) + '…' : t;
};

function related(ref: PassageRef | Contradiction, message: string): RelatedPassage {
  return {
    sourceKey: ref.source.key,
    path: ref.source.path,
    root: ref.source.root,
    range: ref.source.lines.rangeOf(ref.passage.span),
    span: ref.passage.span,
    quote: squash(ref.passage.text),
    message,
  };
}

/** Findings for one checked sentence. */
export function findingsFor(s: SentenceResult): Finding[] {
  const out: Finding[] = [];
  const sup = s.support.map((r) => related(r, `[@${r.source.key}] ${short(r.source.title, 80)}: “${short(r.passage.text)}”`));
  const con = s.contradictions.map((r) => related(r, `[@${r.source.key}] ${r.reason}: “${short(r.passage.text)}”`));
  switch (s.status) {
    case 'contradicted': {
      const c = s.contradictions[0];
      const more = s.contradictions.length > 1 ? ` (and ${s.contradictions.length - 1} more source${s.contradictions.length > 2 ? 's' : ''})` : '';
      const f: Finding = { code: 'contradicted', message: `Contradicts ${c.source.title} [@${c.source.key}]: ${c.reason}${more}`, span: s.span, related: con, key: c.source.key };
      if (c.kind === 'quantity' && c.draftSpan && c.sourceFigure) f.replacement = { span: c.draftSpan, text: c.sourceFigure };
      out.push(f);
      break;
    }
    case 'disputed': {
      const c = s.contradictions[0];
      out.push({
        code: 'disputed',
        message: `Sources disagree: ${s.support.length} state this (${s.support.map((r) => '@' + r.source.key).join(', ')}), ${s.contradictions.length} contradict it (${s.contradictions.map((r) => '@' + r.source.key).join(', ')}: ${c.reason})`,
        span: s.span,
        related: [...sup, ...con],
      });
      break;
    }
    case 'single-source': {
      const r = s.support[0];
      out.push({
        code: 'single-source',
        message: `Only one source states this: ${r.source.title} [@${r.source.key}]${s.attributed ? ' (cited)' : ''}`,
        span: s.span,
        related: sup,
        key: r.source.key,
        attributed: s.attributed,
      });
      break;
    }
    case 'unsupported':
      out.push({ code: 'unsupported', message: 'No source states this claim', span: s.span, related: [] });
      break;
    default:
      break;
  }
  for (const c of s.citations) {
    if (!c.source) {
      out.push({ code: 'unknown-citation', message: `Unknown citation key "${c.key}": no source has it`, span: c.span, related: [], key: c.key });
    } else if (!c.supports && s.status !== 'none') {
      const best = c.best ? [related(c.best, `closest passage in [@${c.key}]: “${short(c.best.passage.text)}”`)] : [];
      const why = s.contradictions.some((x) => x.source.group === c.source!.group) ? 'contradicts' : 'does not state';
      out.push({ code: 'citation-unsupported', message: `Cited source ${c.source.title} [@${c.key}] ${why} this claim`, span: c.span, related: best, key: c.key });
    }
  }
  return out;
}

/** The CLI's `--format json` contract, version 1 (documented in README.md). */
export interface JsonReport {
  version: 1;
  sources: { key: string; file: string; title: string; outlet?: string; author?: string; url?: string; date?: string; passages: number }[];
  problems: { file: string; message: string }[];
  files: JsonFile[];
  summary: Record<string, number>;
}

export interface JsonFile {
  file: string;
  sentences: {
    text: string;
    range: Range;
    status: string;
    attributed: boolean;
    support: { source: string; key: string; quote: string; range: Range; score: number }[];
    contradictions: { source: string; key: string; quote: string; range: Range; reason: string }[];
    citations: { key: string; range: Range; known: boolean; supports: boolean }[];
  }[];
  findings: { code: string; severity: string; message: string; range: Range }[];
}

/** Builds one file's part of the JSON report. */
export function jsonFile(file: string, doc: DocumentResult, severityOf: (f: Finding) => SeveritySetting): JsonFile {
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    file,
    sentences: doc.sentences.map((s) => ({
      text: s.text,
      range: doc.lines.rangeOf(s.span),
      status: s.status,
      attributed: s.attributed,
      support: s.support.map((r) => ({ source: r.source.path, key: r.source.key, quote: r.passage.text, range: r.source.lines.rangeOf(r.passage.span), score: round(r.score) })),
      contradictions: s.contradictions.map((r) => ({ source: r.source.path, key: r.source.key, quote: r.passage.text, range: r.source.lines.rangeOf(r.passage.span), reason: r.reason })),
      citations: s.citations.map((c) => ({ key: c.key, range: doc.lines.rangeOf(c.span), known: !!c.source, supports: c.supports })),
    })),
    findings: doc.sentences
      .flatMap(findingsFor)
      .map((f) => ({ f, sev: severityOf(f) }))
      .filter((x) => x.sev !== 'off')
      .map(({ f, sev }) => ({ code: f.code, severity: sev, message: f.message, range: doc.lines.rangeOf(f.span) })),
  };
}

/** The `sources` part of the JSON report. */
export function jsonSources(corpus: Corpus): JsonReport['sources'] {
  return corpus.sources.map((s) => ({ key: s.key, file: s.path, title: s.title, outlet: s.outlet, author: s.author, url: s.url, date: s.date, passages: s.passages.length }));
}
