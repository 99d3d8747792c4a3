import { buildCorpus, type Corpus, type SourceFile } from '../../src/core';

/** A corpus from in-memory texts: `{ 'a.txt': 'text' }`. */
export function corpusOf(files: Record<string, string>, manifest?: object): Corpus {
  const list: SourceFile[] = Object.entries(files).map(([path, text]) => ({ path, text }));
  return buildCorpus(list, manifest ? [{ text: JSON.stringify(manifest) }] : []);
}

/** The one sentence result of checking `sentence` as a draft. */
export function check(corpus: Corpus, sentence: string) {
  const doc = corpus.checkDocument(sentence);
  if (doc.sentences.length !== 1) throw new Error(`expected one sentence, got ${doc.sentences.length}: ${JSON.stringify(doc.sentences.map((s) => s.text))}`);
  return doc.sentences[0];
}
