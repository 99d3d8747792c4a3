import { strict as assert } from 'node:assert';
import type { PassageHit, PassageIndex, RetrievalQuery, SourceFile } from '../../src/core';

/** Builds the index under test from source files (a database-backed one would ingest them). */
export type IndexFactory = (files: SourceFile[]) => PassageIndex | Promise<PassageIndex>;

const FILES: SourceFile[] = [
  {
    path: 'a.txt',
    text: 'The council approved a 12-month moratorium on harbor construction. Critics warned it could cost 400 jobs.\nThe mayor said engineers need time.',
  },
  {
    path: 'b.txt',
    text: 'Port officials said the moratorium will not affect shipping.\n\nThe harbor handled 2.5 million containers in 2023.',
  },
  {
    path: 'c.txt',
    text: 'The council approved a 12-month moratorium on harbor construction. Critics warned it could cost 400 jobs.\nThe mayor said engineers need time.',
  },
];

/** A query for these words as written (no expansions), each of weight 1. */
function queryOf(index: PassageIndex, stems: string[]): RetrievalQuery {
  return { words: stems.map((s) => [{ id: index.vocabulary.idOf(s) ?? -1, weight: 1 }]) };
}

const texts = (hits: PassageHit[]) => hits.map((h) => h.features.passage.text);

/**
 * What every `PassageIndex` must do. Run it with a factory: `passageIndexContract('memory', (files) => ...)`.
 */
export function passageIndexContract(name: string, factory: IndexFactory): void {
  describe(`the PassageIndex contract: ${name}`, () => {
    let index: PassageIndex;
    before(async () => {
      index = await factory(FILES);
    });

    it('counts sources, duplicate groups and passages without listing them', () => {
      assert.deepEqual(index.stats, { sources: 3, groups: 2, passages: 8 });
      assert.equal(index.vocabulary.passageCount, 8);
    });

    it('finds a source by key, lists at most the sources asked for, and gives a group its members', async () => {
      const [first] = await index.listSources(1);
      assert.equal((await index.listSources(1)).length, 1);
      assert.equal((await index.listSources(10)).length, 3);
      assert.equal((await index.source(first.key))?.path, first.path);
      assert.equal(await index.source('no-such-key'), undefined);
      const a = (await index.listSources(3)).find((s) => s.path === 'a.txt')!;
      assert.deepEqual(
        index
          .groupMembers(a.group)
          .map((s) => s.path)
          .sort(),
        ['a.txt', 'c.txt'],
      );
    });

    it('gives document frequencies by stem id, and none for an unknown stem', () => {
      const id = index.vocabulary.idOf('moratorium')!;
      assert.ok(id !== undefined);
      assert.equal(index.vocabulary.stemOf(id), 'moratorium');
      assert.equal(index.vocabulary.documentFrequency(id), 3);
      assert.equal(index.vocabulary.idOf('zzyzx'), undefined);
    });

    it('answers a batch of queries in one call, each with at most `limit` hits, best first', async () => {
      const [jobs, shipping] = await index.retrieve([queryOf(index, ['critic', 'job']), queryOf(index, ['ship'])], 2);
      assert.equal(jobs.length, 2);
      assert.deepEqual(texts(jobs), [
        'Critics warned it could cost 400 jobs.',
        'Critics warned it could cost 400 jobs.',
      ]);
      assert.deepEqual(texts(shipping), ['Port officials said the moratorium will not affect shipping.']);
      const none = await index.retrieve([queryOf(index, ['zzyzx'])], 60);
      assert.deepEqual(none, [[]]);
    });

    it('returns self-contained passages: quote, span, terms, negations and figures in source offsets', async () => {
      const [[hit]] = await index.retrieve([queryOf(index, ['ship'])], 1);
      const f = hit.features;
      assert.equal(f.source.path, 'b.txt');
      assert.equal(f.text.slice(0, f.passage.span.end - f.passage.span.start), f.passage.text);
      assert.equal(f.masked.length, f.passage.span.end - f.passage.span.start);
      assert.ok(f.termTo > f.termFrom && f.stems.length >= f.termTo && f.starts.length >= f.termTo);
      const at = f.passage.span.start;
      const words: string[] = [];
      for (let i = f.termFrom; i < f.termTo; i++) words.push(f.text.slice(f.starts[i] - at, f.ends[i] - at));
      assert.ok(words.includes('shipping') && words.includes('moratorium'), words.join(' '));
      assert.equal(f.negationTo - f.negationFrom, 2);
      const [from, to] = [f.negations[f.negationFrom], f.negations[f.negationFrom + 1]];
      assert.equal(f.text.slice(from - at, to - at), 'not');
      const [[figures]] = await index.retrieve([queryOf(index, ['contain'])], 1);
      assert.deepEqual(figures.features.quantities.map((q) => q.dim).sort(), ['count', 'year']);
    });

    it('gives two-sentence windows only within one paragraph of one source', async () => {
      const [[jobs]] = await index.retrieve([queryOf(index, ['critic'])], 1);
      assert.match(jobs.withPrevious!.passage.text, /^The council approved .* 400 jobs\.$/);
      assert.match(jobs.withNext!.passage.text, /^Critics warned .*\nThe mayor said engineers need time\.$/);
      const [[shipping]] = await index.retrieve([queryOf(index, ['ship'])], 1);
      assert.equal(shipping.withNext, undefined); // a blank line ends the paragraph
      assert.equal(shipping.withPrevious, undefined); // the source's first sentence
    });

    it("with a source filter, gives that source's passages in document order", async () => {
      const b = (await index.listSources(3)).find((s) => s.path === 'b.txt')!;
      const [all] = await index.retrieve([queryOf(index, ['zzyzx'])], Infinity, { sourceKey: b.key });
      assert.deepEqual(texts(all), [
        'Port officials said the moratorium will not affect shipping.',
        'The harbor handled 2.5 million containers in 2023.',
      ]);
      const [one] = await index.retrieve([queryOf(index, ['harbor'])], 1, { sourceKey: b.key });
      assert.equal(one.length, 1);
      assert.deepEqual(await index.retrieve([queryOf(index, ['harbor'])], 5, { sourceKey: 'no-such-key' }), [[]]);
    });
  });
}
