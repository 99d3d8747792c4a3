import type { DocumentResult } from '../check/result';
import type { MemoryIndex as Corpus } from '../retrieval/memoryIndex';
import type { Range } from '../text/text';
import { findingsFor, type Finding, type FindingContext, type Replacement, type SeveritySetting } from './findings';

/** The CLI's `--format json` contract, version 1 (documented in README.md). */
export interface JsonReport {
  version: 1;
  sources: { key: string; file: string; title: string; outlet?: string; author?: string; url?: string; date?: string; passages: number }[];
  problems: { file: string; message: string }[];
  files: JsonFile[];
  summary: Record<string, number>;
}

/** A fix a CI tool can apply: replace the draft's text in `range` (0-based, like the other ranges) with `text`. */
export interface JsonFix {
  range: Range;
  text: string;
}

export interface JsonFile {
  file: string;
  sentences: {
    text: string;
    range: Range;
    status: string;
    attributed: boolean;
    support: { source: string; key: string; quote: string; range: Range; score: number }[];
    contradictions: { source: string; key: string; quote: string; range: Range; reason: string; fix?: JsonFix }[];
    citations: { key: string; range: Range; known: boolean; supports: boolean }[];
  }[];
  findings: { code: string; severity: string; message: string; range: Range; fix?: JsonFix }[];
}

/** Builds one file's part of the JSON report. With a context, contradicted figures carry their checked fix. */
export function jsonFile(file: string, doc: DocumentResult, severityOf: (f: Finding) => SeveritySetting, context?: FindingContext): JsonFile {
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const fixOf = (r?: Replacement): JsonFix | undefined => r && { range: doc.lines.rangeOf(r.span), text: r.text };
  const findings = doc.sentences.map((s) => findingsFor(s, context));
  return {
    file,
    sentences: doc.sentences.map((s, i) => {
      const fix = findings[i].find((f) => f.replacement)?.replacement;
      return {
        text: s.text,
        range: doc.lines.rangeOf(s.span),
        status: s.status,
        attributed: s.attributed,
        support: s.support.map((r) => ({ source: r.source.path, key: r.source.key, quote: r.passage.text, range: r.passage.range, score: round(r.score) })),
        contradictions: s.contradictions.map((r) => ({
          source: r.source.path,
          key: r.source.key,
          quote: r.passage.text,
          range: r.passage.range,
          reason: r.reason,
          ...(fix && fix.key === r.source.key ? { fix: fixOf(fix) } : {}),
        })),
        citations: s.citations.map((c) => ({ key: c.key, range: doc.lines.rangeOf(c.span), known: !!c.source, supports: c.supports })),
      };
    }),
    findings: findings
      .flat()
      .map((f) => ({ f, sev: severityOf(f) }))
      .filter((x) => x.sev !== 'off')
      .map(({ f, sev }) => ({ code: f.code, severity: sev, message: f.message, range: doc.lines.rangeOf(f.span), ...(f.replacement ? { fix: fixOf(f.replacement) } : {}) })),
  };
}

/** The `sources` part of the JSON report. */
export function jsonSources(corpus: Corpus): JsonReport['sources'] {
  return corpus.sources.map((s) => ({ key: s.key, file: s.path, title: s.title, outlet: s.outlet, author: s.author, url: s.url, date: s.date, passages: s.passages.length }));
}
