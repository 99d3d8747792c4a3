import { extractQuantities, type Quantity } from './quantities';
import { NEGATORS, lemmaOf, stemOf, tokenize, type Token } from './tokens';

/** Words that reverse the stance of a claim as a negator does ("rejects the idea that ..."). */
const STANCE_NEGATORS = new Set(['reject', 'deny', 'oppose', 'refuse', 'dismiss', 'dispute', 'disagree', 'refute', 'abandon', 'fail', 'lack', 'false', 'untrue', 'myth']);
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
    if (NEGATORS.has(t.lower)) {
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
