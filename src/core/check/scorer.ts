import { comparable, compatible, type Quantity } from '../language/quantities';
import { cosine, meanVector, similarity } from '../language/vectors';
import { bitsOf, UNKNOWN_BITS } from '../language/wordfreq';
import type { PassageFeatures, Vocabulary } from '../retrieval/passageIndex';
import type { Span } from '../text/text';
import {
  NEAR_WEIGHT,
  QUANTITY_GBITS,
  QUANTITY_WEIGHT,
  SYNONYM_WEIGHT,
  TOPIC_WEIGHT,
  type Query,
  type QueryTerm,
} from './query';
import { alignedWindow, governsMatch, scopeEnd, textAt } from './passageClauses';
import { expansionIn } from './acronyms';
import { lemmaCandidates, stemOf, tokenize } from '../language/tokens';
import type { PairEvidence } from './support';
import { EXACT, matchTable, NEAR, prefixCode, prefixOfId, ROOT_PREFIX, sharesRoot, SYNONYM } from './termMatches';

/** Vector similarity from which a paraphrase earns credit, where it earns full credit, and that credit. */
const SOFT_FROM = 0.45;
const SOFT_FULL = 0.85;
const SOFT_WEIGHT = 0.8;

/** What `align` measures of a passage beyond its coverage, for the support decision (see PairEvidence). */
export type AlignMetrics = Pick<
  PairEvidence,
  | 'covG'
  | 'covV'
  | 'covExact'
  | 'nameCov'
  | 'nameMiss'
  | 'qTot'
  | 'qGot'
  | 'qMissing'
  | 'qAbsent'
  | 'missRare'
  | 'passageTerms'
  | 'precision'
  | 'sim'
>;

/** How a passage lines up with a claim: always lexical. The contradiction rules read it; so does the decision. */
export interface Alignment {
  /** 0..1 share of the claim's weighted content the passage states. */
  coverage: number;
  /** Coverage counting the conflicting words (a different figure, an antonym) as matched. */
  coverageBesideConflict: number;
  /** Source offsets of the passage's words that match the claim. */
  matched: Span[];
  /** Claim words the passage has as written, with where (source offset) each first stands: the roles rule reads them. */
  aligned: { term: QueryTerm; at: number }[];
  /** Negations of the passage inside the clause the match aligns. */
  negations: Span[];
  /** The claim's negations that reach a word the passage states (one that reaches none negates something else). */
  claimNegations: number;
  /** Negations and antonyms, the claim's and the passage's, give an odd parity. */
  polarityFlipped: boolean;
  /** A claim word whose antonym the passage has (not under a negation that cancels it). */
  antonym?: { term: QueryTerm; sourceWord: string };
  /** The claim's first figure for which the passage gives only unlike figures of the same kind. */
  quantityPair?: { draft: Quantity; source: Quantity };
  metrics: AlignMetrics;
  /** Claim words with a vector that the passage does not state (paraphrase credit is measured later, if read). */
  softTerms: QueryTerm[];
  /** The most `covV` can be once paraphrase credit is measured (every soft term at full credit). */
  covVMax: number;
}

// Scratch for `align` (the engine runs on one thread): a stamp per passage word, a new generation per call.
let hitStamp = new Uint32Array(256);
let slots = new Int32Array(256);
let hitGeneration = 0;
/** Per claim word, the generation (`hitGeneration`) of the last `align` that credited it. */
let credited = new Uint32Array(64);

