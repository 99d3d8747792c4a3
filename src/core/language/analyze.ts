import { extractQuantities, type Quantity } from './quantities';
import { SCAN_TRIGGERS } from './quantityUnits';
import { foldChars } from '../text/text';
import { NEGATORS, STOPWORDS, isAcronym, lemmaOf, nextToken, stemOf, tokenEnd, tokenize, upperAt, wordLower, type Token } from './tokens';

/** Words that reverse the stance of a claim as a negator does ("rejects the idea that ..."). */
const STANCE_NEGATORS = new Set(['reject', 'deny', 'oppose', 'refuse', 'dismiss', 'dispute', 'disagree', 'refute', 'abandon', 'lack', 'false', 'untrue', 'myth']);
/** "not only X but also Y" affirms X: "not" before these words negates nothing. */
const NOT_ONLY = new Set(['only', 'just', 'merely', 'simply']);
/** Verbs that negate the verb after "to" ("declined to sign" does not sign, "failed to warn" did not warn), but not
 * on their own ("sales declined", "the pumps failed" negates nothing else the sentence says). */
const REFUSALS = new Set(['decline', 'fail']);
/** Verbs that negate the verb in "-ing" after them ("stopped running" is no longer running), not on their own
 * (word forms: the lexicon lists "stopped" as a lemma of its own). */
const CESSATIONS = new Set(['stop', 'stops', 'stopped', 'cease', 'ceases', 'ceased', 'quit', 'quits']);
/** True for a word in "-ing" (at least two letters before it): "running", not "ring". */
const isGerund = (w: string | undefined) => !!w && w.length > 5 && w.endsWith('ing');
/** Framing words: they say how a claim is put, not what it is, and weigh little in matching. */
const LIGHT = new Set(['idea', 'notion', 'fact', 'claim', 'thing', 'way', 'really', 'actually', 'now', 'already', 'simply', 'currently', 'recently', 'indeed', 'certainly', 'however', 'meanwhile', 'thus', 'therefore', 'report', 'statement', 'note', 'noted', 'argue', 'argued', 'state', 'stated', 'add', 'added', 'explain', 'explained', 'believe', 'suggest', 'well', 'like']);

/** A content word of a sentence. */
export interface Term {
  token: Token;
  stem: string;
  /** The lexicon's lemma ("wrote" -> "write"), for synonym look-ups. */
  lemma: string;
  /** The next word, lower-cased, for two-word lemmas ("speed up"). */
  next?: string;
  /** Weight multiplier for framing words. */
  light: boolean;
  /** Likely part of a name. */
  name: boolean;
}

/** A sentence reduced to what matching and the contradiction rules read. */
export interface Analysis {
  tokens: Token[];
  terms: Term[];
  quantities: Quantity[];
  /** Number of negators and stance-reversing words: the claim's polarity is its parity. */
  negations: number;
  /** Words that made `negations`, for reasons shown to the user. */
  negationWords: string[];
  /** Offsets of each negation word, to count only those near the words a match aligns. */
  negationAt: number[];
}

/** Analyses `text[start, end)` (offsets of tokens and quantities are into `text`). */
export function analyze(text: string, start = 0, end = text.length): Analysis {
  const tokens = tokenize(text, start, end);
  const quantities = extractQuantities(tokens, text);
  const inQuantity = new Uint8Array(tokens.length);
  for (const q of quantities) for (let i = q.from; i < q.to; i++) inQuantity[i] = 1;
  const terms: Term[] = [];
  const negationWords: string[] = [];
  const negationAt: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (NEGATORS.has(t.lower) && !(t.lower === 'not' && NOT_ONLY.has(tokens[i + 1]?.lower ?? ''))) {
      negationWords.push(t.text);
      negationAt.push(t.start);
      continue;
    }
    if (t.kind === 'symbol' || t.stop || inQuantity[i]) continue;
    const lemma = t.kind === 'word' ? lemmaOf(t.lower) : t.lower;
    if (STANCE_NEGATORS.has(lemma) || (REFUSALS.has(lemma) && tokens[i + 1]?.lower === 'to') || (CESSATIONS.has(t.lower) && isGerund(tokens[i + 1]?.lower))) {
      negationWords.push(t.text);
      negationAt.push(t.start);
      continue;
    }
    const next = tokens[i + 1];
    terms.push({
      token: t,
      // The stem of the lemma, so that "weaker" and "weak", "wrote" and "write" meet.
      stem: t.kind === 'word' ? stemOf(lemma) : t.stem,
      lemma,
      next: next && next.kind === 'word' ? next.lower : undefined,
      light: LIGHT.has(t.lower) || LIGHT.has(lemma),
      name: t.capitalized,
    });
  }
  return { tokens, terms, quantities, negations: negationWords.length, negationWords, negationAt };
}

