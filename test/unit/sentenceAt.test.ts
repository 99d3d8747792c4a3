import { strict as assert } from 'node:assert';
import { createChecker, DocumentChecker, type PassageIndex } from '../../src/core';
import { corpusOf } from './helpers';

describe('the sentence at an offset (hover, completion)', () => {
  const corpus = corpusOf({
    'a.txt':
      'The council approved a 12-month moratorium on harbor construction. Critics warned it could cost 400 jobs.',
    'b.txt': 'Critics warned that the moratorium could cost the port 400 jobs.',
  });
  const draft =
    'Critics warned it could cost 400 jobs.\n\nThe council approved a 12-month moratorium on harbor construction.';
  const offset = draft.indexOf('moratorium');

  /** The memory index, answering through promises as the archive does; counts its retrievals. */
  function asyncIndex() {
    const inner = corpus.index;
    const counter = { calls: 0 };
    const index: PassageIndex = Object.assign(Object.create(inner) as PassageIndex, {
      retrieve: (...args: Parameters<PassageIndex['retrieve']>) => {
        counter.calls++;
        return Promise.resolve(inner.retrieve(...args));
      },
    });
    return { index, counter };
  }

  it('answers at once, not with a promise, over the in-memory index', () => {
    const r = new DocumentChecker(createChecker({ index: corpus.index })).sentenceAt(draft, offset);
    assert.ok(!(r instanceof Promise));
    assert.equal(r?.text, 'The council approved a 12-month moratorium on harbor construction.');
  });

  it('answers with a promise over an asynchronous index, with the same result as the in-memory index', async () => {
    const { index } = asyncIndex();
    const pending = new DocumentChecker(createChecker({ index })).sentenceAt(draft, offset);
    assert.ok(pending instanceof Promise);
    const r = await pending;
    const sync = new DocumentChecker(createChecker({ index: corpus.index })).sentenceAt(draft, offset);
    assert.deepEqual(
      [r?.text, r?.status, r?.support.map((x) => x.source.key)],
      [(sync as typeof r)?.text, (sync as typeof r)?.status, (sync as typeof r)?.support.map((x) => x.source.key)],
    );
    assert.ok(r?.support.length, 'the sentence is stated by a source');
  });

  it('keeps an asynchronous answer: asking again answers at once from the cache, without retrieving', async () => {
    const { index, counter } = asyncIndex();
    const c = new DocumentChecker(createChecker({ index }));
    const first = await c.sentenceAt(draft, offset);
    assert.equal(counter.calls, 1);
    const again = c.sentenceAt(draft, offset);
    assert.ok(!(again instanceof Promise));
    assert.equal(again?.status, first?.status);
    assert.equal(counter.calls, 1);
  });

  it('gives undefined, at once, for an offset in no sentence', () => {
    const { index, counter } = asyncIndex();
    const r = new DocumentChecker(createChecker({ index })).sentenceAt('# \n\n', 1);
    assert.equal(r, undefined);
    assert.equal(counter.calls, 0);
  });
});