/** Aligns a passage with a claim: coverage, matched words, polarity, the first unlike figure. */
export function align(q: Query, f: PassageFeatures, vocabulary: Vocabulary): Alignment {
  const a = q.claim.analysis;
  const { stems, starts, ends, topics, termFrom: from, termTo: to } = f;
  const n = to - from;
  let got = 0;
  // The same coverage by general-English weights, exact matches only, names; and the rarest word not stated.
  let gotG = 0;
  const softTerms: QueryTerm[] = [];
  let exactGot = 0;
  let nameTot = 0;
  let nameGot = 0;
  let nameMiss = 0;
  let missRare = 0;
  let antonym: { draft: QueryTerm; source: string } | undefined;
  const matched: Span[] = [];
  // Distinct passage words matched, counted with a stamp per word (no set per call).
  if (hitStamp.length < n || hitGeneration === 0xffffffff) {
    hitStamp = new Uint32Array(Math.max(n, hitStamp.length));
    credited.fill(0);
    hitGeneration = 0;
  }
  const stamp = ++hitGeneration;
  let hits = 0;
  const mark = (i: number) => {
    matched.push({ start: starts[i], end: ends[i] });
    if (hitStamp[i - from] !== stamp) {
      hitStamp[i - from] = stamp;
      hits++;
    }
  };
  // Words found in both, with where each stands: the order of names around a shared word tells who did what.
  const aligned: { term: QueryTerm; at: number }[] = [];
  // One pass over the passage's words: each word looks up the claim words it matches, and how (see `matchesOf`).
  const { stamp: inQuery, slot, gen, lists } = matchTable(q);
  const k = q.terms.length;
  // Per claim word: its first exact match and its last synonym, near-sense and antonym match (-1: none), in scratch.
  if (slots.length < 4 * k) slots = new Int32Array(8 * k);
  if (credited.length < k) credited = new Uint32Array(2 * k);
  slots.fill(-1, 0, 4 * k);
  const firstExact = slots.subarray(0, k);
  const lastSyn = slots.subarray(k, 2 * k);
  const lastNear = slots.subarray(2 * k, 3 * k);
  const lastAnt = slots.subarray(3 * k, 4 * k);
  let exacts: number[][] | undefined;
  for (let i = from; i < to; i++) {
    const id = stems[i];
    if (id >= inQuery.length || inQuery[id] !== gen) continue;
    for (const e of lists[slot[id]]) {
      const j = e >> 2;
      switch (e & 3) {
        case EXACT:
          if (firstExact[j] < 0) firstExact[j] = i;
          ((exacts ??= [])[j] ??= []).push(i);
          break;
        case SYNONYM:
          lastSyn[j] = i;
          break;
        case NEAR:
          lastNear[j] = i;
          break;
        default:
          lastAnt[j] = i;
      }
    }
  }
  for (let j = 0; j < k; j++) {
    const t = q.terms[j];
    const first = firstExact[j];
    const syn = lastSyn[j];
    const near = lastNear[j];
    const ant = lastAnt[j];
    if (first >= 0) for (const i of exacts![j]) mark(i);
    let credit = 0;
    if (first >= 0) {
      credit = 1;
      exactGot += t.weight;
      aligned.push({ term: t, at: starts[first] });
    } else if (syn >= 0) {
      credit = SYNONYM_WEIGHT;
      mark(syn);
    } else if (t.term.name && t.id >= 0 && topics.has(t.id)) {
      credit = TOPIC_WEIGHT;
    } else if (near >= 0) {
      credit = NEAR_WEIGHT;
      mark(near);
    } else {
      let root = -1;
      if (t.term.stem.length >= ROOT_PREFIX) {
        const want = prefixCode(t.term.stem);
        for (let i = from; i < to && root < 0; i++)
          if (prefixOfId(vocabulary, stems[i]) === want && sharesRoot(t.term.stem, vocabulary.stemOf(stems[i])))
            root = i;
      }
      const spelled = root < 0 && t.acronym ? spelledOut(f, t.acronym) : undefined;
      if (root >= 0) {
        credit = NEAR_WEIGHT;
        mark(root);
      } else if (spelled) {
        // The passage spells the acronym out ("National Transportation Safety Board" for "NTSB"): the same name.
        credit = 1;
        matched.push(spelled);
      } else if (ant >= 0 && !antonym && isAntonymWord(t, textAt(f, starts[ant], ends[ant]))) {
        antonym = { draft: t, source: textAt(f, starts[ant], ends[ant]) };
        // A negation reaching this word reaches the passage's opposite: "not enough" against "insufficient".
        credited[j] = stamp;
      }
    }
    if (credit) credited[j] = stamp;
    got += credit * t.weight;
    gotG += credit * t.gweight;
    // A paraphrase may earn partial credit by vector similarity: measured later, for the passages the decision reads.
    if (!credit && t.vrow >= 0) softTerms.push(t);
    if (t.term.name) {
      nameTot += t.weight;
      nameGot += credit * t.weight;
      if (!credit) nameMiss++;
    }
    if (!credit && !t.term.light) missRare = Math.max(missRare, t.gweight / UNKNOWN_BITS);
  }
  // Quantities: each must find its like in the passage; an unlike one of the same kind is a conflict.
  let quantityPair: Alignment['quantityPair'];
  let qGot = 0;
  let qMissing = 0;
  let qAbsent = 0;
  // A passage's day or hour that gives one of the claim's is not another's unlike figure: "since Monday ... by
  // Friday" against "since Monday" lacks Friday, it does not contradict it. (Counts keep theirs: "A was 30 and B 40"
  // against "A, 40" is a conflict.)
  const given =
    a.quantities.length > 1
      ? f.quantities.filter((x) => WHEN.has(x.dim) && a.quantities.some((dq) => comparable(dq, x) && compatible(dq, x)))
      : [];
  for (const dq of a.quantities) {
    const rate = claimSide(q, dq).rate;
    const same = f.quantities.filter(
      (x) =>
        comparable(dq, x) &&
        rateOf(x, f.text, f.passage.span.start) === rate &&
        (compatible(dq, x) || !given.includes(x)),
    );
    if (same.some((x) => compatible(dq, x))) {
      got += QUANTITY_WEIGHT;
      gotG += QUANTITY_GBITS;
      qGot++;
    } else if (same.length && !quantityPair) {
      // Of the passage's unlike figures, the one whose surrounding words are the claim figure's.
      let bestAt = 0;
      let bestFrame = -1;
      for (let i = 0; i < same.length; i++) {
        const share = frameShare(q, f, dq, same[i], exacts, lastSyn);
        if (share > bestFrame) [bestAt, bestFrame] = [i, share];
      }
      if (dq.dim === 'count' && givenByAnotherNoun(q, f, dq, same, rate, exacts, lastSyn)) {
        got += QUANTITY_WEIGHT;
        gotG += QUANTITY_GBITS;
        qGot++;
      } else if (bestFrame > 0 || !WHEN.has(dq.dim)) quantityPair = { draft: dq, source: same[bestAt] };
      else {
        // Another day or hour with none of the claim's words around it dates another event: the passage does not
        // give the claim's.
        qMissing++;
        qAbsent++;
      }
    } else if (!same.length) {
      qMissing++;
      if (dq.dim !== 'count') qAbsent++;
    }
  }
  const metrics: AlignMetrics = {
    covG: q.gtotal ? gotG / q.gtotal : 0,
    covV: q.gtotal ? gotG / q.gtotal : 0,
    covExact: q.total ? (exactGot + qGot * QUANTITY_WEIGHT) / q.total : 0,
    nameCov: nameTot ? nameGot / nameTot : 1,
    nameMiss,
    qTot: a.quantities.length,
    qGot,
    qMissing,
    qAbsent,
    missRare,
    passageTerms: n,
    sim: 0,
    precision: n > 0 ? hits / n : 0,
  };
  const total = q.total;
  let score = total ? got / total : 0;
  // Negation counts only near the words the passage shares with the claim: "X has done Y, while others may lack Z"
  // does not negate "X has done Y". The window runs from the start of the clause holding the first shared word to
  // the end of the clause holding the last one.
  const window = alignedWindow(f, matched);
  const negations: Span[] = [];
  for (let i = f.negationFrom; i < f.negationTo; i += 2) {
    const at = f.negations[i];
    const end = f.negations[i + 1];
    if (at >= window.start && at < window.end && governsMatch(f, end, matched)) negations.push({ start: at, end });
  }
  const reach = reachingNegations(q, credited, stamp);
  // Both sides negating a word the other does not share negate the same thing: "macOS and Linux were not affected"
  // against "Mac and Linux hosts are not impacted". A claim negation over unstated words counts, then, once for each
  // passage negation that has no matched word after it.
  const trailing = negations.filter((x) => !matched.some((m) => m.start >= x.end)).length;
  const claimNegations = reach.counted + Math.min(reach.unstated, trailing);
  const polarityFlipped = (claimNegations + negations.length + (antonym ? 1 : 0)) % 2 === 1;
  // An antonym under a negation states the same claim: "not enough" is "insufficient".
  if (antonym && !polarityFlipped) {
    got += antonym.draft.weight * SYNONYM_WEIGHT;
    score = got / total;
    antonym = undefined;
  }
  let topical = score;
  if (quantityPair) topical = got / Math.max(1e-9, total - QUANTITY_WEIGHT);
  if (antonym) topical = (got + antonym.draft.weight * SYNONYM_WEIGHT) / total;
  return {
    coverage: score,
    coverageBesideConflict: topical,
    matched,
    aligned,
    negations,
    claimNegations,
    polarityFlipped,
    antonym: antonym && { term: antonym.draft, sourceWord: antonym.source },
    quantityPair,
    metrics,
    softTerms,
    covVMax: q.gtotal ? (gotG + SOFT_WEIGHT * softTerms.reduce((x, t) => x + t.gweight, 0)) / q.gtotal : 0,
  };
}

