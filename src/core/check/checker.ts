import type { DraftSentence } from '../drafts/draft';
import { locatePassage } from '../sources/locatedPassage';
import {
  then,
  type MaybePromise,
  type PassageFeatures,
  type PassageHit,
  type PassageIndex,
  type SourceInfo,
} from '../retrieval/passageIndex';
import { citedKeys, checkCitations } from './citations';
import { textClaim, toClaim } from './claim';
import { CONFLICT_RULES, findConflict, type ConflictRule } from './conflicts';
import { buildQuery, toRetrievalQuery, type Query } from './query';
import type { PassageRef, SentenceResult } from './result';
import { align, vectorEvidence } from './scorer';
import type { SupportModel } from './support';
import { fittedScorer, verdictOf, WINDOW_FLOOR, WINDOW_PENALTY, type Judged, type SupportScorer } from './verdict';

/** Candidates scored in full per sentence, and per line of text ranked for a citation picker. */
const CANDIDATES = 60;
const RANK_CANDIDATES = 200;

export interface CheckerInit {
  index: PassageIndex;
  /** The support decision (default: the fitted one of check/support.ts with `model`). */
  scorer?: SupportScorer;
  /** The fitted decision's coefficients (default: the shipped ones; the fit script passes its own). */
  model?: SupportModel;
  /** The contradiction rules, in precedence order (default `CONFLICT_RULES`). */
  rules?: readonly ConflictRule[];
  /** Candidates scored in full per sentence (default 60). */
  candidates?: number;
  /** Also return what was measured of each source (`SentenceResult.evidence`), for fitting and debugging. */
  evidence?: boolean;
}

/** Checks draft sentences against an index: the one place that retrieves. */
export interface SentenceChecker {
  readonly index: PassageIndex;
  /** The sentences' results, in order; one `retrieve` for all of them (and one per cited source not retrieved). */
  check(sentences: readonly DraftSentence[]): MaybePromise<SentenceResult[]>;
  /** The `limit` sources whose best passage states `text` best, best first (for citation pickers). */
  rankSources(text: string, limit: number): MaybePromise<PassageRef[]>;
}

/**
 * The checker: per sentence, claim → query → retrieve (through the port) → align and run the rules on each
 * candidate and its two-sentence windows → verdict → citations. Everything after retrieval is a pure function.
 */
