import type { PassageFeatures } from '../retrieval/passageIndex';
import type { Span } from '../text/text';
import type { Claim } from './claim';
import { hedgesMatch } from './passageClauses';
import type { Alignment } from './scorer';
import type { Conflict, Contradiction, PassageRef, SourceEvidence, Status } from './result';
import {
  blocksSupport,
  couldReach,
  decide,
  floorsOf,
  SHIPPED_MODEL,
  type PairEvidence,
  type PairVerdict,
  type SupportModel,
} from './support';

/** A claim stated across two sentences counts for this share of its score. */
export const WINDOW_PENALTY = 0.9;
/** Two-sentence windows are tried around passages at least this close. */
export const WINDOW_FLOOR = 0.3;
/** Conflicts on passages that match less than this of the sentence (outside the conflict) are about something else. */
const CONFLICT_FLOOR = 0.35;

/** A passage scored against a claim: its alignment and the conflict the rules found in it. */
export interface Judged {
  features: PassageFeatures;
  alignment: Alignment;
  conflict?: Conflict;
  /** The vector measurements (covV, sim), costly: taken only for the passages the decision reads. */
  vectors?: () => { covV: number; sim: number };
}

/** One source group's evidence, as the support decision reads it. */
export interface DecisionPair {
  item: number;
  support?: PairEvidence;
  conflict?: PairEvidence;
}

/**
 * The support decision seam: per source group, whether it states or contradicts the claim. The default is the
 * fitted model of check/support.ts (`decide` with the shipped coefficients); a learned scorer may replace it.
 */
export type SupportScorer = ((pairs: DecisionPair[]) => {
  support: PairVerdict<number>[];
  conflicts: PairVerdict<number>[];
}) & {
  /**
   * Whether the decision could use this pair whatever its vector measurements (`covV`, `sim`); when false they are
   * not taken (a speed-up that must not change any decision). Absent: always taken.
   */
  needsVectors?: (e: PairEvidence, conflict: boolean, covVMax: number) => boolean;
};

/** The fitted decision with a given model (default: the shipped one). */
export function fittedScorer(model: SupportModel = SHIPPED_MODEL): SupportScorer {
  const floors = floorsOf(model);
  return Object.assign((pairs: DecisionPair[]) => decide(pairs, model), {
    needsVectors: (e: PairEvidence, conflict: boolean, covVMax: number) =>
      conflict
        ? couldReach(model.conflict, e, true, floors.conflict, covVMax)
        : !blocksSupport(e) && couldReach(model.state, e, false, floors.state, covVMax),
  });
}

export interface Verdict {
  status: Status;
  support: PassageRef[];
  contradictions: Contradiction[];
  /** Per source key, its closest candidate passage, supporting or not (the citation check reads it). */
  closest: Map<string, PassageRef>;
  evidence?: SourceEvidence[];
}

interface Best {
  ref: PassageRef;
  j: Judged;
  score: number;
  second: number;
  window: boolean;
}

/**
 * From judged passages to a status. Per source group: its closest passage without a conflict (and the
 * runner-up's score) and its closest conflicting one; two-sentence `windows` may state the claim (with a penalty)
 * but never contradict it. The scorer then decides what each group does, and the status follows.
 */