/**
 * The vector measurements of an aligned passage (paraphrase credit for the words it lacks, whole-claim
 * similarity). Costly next to `align`, so taken only for the passages the decision reads.
 */
export function vectorEvidence(
  q: Query,
  f: PassageFeatures,
  a: Alignment,
  vocabulary: Vocabulary,
): { covV: number; sim: number } {
  const stems = f.stems;
  let gotV = a.metrics.covG * q.gtotal;
  for (const t of a.softTerms) {
    let sim = 0;
    for (let i = f.termFrom; i < f.termTo; i++)
      sim = Math.max(sim, similarity(t.vrow, vocabulary.vectorRowOf(stems[i])));
    gotV += Math.max(0, Math.min(1, (sim - SOFT_FROM) / (SOFT_FULL - SOFT_FROM))) * SOFT_WEIGHT * t.gweight;
  }
  return { covV: q.gtotal ? gotV / q.gtotal : 0, sim: passageSimilarity(q, f, vocabulary) };
}

/** Cosine of the claim's and the passage's mean word vectors (content words, weighted by rarity). */
function passageSimilarity(q: Query, f: PassageFeatures, vocabulary: Vocabulary): number {
  if (!q.mean) return 0;
  const rows: number[] = [];
  const weights: number[] = [];
  for (let i = f.termFrom; i < f.termTo; i++) {
    const id = f.stems[i];
    const r = vocabulary.vectorRowOf(id);
    if (r < 0) continue;
    rows.push(r);
    weights.push(bitsOfId(vocabulary, id));
  }
  return cosine(q.mean, meanVector(rows, weights));
}