export function createChecker(init: CheckerInit): SentenceChecker {
  const { index } = init;
  const rules = init.rules ?? CONFLICT_RULES;
  const scorer = init.scorer ?? fittedScorer(init.model);
  const limit = init.candidates ?? CANDIDATES;
  const judge = (q: Query, f: PassageFeatures): Judged => {
    const alignment = align(q, f, index.vocabulary);
    return {
      features: f,
      alignment,
      conflict: findConflict(rules, q, f, alignment),
      vectors: () => vectorEvidence(q, f, alignment, index.vocabulary),
    };
  };
  const membersOf = (group: number) => index.groupMembers(group).map((s) => s.path);

  function checkOne(s: DraftSentence, q: Query | undefined, hits: readonly PassageHit[]): MaybePromise<SentenceResult> {
    const base: SentenceResult = {
      span: s.span,
      text: s.text,
      status: 'none',
      support: [],
      contradictions: [],
      citations: [],
      attributed: false,
    };
    // A "sentence" too long to be a claim (a run-on list, pasted data) is reported as not one.
    if (!q) return base;
    const judged = hits.map((h) => judge(q, h.features));
    // Two-sentence windows around the closer candidates, each once (a candidate's window with the next sentence is
    // the next one's with the previous); none for a source group whose best passage no window could beat.
    const groupBest = new Map<number, number>();
    for (const j of judged)
      if (!j.conflict) {
        const g = j.features.source.group;
        groupBest.set(g, Math.max(groupBest.get(g) ?? 0, j.alignment.coverage));
      }
    const windows: Judged[] = [];
    const seen = new Set<string>();
    hits.forEach((h, i) => {
      if (judged[i].alignment.coverage < WINDOW_FLOOR) return;
      if ((groupBest.get(h.features.source.group) ?? 0) >= WINDOW_PENALTY) return;
      for (const w of [h.withNext, h.withPrevious]) {
        if (!w) continue;
        const key = `${w.source.key}\u0000${w.passage.span.start}`;
        if (seen.has(key)) continue;
        seen.add(key);
        windows.push(judge(q, w));
      }
    });
    const verdict = verdictOf(q.claim, judged, windows, scorer, init.evidence ? membersOf : undefined);
    // The cited keys' sources first (an archive may look them up in one statement).
    const keys = [...new Set(s.citations.flatMap((m) => m.keys))];
    return then(allOf(keys.map((k) => index.source(k))), (found) => {
      const known = new Map(keys.map((k, i) => [k, found[i]]));
      return cite(s, q, verdict, base, (key) => known.get(key));
    });
  }

  function cite(
    s: DraftSentence,
    q: Query,
    verdict: ReturnType<typeof verdictOf>,
    base: SentenceResult,
    sourceOf: (key: string) => SourceInfo | undefined,
  ): MaybePromise<SentenceResult> {
    // A cited source none of whose passages were candidates: score its passages to find the closest.
    const missing = citedKeys(s.citations, sourceOf).filter((k) => !verdict.closest.has(k));
    const rq = toRetrievalQuery(q);
    const lookups = missing.map((key) =>
      then(index.retrieve([rq], Infinity, { sourceKey: key }), ([passages]) => {
        let best: PassageRef | undefined;
        for (const h of passages) {
          const a = align(q, h.features, index.vocabulary);
          if (!best || a.coverage > best.score)
            best = { source: h.features.source, passage: h.features.passage, score: a.coverage, matched: a.matched };
        }
        if (best) verdict.closest.set(key, best);
      }),
    );
    return then(allOf(lookups), () => {
      const { citations, attributed } = checkCitations(s.citations, verdict, sourceOf, (key) =>
        verdict.closest.get(key),
      );
      const out: SentenceResult = {
        ...base,
        status: verdict.status,
        support: verdict.support,
        contradictions: verdict.contradictions,
        citations,
        attributed,
      };
      if (init.evidence) {
        out.claim = q.claim.isFactual;
        out.evidence = verdict.evidence;
      }
      return out;
    });
  }

  return {
    index,
    check(sentences) {
      const queries = sentences.map((s) => {
        const claim = toClaim(s);
        return claim && buildQuery(claim, index.vocabulary);
      });
      const asked = queries.flatMap((q, i) => (q && q.claim.analysis.terms.length ? [i] : []));
      const retrieved = asked.length
        ? index.retrieve(
            asked.map((i) => toRetrievalQuery(queries[i]!)),
            limit,
          )
        : [];
      return then(retrieved, (lists) => {
        const hits = new Map(asked.map((i, k) => [i, lists[k]]));
        return allOf(sentences.map((s, i) => checkOne(s, queries[i], hits.get(i) ?? [])));
      });
    },
    rankSources(text, n) {
      const q = buildQuery(textClaim(text), index.vocabulary);
      const retrieved = q.terms.length ? index.retrieve([toRetrievalQuery(q)], RANK_CANDIDATES) : [[]];
      return then(retrieved, ([hits]) => {
        const best = new Map<string, PassageRef>();
        for (const h of hits) {
          const f = h.features;
          const a = align(q, f, index.vocabulary);
          const prev = best.get(f.source.key);
          if (!prev || a.coverage > prev.score)
            best.set(f.source.key, { source: f.source, passage: f.passage, score: a.coverage, matched: a.matched });
        }
        return then(index.listSources(n + best.size), (listed) => {
          const rest = listed
            .filter((s) => !best.has(s.key))
            .map((s): PassageRef => ({
              source: s,
              passage: s.passages[0] && locatePassage(s, s.passages[0]),
              score: 0,
              matched: [],
            }));
          return [...best.values(), ...rest]
            .sort((x, y) => y.score - x.score || x.source.key.localeCompare(y.source.key))
            .slice(0, n);
        });
      });
    },
  };
}

/** All values, now when every one is ready now. */
function allOf<T>(xs: MaybePromise<T>[]): MaybePromise<T[]> {
  return xs.some((x) => x instanceof Promise) ? Promise.all(xs) : (xs as T[]);
}
