import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildIndex,
  collectingLogger,
  createCorroborate,
  MemoryIndex,
  type BuildInput,
  type CheckOptions,
  type CheckResult,
  type IndexCache,
  type ManifestText,
  type PassageRef,
  type SentenceChecker,
  type Source,
  type SourceFile,
  type SourceProblem,
} from '../../src/core';

/** An index with what tests read of it: its sources, the problems its build logged, and a checker over it. */
export interface TestCorpus {
  index: MemoryIndex;
  /** The sentence checker the facade uses (findings re-check edited sentences with it). */
  checker: SentenceChecker;
  sources: readonly Source[];
  problems: SourceProblem[];
  check(text: string, options?: CheckOptions): CheckResult;
  /** Every source, ranked for `text`. */
  rankSources(text: string): PassageRef[];
  toCache(): IndexCache;
}

export function wrap(index: MemoryIndex, problems: SourceProblem[]): TestCorpus {
  const c = createCorroborate({ index });
  return {
    index,
    checker: c.checker,
    sources: index.sources,
    problems,
    check: (t, o) => c.check(t, o),
    rankSources: (t) => c.rankSources(t, index.stats.sources) as PassageRef[],
    toCache: () => index.toCache(),
  };
}

/** Builds an index with the core's build loop, logging into the result's `problems`. */
export function testCorpus(
  files: SourceFile[],
  manifests: ManifestText[] = [],
  options: Omit<BuildInput, 'files' | 'manifests' | 'log'> = {},
): TestCorpus {
  const log = collectingLogger();
  return wrap(buildIndex({ files, manifests, log, ...options }), log.problems);
}

/** An index adopted whole from a snapshot, or undefined. */
export function adopted(files: SourceFile[], cache: IndexCache): TestCorpus | undefined {
  const log = collectingLogger();
  const index = MemoryIndex.adopt(files, cache, { log });
  return index && wrap(index, log.problems);
}

/** A corpus from in-memory texts: `{ 'a.txt': 'text' }`. */
export function corpusOf(files: Record<string, string>, manifest?: object): TestCorpus {
  const list: SourceFile[] = Object.entries(files).map(([path, text]) => ({ path, text }));
  return testCorpus(list, manifest ? [{ text: JSON.stringify(manifest) }] : []);
}

/** The one sentence result of checking `sentence` as a draft. */
export function check(corpus: TestCorpus, sentence: string) {
  const doc = corpus.check(sentence);
  if (doc.sentences.length !== 1)
    throw new Error(
      `expected one sentence, got ${doc.sentences.length}: ${JSON.stringify(doc.sentences.map((s) => s.text))}`,
    );
  return doc.sentences[0];
}

/** The command-line tests' sources folder (`DIR/sources`: a.txt and b.txt on a harbor moratorium); returns its path. */
export function writeHarborSources(dir: string): string {
  const sources = join(dir, 'sources');
  mkdirSync(sources);
  writeFileSync(
    join(sources, 'a.txt'),
    'The council approved a 12-month moratorium on harbor construction. Critics warned the delay could cost 400 jobs.',
  );
  writeFileSync(join(sources, 'b.txt'), 'The city council approved a one-year moratorium on new harbor construction.');
  return sources;
}
