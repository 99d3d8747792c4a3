import modelData from '../../../data/model.json';

/**
 * The support decision: for one draft sentence and one source (group), the measurements the engine took of the
 * source's closest passage, turned by a small fitted model (logistic regression; scripts/fit.ts, coefficients in
 * data/model.json) into the probability that the source states the sentence, and — when a contradiction rule fired
 * on one of its passages — the probability that it contradicts it. Nothing is fitted at run time.
 */

/** What the engine measured of a source's best passage for a sentence. All shares are 0..1. */
export interface PairEvidence {
  /** Share of the sentence's corpus-IDF-weighted content the passage states (synonyms etc. count partly). */
  cov: number;
  /** The same share with words weighted by their general-English rarity (bits) instead of corpus IDF. */
  covG: number;
  /** `covG` with partial credit for paraphrases by word-vector similarity. */
  covV: number;
  /** Share of the IDF-weighted content matched by the same word (no synonym, near sense or root). */
  covExact: number;
  /** Share of the sentence's name words (capitalised, not first) the passage has; 1 when it has none. */
  nameCov: number;
  /** Name words of the sentence the passage lacks. */
  nameMiss: number;
  /** Figures (numbers, dates, amounts) of the sentence; of them, how many the passage gives compatibly, and how
   * many have no figure of the same kind in the passage at all. */
  qTot: number;
  qGot: number;
  qMissing: number;
  /** Of those, the ones that are not counts (a date, time, amount, share or duration the passage never gives). */
  qAbsent: number;
  /** Rarity (bits / the most) of the rarest sentence word the passage does not state; 0 when all are stated. */
  missRare: number;
  /** Content words weighed in the sentence, and in the passage. */
  terms: number;
  passageTerms: number;
  /** Cosine of the sentence's and the passage's mean word vectors (rarity-weighted): meaning beyond shared words. */
  sim: number;
  /** Share of the passage's content words that match the sentence. */
  precision: number;
  /** 1 when the passage only hedges, asks or conditions ("might", "whether", "if") and the sentence does not. */
  hedge: number;
  /** 1 when the passage is two consecutive sentences of the source. */
  window: number;
  /** How far this passage's `cov` is ahead of the source's second-best passage. */
  margin: number;
  /** This source's `cov` minus the best `cov` any source reaches for the sentence (0 for the best source). */
  relBest: number;
  /** For a conflict: how much of the sentence matches apart from the conflicting words, and the rule's kind. */
  topical?: number;
  kind?: 'quantity' | 'negation' | 'antonym' | 'roles' | 'entity';
  /** For a conflict: the same source's closest passage without a conflict (its `cov`, and the share of the
   * sentence's figures it gives; 0 and 1 when it has none). */
  otherCov?: number;
  otherQShare?: number;
}

/** The model's features, in the order of the coefficients. */
export const STATE_FEATURES = ['cov', 'covG', 'covExact', 'nameCov', 'nameMiss', 'qShare', 'qMissing', 'missRare', 'logTerms', 'logPassage', 'precision', 'hedge', 'window', 'margin', 'relBest', 'covG2', 'covV', 'covV2', 'sim'] as const;
export const CONFLICT_FEATURES = ['topical', 'cov', 'covG', 'nameCov', 'relBest', 'hedge', 'quantity', 'negation', 'antonym', 'roles', 'logTerms', 'otherCov', 'otherQShare', 'covV', 'sim', 'entity'] as const;

/** One feature vector of `STATE_FEATURES` (or `CONFLICT_FEATURES` when `conflict`). */
export function featuresOf(e: PairEvidence, conflict = false): number[] {
  const logTerms = Math.log(1 + e.terms);
  if (conflict) {
    const k = e.kind;
    return [e.topical ?? 0, e.cov, e.covG, e.nameCov, e.relBest, e.hedge, +(k === 'quantity'), +(k === 'negation'), +(k === 'antonym'), +(k === 'roles'), logTerms, e.otherCov ?? 0, e.otherQShare ?? 1, e.covV, e.sim, +(k === 'entity')];
  }
  const qShare = e.qTot ? e.qGot / e.qTot : 1;
  return [e.cov, e.covG, e.covExact, e.nameCov, e.nameMiss, qShare, e.qMissing, e.missRare, logTerms, Math.log(1 + e.passageTerms), e.precision, e.hedge, e.window, e.margin, e.relBest, e.covG * e.covG, e.covV, e.covV * e.covV, e.sim];
}

/** A standardised logistic regression: p = σ(b + Σ w_i (x_i − mean_i) / sd_i). */
export interface Logistic {
  mean: number[];
  sd: number[];
  w: number[];
  b: number;
}

/** The shipped model: one regression for "states", one for "contradicts", and the probability each must reach. */
export interface SupportModel {
  state: Logistic;
  conflict: Logistic;
  stateThreshold: number;
  conflictThreshold: number;
  /**
   * Once one source states the sentence, another counts as stating it too from this probability: it changes
   * `single-source` into `corroborated`, never an unsourced claim into a sourced one.
   */
  alsoThreshold: number;
  /**
   * When a source gives another figure for the sentence's, a source that gives the same figure states it from this
   * probability (the sentence is then `disputed`, both sides shown, even when that source paraphrases).
   */
  sameFigureThreshold: number;
}

