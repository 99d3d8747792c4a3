import type { Term } from '../language/analyze';
import { isLemma, related, type PartOfSpeech } from '../language/lexicon';
import { acronymOf, acronymsOfRuns } from './acronyms';
import { STOPWORDS, lemmaOf, stemOf, type Token } from '../language/tokens';
import { TENS, UNITS } from '../language/quantityUnits';
import { meanVector, vectorRow } from '../language/vectors';
import { bitsOf, UNKNOWN_BITS } from '../language/wordfreq';
import type { RetrievalQuery, Vocabulary } from '../retrieval/passageIndex';
import type { Claim } from './claim';

/** A figure's weight in the coverage (about a rare word's), and in the general-English coverage. */
export const QUANTITY_WEIGHT = 2.5;
export const QUANTITY_GBITS = 20;
/** Credit for a word matched through a synonym, a name the source is about, a near sense or a shared root. */
export const SYNONYM_WEIGHT = 0.85;
export const TOPIC_WEIGHT = 0.7;
export const NEAR_WEIGHT = 0.6;
/** Framing words ("idea", "really") weigh this share of a content word. */
const LIGHT_WEIGHT = 0.3;

/** A content word of a claim with what it may match in a passage (all as the index's stem ids). */
export interface QueryTerm {
  term: Term;
  /** The word's stem id (-1: no passage holds it). */
  id: number;
  /** Weight by the index's inverse document frequency. */
  weight: number;
  /** Weight by general-English rarity (bits), for the corpus-independent coverage. */
  gweight: number;
  /** Word-vector row of the stem (-1: none). */
  vrow: number;
  synonyms: Set<number>;
  near: Set<number>;
  antonyms: Set<number>;
  /** The antonyms as words (lemmas): a passage word matched by stem must be one of them ("presentation" is not "present"). */
  antonymWords: ReadonlySet<string>;
  /** The word is an acronym ("NTSB"): the capitals a passage's name may spell out. */
  acronym?: string;
}

/** A claim as weighted words. */
export interface Query {
  claim: Claim;
  terms: QueryTerm[];
  ids: Set<number>;
  total: number;
  gtotal: number;
  /** Mean word vector of the claim's content words, weighted by rarity (undefined: none has a vector). */
  mean?: Float32Array;
}

/** The claim's content words with their weights (idf from the index's vocabulary) and the lexicon's expansions. */
export function buildQuery(claim: Claim, vocabulary: Vocabulary): Query {
  const a = claim.analysis;
  const n = vocabulary.passageCount;
  const idf = (id: number) => Math.max(0.3, Math.log((n + 1) / (vocabulary.documentFrequency(id) + 0.5)));
  const idsOf = (lemmas: string[]) => {
    const out = new Set<number>();
    for (const stem of stemsOf(lemmas)) {
      const id = vocabulary.idOf(stem);
      if (id !== undefined) out.add(id);
    }
    return out;
  };
  const terms: QueryTerm[] = [];
  let total = 0;
  let gtotal = 0;
  let joined: { word: string; end: number; ids: number[] } | undefined;
  for (const term of a.terms) {
    const id = vocabulary.idOf(term.stem) ?? -1;
    const weight = idf(id) * (term.light ? LIGHT_WEIGHT : 1);
    const gweight = (term.token.kind === 'word' ? bitsOf(term.stem) : UNKNOWN_BITS) * (term.light ? LIGHT_WEIGHT : 1);
    const rel = term.token.kind === 'word' ? related(term.lemma, term.next, partOfSpeech(a.tokens, term)) : NO_RELATED;
    // A number word counts; it opposes nothing ("one of the suppliers" is not against "the first day").
    const counting = term.token.lower in UNITS || term.token.lower in TENS;
    // A synonym of several words is not its first word ("make for" is not "make", for "bring").
    const synonyms = idsOf(singleWords(rel.synonyms));
    const near = idsOf(rel.near);
    // An antonym of several words is not its first word's ("call option" is not "call"'s, for "put").
    const antonymWords = counting ? NO_WORDS : singleWords(rel.antonyms);
    const antonyms = idsOf(antonymWords);
    for (const x of [id, ...synonyms]) {
      near.delete(x);
      antonyms.delete(x);
    }
    // A compound's other spelling; the joined form of two words stands for both ("co-pilot": "co" and "pilot").
    if (joined && joined.word === term.token.lower && term.token.start <= joined.end + 1)
      for (const j of joined.ids) if (j !== id) synonyms.add(j);
    joined = term.next ? { word: term.next, end: term.token.end, ids: [] } : undefined;
    for (const stem of compoundForms(term)) {
      const other = vocabulary.idOf(stem);
      if (other === undefined || other === id) continue;
      synonyms.add(other);
      if (joined && stem.startsWith(term.stem.slice(0, 2))) joined.ids.push(other);
    }
    synonyms.delete(id);
    const vrow = term.token.kind === 'word' && !term.name ? vectorRow(term.stem) : -1;
    terms.push({
      term,
      id,
      weight,
      gweight,
      vrow,
      synonyms,
      near,
      antonyms,
      antonymWords: wordSet(antonymWords),
      acronym: acronymOf(term.token.text),
    });
    total += weight;
    gtotal += gweight;
  }
  // A name the sentence spells out stands also for its acronym where the sources use one ("FAA").
  for (const run of acronymsOfRuns(a.tokens)) {
    const id = vocabulary.idOf(stemOf(run.acronym.toLowerCase()));
    if (id === undefined) continue;
    for (const t of terms) if (run.words.some((k) => a.tokens[k] === t.term.token) && t.id !== id) t.synonyms.add(id);
  }
  total += QUANTITY_WEIGHT * a.quantities.length;
  gtotal += QUANTITY_GBITS * a.quantities.length;
  const mean = meanVector(
    terms.map((t) => t.vrow),
    terms.map((t) => t.gweight),
  );
  return { claim, terms, ids: new Set(terms.map((t) => t.id)), total, gtotal, mean };
}

