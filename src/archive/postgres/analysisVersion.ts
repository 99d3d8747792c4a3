import { createHash } from 'node:crypto';
import type { ClientBase } from 'pg';
import { CACHE_VERSION } from '../../core';
import { analyseBatch } from './analyse';

/**
 * An invented article touching what the stored features hold: figures of each kind (counts with what they count,
 * money, percentages, ranges, approximate and changed figures, dates, times, durations), negations and refusals,
 * names repeated (topics), markdown markup, a copy-worthy sentence and paragraphs of two sentences.
 */
const PROBE = `---
title: Harbour Board Report on the Northgate Ferry
author: A. Writer
date: 2021-03-04
---

# Harbour Board Report on the Northgate Ferry

The Northgate ferry carried 1,240 passengers on the third of May, up 12% from a year earlier. The Harbour Board said
the crossing took about 45 minutes, and that fares rose by $2.50 to $14.

The Northgate operator did not cancel any sailing in March, and declined to say whether the **second vessel** would
return. Between 300 and 400 vehicles a day used the route in 2019; the count of cars on board was 174 at 6:30 pm.

The Harbour Board never approved the night service. Wind speeds reached as high as 80 mph, and the pier is 1.2 km
long. Nearly a third of the crew had served for more than ten years, according to the Northgate union.
`;

let memo: string | undefined;

/**
 * The analysis the archive stores this engine's features under: the engine's snapshot version (`CACHE_VERSION`,
 * bumped when the meaning of the features changes) and a digest of the rows this engine's analysis makes of a fixed
 * article (so a change of the analysis that changes those rows is caught even where the version was not bumped).
 * Each article keeps the analysis it was loaded with; one of another analysis is stale: a check scores it with the
 * features of that other engine until `archive add` analyses it again. A change the probe article does not exercise
 * is seen only through CACHE_VERSION. Computed once per process (about the cost of analysing one article).
 */
export function currentAnalysis(): string {
  if (memo !== undefined) return memo;
  const rows = analyseBatch({ files: [{ path: 'probe.md', text: PROBE }], ids: ['1'], root: '/probe' });
  const h = createHash('sha1');
  // The articles' fields in name order: how the records are built does not matter, only what they hold.
  h.update(JSON.stringify([rows.articles.map((a) => Object.entries(a).sort(([x], [y]) => (x < y ? -1 : 1))), rows.stems, rows.stemCounts]));
  h.update(rows.passageRows);
  h.update(rows.postingRows);
  return (memo = `${CACHE_VERSION}.${h.digest('hex').slice(0, 12)}`);
}

/** Articles stored by another analysis than the current one (see analysisVersion.ts). */
export interface StaleArticles {
  articles: number;
  /** Per folder loaded (`add`'s DIR) and analysis: how many. Sorted by folder. */
  byRoot: { root: string; analysis: string; articles: number }[];
}

/**
 * The articles `analysis` did not make: two ranges of the (analysis, root) index, nothing read when none. An
 * analysis of '' is that of articles of an archive upgraded from schema version 2 (unknown).
 */
export async function staleArticles(client: Pick<ClientBase, 'query'>, analysis = currentAnalysis()): Promise<StaleArticles> {
  const r = await client.query<{ root: string; analysis: string; n: number }>(
    'SELECT root, analysis, count(*)::int AS n FROM corroborate_articles WHERE analysis < $1 OR analysis > $1 GROUP BY root, analysis ORDER BY root, analysis',
    [analysis],
  );
  return { articles: r.rows.reduce((n, row) => n + row.n, 0), byRoot: r.rows.map((row) => ({ root: row.root, analysis: row.analysis, articles: row.n })) };
}

/**
 * The one line a check warns with when `stale` holds articles: how many, and the `archive add` that analyses them
 * again (the folders they were loaded from, up to three named). `url` is shown as given (redact it first).
 */
export function staleWarning(stale: StaleArticles, total: number, url: string): string | undefined {
  if (!stale.articles) return undefined;
  const roots = [...new Set(stale.byRoot.map((r) => r.root))];
  const dirs = roots.length <= 3 ? roots.map(shellWord).join(' ') : 'DIR...';
  const n = (x: number) => x.toLocaleString('en-US');
  return `${n(stale.articles)} of ${n(total)} archive articles were analysed by another version of Corroborate's engine and are scored with out-of-date features; run "corroborate archive add --db ${url} ${dirs}" to analyse them again`;
}

const shellWord = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