/**
 * The content words and negations of a passage without building token objects: the fast path for indexing large
 * corpora. Gives exactly what `analyze` gives (a test holds them equal) for passages that hold no quantity; returns
 * false, having reported nothing, for those that may (the caller then uses `analyze`).
 */
export function scanTerms(text: string, start: number, end: number, onTerm: (stem: string, start: number, end: number, name: boolean) => void, onNegation: (start: number, end: number) => void): boolean {
  const slice = foldChars(text.slice(start, end));
  // Results wait here until the whole passage is known to hold no quantity.
  const terms: (string | number | boolean)[] = [];
  const negs: number[] = [];
  let first = true;
  for (let at = nextToken(slice, 0), next = 0; at >= 0; at = nextToken(slice, next)) {
    next = tokenEnd();
    let to = next;
    if (to - at >= 2 && slice.charCodeAt(to - 2) === 39 && (slice.charCodeAt(to - 1) === 115 || slice.charCodeAt(to - 1) === 83)) to -= 2;
    if (to === at) continue;
    const s = start + at;
    const e = start + to;
    const c0 = slice.charCodeAt(at);
    if (c0 < 128 ? (c0 >= 48 && c0 <= 57) || c0 === 36 || c0 === 37 : QUANTITY_START.test(slice.slice(at, at + 2))) return false;
    const surface = slice.slice(at, to);
    const lower = wordLower(surface);
    if (SCAN_TRIGGERS.has(lower)) return false;
    const wasFirst = first;
    first = false;
    if (lower.endsWith("n't")) {
      // "don't" -> "do" + "n't", as tokenize splits it
      const base = lower.slice(0, -3);
      if (base) word(base === 'ca' ? 'can' : base === 'wo' ? 'will' : base, s, s + base.length, wasFirst);
      negs.push(e - 3, e);
      continue;
    }
    word(lower, s, e, wasFirst, isAcronym(surface, lower));
  }
  for (let i = 0; i < terms.length; i += 4) onTerm(terms[i] as string, terms[i + 1] as number, terms[i + 2] as number, terms[i + 3] as boolean);
  for (let i = 0; i < negs.length; i += 2) onNegation(negs[i], negs[i + 1]);
  return true;

  function word(lower: string, s: number, e: number, isFirst: boolean, acronym = false): void {
    if (NEGATORS.has(lower) && !(lower === 'not' && notOnlyFollows(slice, e - start))) {
      negs.push(s, e);
      return;
    }
    if (STOPWORDS.has(lower) && !acronym) return;
    const lemma = lemmaOf(lower);
    const after = REFUSALS.has(lemma) || CESSATIONS.has(lower) ? nextWord(slice, e - start) : undefined;
    if (STANCE_NEGATORS.has(lemma) || (REFUSALS.has(lemma) && after === 'to') || (CESSATIONS.has(lower) && isGerund(after))) {
      negs.push(s, e);
      return;
    }
    terms.push(stemOf(lemma), s, e, !isFirst && upperAt(text, s));
  }
}

const NEXT_WORD = /^[^\p{L}\p{N}$€£¥%]*([\p{L}\p{M}][\p{L}\p{M}\p{N}]*)/u;
/** A number, or a currency or percent sign: a token that may start a quantity. */
const QUANTITY_START = /^[\p{N}$€£¥%]/u;

/** True when the next token after offset `at` of `slice` is one of NOT_ONLY. */
function notOnlyFollows(slice: string, at: number): boolean {
  return NOT_ONLY.has(nextWord(slice, at) ?? '');
}

/** The next word after offset `at` of `slice`, lower-cased (undefined when none follows within 40 characters). */
function nextWord(slice: string, at: number): string | undefined {
  const m = NEXT_WORD.exec(slice.slice(at, at + 40));
  return m ? m[1].toLowerCase() : undefined;
}
