import lexiconData from '../../../data/lexicon.json';

/**
 * Synonym, near-sense and antonym links extracted from WordNet 3.1 at build time (scripts/build-lexicon.mjs).
 * A lemma maps to the synsets of its most frequent senses; two words are synonyms when they share a synset.
 */
interface LexiconFile {
  lemmas: Record<string, number[]>;
  ants: Record<string, number[]>;
  near: Record<string, number[]>;
}

// The bundle carries the file as text (see esbuild.mjs); tests and tools importing it directly get the object.
const data = (typeof lexiconData === 'string' ? JSON.parse(lexiconData) : lexiconData) as unknown as LexiconFile;
const EMPTY: readonly number[] = [];
const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** Synset ids of a lemma (lower case, multi-word lemmas joined by a space), or none. */
export function synsetsOf(lemma: string): readonly number[] {
  return has(data.lemmas, lemma) ? data.lemmas[lemma] : EMPTY;
}

/** True when the lexicon knows the lemma. */
export function isLemma(lemma: string): boolean {
  return has(data.lemmas, lemma);
}

let members: Map<number, string[]> | undefined;
/** Lemmas of a synset (the inverse map is built on first use). */
function lemmasOf(synset: number): readonly string[] {
  if (!members) {
    members = new Map();
    for (const [lemma, ids] of Object.entries(data.lemmas)) {
      for (const id of ids) {
        const list = members.get(id);
        if (list) list.push(lemma);
        else members.set(id, [lemma]);
      }
    }
  }
  return members.get(synset) ?? [];
}

/** Words related to a lemma through the lexicon. */
export interface Related {
  /** Share a sense with it. */
  synonyms: string[];
  /** A verb's hypernym, an adjective's head, a derivational relative. */
  near: string[];
  /** Antonyms of its senses (and their synonyms' heads). */
  antonyms: string[];
}

const cache = new Map<string, Related>();
const collect = (ids: Iterable<number>, not: string) => {
  const out = new Set<string>();
  for (const id of ids) for (const l of lemmasOf(id)) if (l !== not) out.add(l);
  return [...out];
};

/** Synonyms, near words and antonyms of a lemma (and of the two-word lemma it starts with `next`, if any). */
export function related(lemma: string, next?: string): Related {
  const key = next ? `${lemma} ${next}` : lemma;
  const hit = cache.get(key);
  if (hit) return hit;
  const syn = [...synsetsOf(lemma), ...(next ? synsetsOf(key) : EMPTY)];
  const near = new Set<number>();
  const ants = new Set<number>();
  for (const s of syn) {
    for (const x of data.near[s] ?? EMPTY) near.add(x);
    for (const x of data.ants[s] ?? EMPTY) ants.add(x);
  }
  const r: Related = { synonyms: collect(syn, lemma), near: collect(near, lemma), antonyms: collect(ants, lemma) };
  if (cache.size > 20_000) cache.clear();
  cache.set(key, r);
  return r;
}
