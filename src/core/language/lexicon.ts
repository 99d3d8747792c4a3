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

let members: { offsets: Int32Array; lemmas: string[] } | undefined;
/**
 * Lemmas of a synset. The inverse map is built on first use, as two flat arrays (per synset, where its lemmas start
 * in one list): a few times faster to build than a map of arrays, which matters to a command-line run.
 */
function lemmasOf(synset: number): readonly string[] {
  if (!members) {
    const keys = Object.keys(data.lemmas);
    let max = 0;
    for (const k of keys) for (const id of data.lemmas[k]) if (id > max) max = id;
    const offsets = new Int32Array(max + 2);
    for (const k of keys) for (const id of data.lemmas[k]) offsets[id + 1]++;
    for (let i = 1; i < offsets.length; i++) offsets[i] += offsets[i - 1];
    const fill = offsets.slice();
    const lemmas = new Array<string>(offsets[offsets.length - 1]);
    for (const k of keys) for (const id of data.lemmas[k]) lemmas[fill[id]++] = k;
    members = { offsets, lemmas };
  }
  const { offsets, lemmas } = members;
  if (synset < 0 || synset + 1 >= offsets.length) return EMPTY_LEMMAS;
  return lemmas.slice(offsets[synset], offsets[synset + 1]);
}
const EMPTY_LEMMAS: readonly string[] = [];

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
/** Verbs that say a figure went up, and down (general English; lemmas). */
const UP = new Set(['rise', 'climb', 'increase', 'gain', 'jump', 'soar', 'surge', 'grow', 'rally', 'spike']);
const DOWN = new Set(['fall', 'drop', 'decline', 'decrease', 'sink', 'plunge', 'slide', 'slump', 'tumble', 'shrink', 'dip', 'plummet']);
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
  // Verbs of a change's direction oppose each other ("climbed 8%" vs "fell 8%"), which WordNet links only for a few.
  const side = UP.has(lemma) ? DOWN : DOWN.has(lemma) ? UP : undefined;
  if (side) {
    const opposite = new Set(r.antonyms);
    for (const w of side) opposite.add(w);
    r.antonyms = [...opposite];
    r.synonyms = r.synonyms.filter((w) => !side.has(w));
    r.near = r.near.filter((w) => !side.has(w));
  }
  if (cache.size > 20_000) cache.clear();
  cache.set(key, r);
  return r;
}