export function verdictOf(
  claim: Claim,
  judged: readonly Judged[],
  windows: readonly Judged[],
  scorer: SupportScorer,
  evidenceOf?: (group: number) => string[],
): Verdict {
  const best = new Map<number, Best>();
  const conflicts = new Map<number, { ref: PassageRef; j: Judged; score: number }>();
  const closest = new Map<string, PassageRef>();
  // Per source key, the spans of its passages that conflict with the claim: a window holding one states nothing.
  const conflicting = new Map<string, Span[]>();
  let top = 0;
  for (const j of judged) {
    const { source, passage } = j.features;
    const score = j.alignment.coverage;
    const ref: PassageRef = { source, passage, score, matched: j.alignment.matched };
    const prevAny = closest.get(source.key);
    if (!prevAny || score > prevAny.score) closest.set(source.key, ref);
    if (j.conflict) {
      (conflicting.get(source.key) ?? conflicting.set(source.key, []).get(source.key)!).push(passage.span);
      const topical = j.alignment.coverageBesideConflict;
      if (topical < CONFLICT_FLOOR) continue;
      const prev = conflicts.get(source.group);
      if (!prev || topical > prev.score)
        conflicts.set(source.group, { ref: { ...ref, score: topical }, j, score: topical });
      continue;
    }
    const prev = best.get(source.group);
    if (!prev) best.set(source.group, { ref, j, score, second: 0, window: false });
    else if (score > prev.score) best.set(source.group, { ref, j, score, second: prev.score, window: false });
    else if (score > prev.second) prev.second = score;
    top = Math.max(top, score);
  }
  // A claim a source makes across two sentences of one paragraph, with a penalty for the longer span.
  for (const j of windows) {
    if (j.conflict) continue;
    const { source, passage } = j.features;
    // "X fell. Y rose." does not state "Y fell": the second sentence says otherwise, the first lends the verb.
    const inside = conflicting.get(source.key);
    if (inside?.some((x) => x.start >= passage.span.start && x.end <= passage.span.end)) continue;
    const score = j.alignment.coverage * WINDOW_PENALTY;
    const prev = best.get(source.group);
    if (prev && prev.score >= score) continue;
    best.set(source.group, {
      ref: { source, passage, score, matched: j.alignment.matched },
      j,
      score,
      second: prev ? Math.max(prev.second, prev.score) : 0,
      window: true,
    });
    top = Math.max(top, score);
  }
  // `cov` is the passage's coverage (for a window, after its penalty), also for a conflicting passage.
  // With evidence asked for (fitting, debugging), every pair has its vectors; otherwise only those they could sway.
  const withVectors = (e: PairEvidence, j: Judged, conflict: boolean): PairEvidence => {
    if (j.vectors && (evidenceOf || !scorer.needsVectors || scorer.needsVectors(e, conflict, j.alignment.covVMax)))
      Object.assign(e, j.vectors());
    return e;
  };
  const measured = (x: { ref: PassageRef; j: Judged }, cov: number, second: number, window: boolean): PairEvidence => ({
    cov,
    ...x.j.alignment.metrics,
    terms: claim.distinct,
    // Only the clause the match aligns counts: "X did Y, and if Z ..." still states that X did Y.
    hedge: !claim.hedged && hedgesMatch(x.j.features, x.ref.matched) ? 1 : 0,
    window: window ? 1 : 0,
    margin: cov - second,
    relBest: cov - top,
    topical: x.j.alignment.coverageBesideConflict,
    kind: x.j.conflict?.kind,
  });
  const groups = new Set([...best.keys(), ...conflicts.keys()]);
  const pairs: DecisionPair[] = [...groups].map((g) => {
    const s = best.get(g);
    const c = conflicts.get(g);
    const m = s?.j.alignment.metrics;
    const conflict = c && {
      ...measured(c, c.j.alignment.coverage, 0, false),
      otherCov: s?.score ?? 0,
      otherQShare: s && m!.qTot ? m!.qGot / m!.qTot : 1,
    };
    return {
      item: g,
      support: s && withVectors(measured(s, s.score, s.second, s.window), s.j, false),
      conflict: conflict && withVectors(conflict, c.j, true),
    };
  });
  const decided = scorer(pairs);
  const support = decided.support.map((v) => best.get(v.item)!.ref).sort((x, y) => y.score - x.score);
  const contradictions: Contradiction[] = decided.conflicts
    .map((v) => {
      const c = conflicts.get(v.item)!;
      return { ...c.ref, ...c.j.conflict! };
    })
    .sort((x, y) => y.score - x.score);
  const out: Verdict = {
    status: statusOf(claim.isFactual, support.length, contradictions.length),
    support,
    contradictions,
    closest,
  };
  if (evidenceOf) {
    const pv = new Map([...decided.support, ...decided.conflicts].map((v) => [v.item, v]));
    out.evidence = pairs.map((p) => ({
      group: p.item,
      sources: evidenceOf(p.item),
      support: p.support,
      conflict: p.conflict,
      pState: pv.get(p.item)?.pState,
      pConflict: pv.get(p.item)?.pConflict,
    }));
  }
  return out;
}

/** The status from what the sources do: a contradiction outranks a non-claim. */
export function statusOf(isFactual: boolean, support: number, contradictions: number): Status {
  if (!isFactual && !contradictions) return 'none';
  if (contradictions) return support ? 'disputed' : 'contradicted';
  return support >= 2 ? 'corroborated' : support === 1 ? 'single-source' : 'unsupported';
}
