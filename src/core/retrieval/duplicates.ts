import type { Source } from '../sources/source';

/**
 * Near-duplicate groups: a source whose sentences are 80% (of the shorter one's) in another is a copy of it, and
 * support counts groups, not files. Returns each source's group (the index of its group's first source).
 */
export function duplicateGroups(sources: readonly Source[]): number[] {
  // Sentences are compared by a 32-bit hash of their lower-cased text: no string copies for a million passages.
  const bySentence = new Map<number, number[]>();
  const sets = sources.map((s, i) => {
    const set = new Set<number>();
    for (const p of s.passages) if (p.text.length > 20) set.add(foldedHash(p.text));
    for (const x of set) {
      const l = bySentence.get(x);
      if (l) l.push(i);
      else bySentence.set(x, [i]);
    }
    return set;
  });
  const parent = sources.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  sets.forEach((set, i) => {
    const shared = new Map<number, number>();
    for (const x of set) {
      const l = bySentence.get(x)!;
      if (l.length > 50) continue; // boilerplate shared by many files says nothing about copies
      for (const j of l) if (j > i) shared.set(j, (shared.get(j) ?? 0) + 1);
    }
    for (const [j, n] of shared) if (n >= 0.8 * Math.min(set.size, sets[j].size)) parent[find(j)] = find(i);
  });
  return sources.map((_, i) => find(i));
}

/** FNV-1a of a text with ASCII letters folded to lower case. */
function foldedHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) c += 32;
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h >>> 0;
}
