import type { CitationMarker } from '../drafts/draft';
import type { SourceInfo } from '../retrieval/passageIndex';
import type { CitationCheck, PassageRef } from './result';
import type { Verdict } from './verdict';

/**
 * The sentence's citation markers against the verdict: each cited key resolved to its source (or unknown), whether
 * that source states the claim, and its passage closest to the sentence. `attributed`: a single-source claim cites
 * the one source that states it.
 */
export function checkCitations(
  markers: readonly CitationMarker[],
  verdict: Pick<Verdict, 'status' | 'support'>,
  sourceOf: (key: string) => SourceInfo | undefined,
  closest: (key: string) => PassageRef | undefined,
): { citations: CitationCheck[]; attributed: boolean } {
  const citations: CitationCheck[] = [];
  for (const marker of markers) {
    marker.keys.forEach((key, i) => {
      const source = sourceOf(key);
      const best = source ? closest(key) : undefined;
      const supports = !!source && verdict.support.some((s) => s.source.group === source.group);
      citations.push({ key, span: marker.keySpans[i] ?? marker.span, marker, source, supports, best });
    });
  }
  const attributed =
    verdict.status === 'single-source' &&
    citations.some((c) => c.source && c.source.group === verdict.support[0].source.group);
  return { citations, attributed };
}

/** Keys cited by the markers that name a known source. */
export function citedKeys(
  markers: readonly CitationMarker[],
  sourceOf: (key: string) => SourceInfo | undefined,
): string[] {
  return [...new Set(markers.flatMap((m) => m.keys))].filter((k) => sourceOf(k));
}
