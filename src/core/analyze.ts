import { extractQuantities, type Quantity } from './quantities';
import { foldChars } from './text';
import { NEGATORS, STOPWORDS, TOKEN_RE, lemmaOf, stemOf, tokenize, type Token } from './tokens';

/** Words that reverse the stance of a claim as a negator does ("rejects the idea that ..."). */
const STANCE_NEGATORS = new Set(['reject', 'deny', 'oppose', 'refuse', 'dismiss', 'dispute', 'disagree', 'refute', 'abandon', 'fail', 'lack', 'false', 'untrue', 'myth']);
/** "not only X but also Y" affirms X: "not" before these words negates nothing. */
const NOT_ONLY = new Set(['only', 'just', 'merely', 'simply']);
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
  const quantities = extractQuantities(tokens);
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
    if (STANCE_NEGATORS.has(lemma)) {
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

// Anything that could start a quantity: digits, signs, number and fraction words, units of time, months, weekdays.
const MAY_HOLD_QUANTITY =
  /[\p{N}%$€£¥]|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion|zero|half|halves|thirds?|quarters?|fifths?|tenths?|dozen|pair|couple|majority|minority|seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|years?|decades?|century|centuries|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec|times|fold)\b/iu;

/**
 * The content words and negations of a passage without building token objects: the fast path for indexing large
 * corpora. Gives exactly what `analyze` gives (a test holds them equal) for passages that hold no quantity; returns
 * false, having reported nothing, for those that may (the caller then uses `analyze`).
 */
export function scanTerms(text: string, start: number, end: number, onTerm: (stem: string, start: number, end: number, name: boolean) => void, onNegation: (start: number, end: number) => void): boolean {
  const slice = foldChars(text.slice(start, end));
  if (MAY_HOLD_QUANTITY.test(slice)) return false;
  const re = new RegExp(TOKEN_RE.source, 'gu');
  let m: RegExpExecArray | null;
  let first = true;
  while ((m = re.exec(slice))) {
    let surface = m[0];
    const n = surface.length;
    if (n >= 2 && surface[n - 2] === "'" && (surface[n - 1] === 's' || surface[n - 1] === 'S')) surface = surface.slice(0, -2);
    if (!surface) continue;
    const s = start + m.index;
    const e = s + surface.length;
    const lower = surface.toLowerCase();
    const wasFirst = first;
    first = false;
    if (lower.endsWith("n't")) {
      // "don't" -> "do" + "n't", as tokenize splits it
      const base = lower.slice(0, -3);
      if (base) word(base === 'ca' ? 'can' : base === 'wo' ? 'will' : base, s, s + base.length, wasFirst);
      onNegation(e - 3, e);
      continue;
    }
    if (surface.length === 1 && '$€£¥%'.includes(surface)) continue;
    word(lower, s, e, wasFirst);
  }
  return true;

  function word(lower: string, s: number, e: number, isFirst: boolean): void {
    if (NEGATORS.has(lower) && !(lower === 'not' && notOnlyFollows(slice, e - start))) {
      onNegation(s, e);
      return;
    }
    if (STOPWORDS.has(lower)) return;
    const lemma = lemmaOf(lower);
    if (STANCE_NEGATORS.has(lemma)) {
      onNegation(s, e);
      return;
    }
    onTerm(stemOf(lemma), s, e, !isFirst && /^\p{Lu}/u.test(text.slice(s, e)));
  }
}

/** True when the next token after offset `at` of `slice` is one of NOT_ONLY. */
function notOnlyFollows(slice: string, at: number): boolean {
  const m = /^[^\p{L}\p{N}$€£¥%]*([\p{L}\p{M}][\p{L}\p{M}\p{N}]*)/u.exec(slice.slice(at, at + 40));
  return !!m && NOT_ONLY.has(m[1].toLowerCase());
}
