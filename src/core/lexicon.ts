import lexiconData from './data/lexicon.json';

/**
 * Synonym and antonym links extracted from WordNet 3.1 at build time (scripts/build-lexicon.mjs).
 * A lemma maps to the synsets of its most frequent senses; two words are synonyms when they share a synset.
 */
interface LexiconFile {
  lemmas: Record<string, number[]>;
  ants: Record<string, number[]>;
  near: Record<string, number[]>;
}

const data = lexiconData as unknown as LexiconFile;
const EMPTY: readonly number[] = [];

/** Synset ids of a lemma (lower case, multi-word lemmas joined by a space), or none. */
export function synsetsOf(lemma: string): readonly number[] {
  return Object.prototype.hasOwnProperty.call(data.lemmas, lemma) ? data.lemmas[lemma] : EMPTY;
}

/** True when the lexicon knows the lemma. */
export function isLemma(lemma: string): boolean {
  return Object.prototype.hasOwnProperty.call(data.lemmas, lemma);
}

/** Synset ids that are antonyms of any of `synsets`. */
export function antonymsOf(synsets: readonly number[]): number[] {
  const out: number[] = [];
  for (const s of synsets) {
    const a = data.ants[s];
    if (a) out.push(...a);
  }
  return out;
}

/** Synsets near any of `synsets`: a verb's hypernym, an adjective's head, derivational relatives. */
export function nearOf(synsets: readonly number[]): number[] {
  const out: number[] = [];
  for (const s of synsets) {
    const a = data.near[s];
    if (a) out.push(...a);
  }
  return out;
}