const bitsMemo = new WeakMap<Vocabulary, Map<number, number>>();
/** General-English bits of a stem id of the vocabulary (memoised per vocabulary). */
function bitsOfId(vocabulary: Vocabulary, id: number): number {
  let m = bitsMemo.get(vocabulary);
  if (!m) bitsMemo.set(vocabulary, (m = new Map()));
  let b = m.get(id);
  if (b === undefined) m.set(id, (b = bitsOf(vocabulary.stemOf(id))));
  return b;
}

/** Where the passage spells out an acronym of the claim, as a span of the source text. */
function spelledOut(f: PassageFeatures, acronym: string): Span | undefined {
  const tokens = tokenize(f.text);
  const run = expansionIn(tokens, acronym);
  const at = f.passage.span.start;
  return run && { start: at + tokens[run.from].start, end: at + tokens[run.to - 1].end };
}

/** Figures that say when: compared only where the words around them match (see `frameShare`). */
const WHEN = new Set<Quantity['dim']>(['date', 'weekday', 'time']);

/** Content words on each side of a figure that make its frame. */
const FRAME_WORDS = 4;

/**
 * The IDF-weighted share of the claim's words around its figure `dq` (FRAME_WORDS content words each side) that the
 * passage has around its figure `pq`: "winds as high as 80 mph" and "winds of up to 70 mph" share their frame even
 * when the rest of the two sentences differ. 0 when the claim has no words around the figure.
 */
function frameShare(
  q: Query,
  f: PassageFeatures,
  dq: Quantity,
  pq: Quantity,
  exacts: number[][] | undefined,
  lastSyn: Int32Array,
  skip: readonly string[] = [],
): number {
  const { around } = claimSide(q, dq);
  const { starts, termFrom: from, termTo: to } = f;
  let lo = from;
  while (lo < to && starts[lo] < pq.start) lo++;
  let hi = lo;
  while (hi < to && starts[hi] < pq.end) hi++;
  const windowFrom = Math.max(from, lo - FRAME_WORDS);
  const windowTo = Math.min(to, hi + FRAME_WORDS);
  const inWindow = (i: number) => i >= windowFrom && i < windowTo;
  let total = 0;
  let got = 0;
  for (let j = 0; j < q.terms.length; j++) {
    const t = q.terms[j];
    if (!around.has(t.term.stem) || skip.includes(t.term.stem)) continue;
    total += t.weight;
    if (exacts?.[j]?.some(inWindow) || inWindow(lastSyn[j])) got += t.weight;
  }
  return total ? got / total : 0;
}