export function probability(m: Logistic, x: number[]): number {
  let z = m.b;
  for (let i = 0; i < x.length; i++) z += (m.w[i] * (x[i] - m.mean[i])) / (m.sd[i] || 1);
  return 1 / (1 + Math.exp(-z));
}

/** Where the vector features stand in each feature list (-1: not in it). */
const vectorAt = (names: readonly string[]) => ({ iV: names.indexOf('covV'), iV2: names.indexOf('covV2'), iS: names.indexOf('sim') });
const STATE_VECTOR_AT = vectorAt(STATE_FEATURES);
const CONFLICT_VECTOR_AT = vectorAt(CONFLICT_FEATURES);

/**
 * Whether a pair could reach `floor` whatever its vector measurements (`covV` from `covG` to `covVMax`, `sim` from -1
 * to 1):
 * when not, the decision does not need them, and the engine does not take them (they are the costly part).
 * Exact: the features are linear in `sim` and quadratic in `covV`, so the bound is their best end or vertex.
 */
export function couldReach(m: Logistic, e: PairEvidence, conflict: boolean, floor: number, covVMax = 1): boolean {
  const x = featuresOf({ ...e, covV: e.covG, sim: 0 }, conflict);
  const { iV, iV2, iS } = conflict ? CONFLICT_VECTOR_AT : STATE_VECTOR_AT;
  const term = (i: number, v: number) => (i < 0 ? 0 : (m.w[i] * (v - m.mean[i])) / (m.sd[i] || 1));
  let z = m.b;
  for (let i = 0; i < x.length; i++) if (i !== iV && i !== iV2 && i !== iS) z += term(i, x[i]);
  const ofV = (v: number) => term(iV, v) + term(iV2, v * v);
  const lo = Math.min(e.covG, 1);
  const hi = Math.max(lo, Math.min(covVMax, 1));
  let bestV = Math.max(ofV(lo), ofV(hi));
  // The vertex of a·v² + b·v, when it lies inside the range.
  if (iV2 >= 0 && iV >= 0) {
    const a = m.w[iV2] / (m.sd[iV2] || 1);
    const b = m.w[iV] / (m.sd[iV] || 1);
    const v = a ? -b / (2 * a) : NaN;
    if (v > lo && v < hi) bestV = Math.max(bestV, ofV(v));
  }
  z += bestV + Math.max(term(iS, -1), term(iS, 1));
  return 1 / (1 + Math.exp(-z)) >= floor;
}

/** The lowest probability at which the model's decision does anything with a pair (per kind). */
export function floorsOf(model: SupportModel): { state: number; conflict: number } {
  return {
    state: Math.min(model.stateThreshold, model.alsoThreshold, model.sameFigureThreshold),
    conflict: model.conflictThreshold,
  };
}

// The bundle carries the file as text (see esbuild.mjs); tests and tools importing it directly get the object.
const shipped = (typeof modelData === 'string' ? JSON.parse(modelData) : modelData) as unknown as SupportModel;

/** The model the engine uses unless given another (the fit script passes its own). */
export const SHIPPED_MODEL: SupportModel = shipped;

/** A source's evidence for a sentence, scored. */
export interface PairVerdict<T> {
  item: T;
  pState: number;
  pConflict: number;
}

/**
 * Decides, per source, whether it states or contradicts the sentence: it contradicts it when P(contradicts) reaches
 * the model's threshold (the conflict model has seen the source's best other passage), and otherwise states it
 * when P(states) reaches its threshold. A source does at most one. A passage that gives none of a date, time,
 * amount, share or duration the sentence states does not state it, whatever it shares otherwise ("a closure of six
 * months" is not stated by a passage about the closure that gives no length), nor does one that only hedges, asks or
 * conditions it in the clause the match aligns ("the union might agree" does not state "the union has agreed").
 */
/** The hard rules above the model: a passage lacking one of the sentence's non-count figures, or hedging it. */
export function blocksSupport(e: PairEvidence): boolean {
  return e.qAbsent > 0 || e.hedge > 0;
}

export function decide<T>(pairs: { item: T; support?: PairEvidence; conflict?: PairEvidence }[], model: SupportModel = SHIPPED_MODEL): { support: PairVerdict<T>[]; conflicts: PairVerdict<T>[] } {
  const support: PairVerdict<T>[] = [];
  const conflicts: PairVerdict<T>[] = [];
  const rest: (PairVerdict<T> & { e?: PairEvidence })[] = [];
  for (const p of pairs) {
    const blocked = !p.support || blocksSupport(p.support);
    const pState = blocked ? 0 : probability(model.state, featuresOf(p.support!));
    const pConflict = p.conflict ? probability(model.conflict, featuresOf(p.conflict, true)) : 0;
    const v = { item: p.item, pState, pConflict };
    if (pConflict >= model.conflictThreshold) conflicts.push(v);
    else if (pState >= model.stateThreshold) support.push(v);
    else rest.push({ ...v, e: p.support });
  }
  const figureConflict = conflicts.length > 0 && pairs.some((p) => p.conflict?.kind === 'quantity');
  for (const v of rest) {
    const sameFigure = figureConflict && !!v.e && v.e.qTot > 0 && v.e.qGot === v.e.qTot;
    if ((support.length && v.pState >= model.alsoThreshold) || (sameFigure && v.pState >= model.sameFigureThreshold)) support.push({ item: v.item, pState: v.pState, pConflict: v.pConflict });
  }
  return { support, conflicts };
}
