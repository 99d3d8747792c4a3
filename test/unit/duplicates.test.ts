import { strict as assert } from 'node:assert';
import { buildIndex, type Source } from '../../src/core';
import { duplicateGroups, foldedHash } from '../../src/core/retrieval/duplicates';
import { generateCorpus, rng } from '../../bench/corpus';

/** The grouping as it was written first (a Set per source, a Map over all sentences): the reference. */
function referenceGroups(sources: readonly Source[]): number[] {
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
      if (l.length > 50) continue;
      for (const j of l) if (j > i) shared.set(j, (shared.get(j) ?? 0) + 1);
    }
    for (const [j, n] of shared) if (n >= 0.8 * Math.min(set.size, sets[j].size)) parent[find(j)] = find(i);
  });
  return sources.map((_, i) => find(i));
}


/**
 * Generated articles and copies of them: whole, with a share of their sentences replaced or dropped, upper-cased,
 * merged from two articles, copies of copies (paths in random order, so a copy may sort before its original), and a
 * sentence in more than 50 files.
 */
function corpusWithCopies(): { path: string; text: string }[] {
  const r = rng(29);
  const base = generateCorpus(160, 23).files;
  const other = generateCorpus(80, 31).files;
  const files = [...base];
  const sentencesOf = (text: string) => text.split('\n');
  for (let k = 0; k < 140; k++) {
    const a = base[Math.floor(r() * base.length)];
    const lines = sentencesOf(a.text);
    const kind = k % 5;
    let out: string[];
    if (kind === 0) out = lines;
    else if (kind === 1) out = lines.map((l, i) => (r() < 0.15 && i > 1 ? sentencesOf(other[i % other.length].text)[i] ?? l : l));
    else if (kind === 2) out = lines.filter(() => r() < 0.75);
    else if (kind === 3) out = lines.map((l) => (r() < 0.5 ? l.toUpperCase() : l));
    else out = [...lines, ...sentencesOf(base[Math.floor(r() * base.length)].text)];
    files.push({ path: `copy-${Math.floor(r() * 1e6)}-${k}.txt`, text: out.join('\n') });
  }
  // Copies of copies.
  for (let k = 0; k < 20; k++) files.push({ path: `z${k}.txt`, text: files[160 + k * 7].text });
  // One boilerplate sentence in 60 files.
  for (let k = 0; k < 60; k++)
    files[k] = { ...files[k], text: `${files[k].text}\nThis article was produced by the syndicate desk and may be reprinted.` };
  return files;
}

describe('duplicateGroups', () => {
  it('gives the groups of the reference grouping, on a corpus with copies', () => {
    const index = buildIndex({ files: corpusWithCopies() });
    const got = duplicateGroups(index.sources);
    const want = referenceGroups(index.sources);
    assert.deepEqual(got, want);
    assert.deepEqual(
      index.sources.map((s) => s.group),
      want,
    );
    // The corpus has groups, of several sizes, so the comparison could fail.
    const sizes = new Map<number, number>();
    for (const g of want) sizes.set(g, (sizes.get(g) ?? 0) + 1);
    assert.ok(sizes.size < want.length - 100, `${sizes.size} groups of ${want.length}`);
    assert.ok(Math.max(...sizes.values()) >= 3);
  });

  it('gives the groups of the reference grouping on generated articles alone, and on none', () => {
    const index = buildIndex({ files: generateCorpus(300, 3).files });
    assert.deepEqual(duplicateGroups(index.sources), referenceGroups(index.sources));
    assert.deepEqual(duplicateGroups([]), []);
  });
});