/**
 * Whether the passage gives the claim's count with another noun, in a closer frame than any of its unlike figures
 * `same` of the claim's noun ("Twenty-seven of the dead had been identified by Sunday ... only 11 victims" for
 * "Twenty-seven victims had been identified by Sunday"). The other noun must be one the claim does not use (another
 * noun of the claim counts another thing: "27 killed and 11 injured" against "11 killed, 27 injured"), and the frames
 * are compared without the claim figure's own noun.
 */
function givenByAnotherNoun(
  q: Query,
  f: PassageFeatures,
  dq: Quantity,
  same: Quantity[],
  rate: string,
  exacts: number[][] | undefined,
  lastSyn: Int32Array,
): boolean {
  const noun = dq.what?.slice(0, 1) ?? [];
  let unlike: number | undefined;
  return f.quantities.some((x) => {
    if (x.dim !== 'count' || comparable(dq, x) || !compatible(dq, x)) return false;
    if (q.terms.some((t) => t.term.stem === x.what?.[0])) return false;
    if (rateOf(x, f.text, f.passage.span.start) !== rate) return false;
    unlike ??= Math.max(0, ...same.map((y) => frameShare(q, f, dq, y, exacts, lastSyn, noun)));
    return frameShare(q, f, dq, x, exacts, lastSyn, noun) > unlike;
  });
}

const claimSides = new WeakMap<Quantity, { rate: string; around: ReadonlySet<string> }>();
/** What `align` reads of a claim's figure, the same against every passage: what it is per, and its frame's stems. */
function claimSide(q: Query, dq: Quantity): { rate: string; around: ReadonlySet<string> } {
  let out = claimSides.get(dq);
  if (out) return out;
  const terms = q.claim.analysis.terms;
  let before = 0;
  while (before < terms.length && terms[before].token.start < dq.start) before++;
  let after = before;
  while (after < terms.length && terms[after].token.start < dq.end) after++;
  const around = new Set<string>();
  for (let i = Math.max(0, before - FRAME_WORDS); i < Math.min(terms.length, after + FRAME_WORDS); i++)
    around.add(terms[i].stem);
  claimSides.set(dq, (out = { rate: rateOf(dq, q.claim.masked, q.claim.offset), around }));
  return out;
}

/**
 * Whether a passage word that shares an antonym's stem is that antonym as a word: a stem joins words that oppose
 * nothing ("a presentation" shares "present"'s stem, the antonym of "absent").
 */
function isAntonymWord(t: QueryTerm, surface: string): boolean {
  const word = surface.replace(/['’]s$/i, '');
  return lemmaCandidates(word).some((c) => t.antonymWords.has(c));
}

/**
 * What a count or amount is given per, as a stem ("$40 per visitor", "$2 million a year", "12 crossings each day"),
 * or "" for a total: a rate and a total, or rates per different things, measure different things. `text` starts at
 * source offset `offset`.
 */
function rateOf(x: Quantity, text: string, offset: number): string {
  if (x.dim !== 'money' && x.dim !== 'count') return '';
  const after = text.slice(x.end - offset, x.end - offset + 40);
  const m =
    /^\s*(?:[\p{L}-]+\s+){0,2}?(?:per|each)\s+(\p{L}+)/u.exec(after) ??
    (x.dim === 'money' ? /^\s*an?\s+(\p{L}+)/u.exec(after) : null);
  return m ? stemOf(m[1].toLowerCase()) : '';
}

/**
 * The claim's negations whose reach (to the end of their clause, six words at most) holds a claim word the passage
 * states, or no claim word at all: "residents never got the alerts" says nothing about a passage on the sirens that
 * shares only "residents", so it gives no opposite polarity there. `unstated`: the others, whose reach holds claim
 * words the passage does not state.
 */
function reachingNegations(q: Query, credited: Uint32Array, stamp: number): { counted: number; unstated: number } {
  const a = q.claim.analysis;
  if (!a.negations) return { counted: 0, unstated: 0 };
  const { masked, offset } = q.claim;
  let n = 0;
  let unstated = 0;
  for (let i = 0; i < a.negationAt.length; i++) {
    const from = a.negationAt[i] + a.negationWords[i].length;
    const stop = scopeEnd(masked, from);
    let any = false;
    let stated = false;
    for (let j = 0; j < q.terms.length && !stated; j++) {
      const at = q.terms[j].term.token.start - offset;
      if (at < from || at >= stop) continue;
      any = true;
      stated = credited[j] === stamp;
    }
    if (stated || !any) n++;
    else unstated++;
  }
  // Words that reverse a stance without a position of their own count as they did.
  return { counted: n + Math.max(0, a.negations - a.negationAt.length), unstated };
}
