import { antonymsOf, nearOf, synsetsOf } from './lexicon';
import { extractQuantities, type Quantity } from './quantities';
import { NEGATORS, lemmaOf, tokenize, tokenSynsets, type Token } from './tokens';

/** Words that reverse the stance of a claim as a negator does ("rejects the idea that ..."). */
const STANCE_NEGATORS = new Set(['reject', 'deny', 'oppose', 'refuse', 'dismiss', 'dispute', 'disagree', 'refute', 'abandon', 'fail', 'lack', 'false', 'untrue', 'myth', 'rule out']);
/** Framing words: they say how a claim is put, not what it is, and weigh little in matching. */
const LIGHT = new Set(['idea', 'notion', 'fact', 'claim', 'thing', 'way', 'really', 'actually', 'now', 'already', 'simply', 'currently', 'recently', 'indeed', 'certainly', 'however', 'meanwhile', 'thus', 'therefore', 'report', 'statement', 'note', 'noted', 'argue', 'argued', 'state', 'stated', 'add', 'added', 'explain', 'explained', 'believe', 'suggest', 'well', 'like']);

/** A content word of a sentence, ready for matching. */
export interface Term {
  token: Token;
  stem: string;
  synsets: readonly number[];
  /** Synsets near this word's senses (hypernyms, derivations), for weak matches. */
  near: readonly number[];
  /** Synsets of the antonyms of this word's senses. */
  antonyms: readonly number[];
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
  /** Stems and synsets of every content word, for fast membership tests. */
  stems: Set<string>;
  synsets: Set<number>;
  /** Near synsets of every content word. */
  near: Set<number>;
}

/** Analyses `text[start, end)` (offsets of tokens and quantities are into `text`). */
export function analyze(text: string, start = 0, end = text.length): Analysis {
  const tokens = tokenize(text, start, end);
  const quantities = extractQuantities(tokens);
  const inQuantity = new Set<number>();
  for (const q of quantities) for (let i = q.from; i < q.to; i++) inQuantity.add(i);
  const terms: Term[] = [];
  const stems = new Set<string>();
  const synsets = new Set<number>();
  const near = new Set<number>();
  const negationWords: string[] = [];
  const negationAt: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (NEGATORS.has(t.lower)) {
      negationWords.push(t.text);
      negationAt.push(t.start);
      continue;
    }
    if (t.kind === 'symbol') continue;
    const lemma = t.kind === 'word' ? lemmaOf(t.lower) : t.lower;
    if (STANCE_NEGATORS.has(lemma)) {
      negationWords.push(t.text);
      negationAt.push(t.start);
      continue;
    }
    if (t.stop || inQuantity.has(i)) continue;
    let syn = tokenSynsets(t);
    // Two-word lemmas ("speed up", "bring together") lend their senses to the first word.
    const next = tokens[i + 1];
    if (next && next.kind === 'word') {
      const phrase = synsetsOf(`${lemma} ${next.lower}`);
      if (phrase.length) syn = [...syn, ...phrase];
    }
    const term: Term = {
      token: t,
      stem: t.stem,
      synsets: syn,
      near: nearOf(syn),
      antonyms: antonymsOf(syn),
      light: LIGHT.has(t.lower) || LIGHT.has(lemma),
      name: t.capitalized,
    };
    terms.push(term);
    stems.add(t.stem);
    for (const s of syn) synsets.add(s);
    for (const s of term.near) near.add(s);
  }
  return { tokens, terms, quantities, negations: negationWords.length, negationWords, negationAt, stems, synsets, near };
}