const NO_RELATED = { synonyms: [], near: [], antonyms: [] };
const NO_WORDS: string[] = [];
const singleMemo = new WeakMap<string[], string[]>();
/** The one-word lemmas of a lexicon list (memoised per list, as `stemsOf`). */
function singleWords(lemmas: string[]): string[] {
  let out = singleMemo.get(lemmas);
  if (!out) singleMemo.set(lemmas, (out = lemmas.filter((l) => !l.includes(' '))));
  return out;
}

const wordSets = new WeakMap<string[], ReadonlySet<string>>();
/** A word list as a set (memoised per list). */
function wordSet(words: string[]): ReadonlySet<string> {
  let out = wordSets.get(words);
  if (!out) wordSets.set(words, (out = new Set(words)));
  return out;
}

/** Words after which the next is a verb: the infinitive's "to" and the modals ("to last", "would last"). */
const BEFORE_VERB = new Set(['to', 'will', 'would', 'can', 'could', 'may', 'might', 'shall', 'should', 'must']);
/** The part of speech a word's context makes sure of, if any (only a verb, for now). */
function partOfSpeech(tokens: readonly Token[], term: Term): PartOfSpeech | undefined {
  const i = tokens.indexOf(term.token);
  return i > 0 && BEFORE_VERB.has(tokens[i - 1].lower) ? 'v' : undefined;
}

/** Particles that close a phrasal verb into a noun ("shut down" / "shutdown", "break down" / "breakdown"). */
const PARTICLES = ['off', 'out', 'up', 'down', 'over', 'back', 'away'];
/** Prefixes written with or without a hyphen ("co-pilot" / "copilot", "non-profit" / "nonprofit"). */
const PREFIXES = ['co', 'non', 'anti', 'multi'];

/**
 * Other spellings of a compound the sources may use, as stems: the word joined with the next ("shutting down",
 * "shut-down", "co-pilot" → "shutdown", "copilot"), and a closed compound's verb or head ("shutdown" → "shut",
 * "breakdown" → "break", "copilot" → "pilot"). Only what the index holds counts (the caller looks each up).
 */
export function compoundForms(term: Term): string[] {
  if (term.token.kind !== 'word') return [];
  const out: string[] = [];
  if (term.next)
    out.push(stemOf(term.lemma + term.next), stemOf(term.stem + term.next), stemOf(term.token.lower + term.next));
  const w = term.token.lower;
  for (const p of PARTICLES)
    if (w.endsWith(p) && w.length - p.length >= 3) {
      const verb = w.slice(0, -p.length);
      if (!STOPWORDS.has(verb) && isLemma(verb)) out.push(stemOf(lemmaOf(verb)));
    }
  for (const p of PREFIXES)
    if (w.startsWith(p) && w.length - p.length >= 4 && isLemma(lemmaOf(w.slice(p.length))))
      out.push(stemOf(lemmaOf(w.slice(p.length))));
  return out;
}

const stemMemo = new WeakMap<string[], string[]>();
/** The stems of the first words of lexicon lemmas (memoised per list: the lexicon's lists are cached and shared). */
function stemsOf(lemmas: string[]): string[] {
  let out = stemMemo.get(lemmas);
  if (!out) stemMemo.set(lemmas, (out = lemmas.map((l) => stemOf(l.split(' ')[0]))));
  return out;
}

/** What the index is asked: per word, the word itself, then its synonyms, near senses and antonyms. */
export function toRetrievalQuery(q: Query): RetrievalQuery {
  return {
    words: q.terms.map((t) => [
      { id: t.id, weight: t.weight },
      ...[...t.synonyms].map((id) => ({ id, weight: t.weight * SYNONYM_WEIGHT })),
      ...[...t.near].map((id) => ({ id, weight: t.weight * NEAR_WEIGHT })),
      ...[...t.antonyms].map((id) => ({ id, weight: t.weight * SYNONYM_WEIGHT })),
    ]),
  };
}
