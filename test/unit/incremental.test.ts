import { strict as assert } from 'node:assert';
import { createChecker, DocumentChecker, type PassageIndex } from '../../src/core';
import { corpusOf } from './helpers';

describe('incremental checking', () => {
  const corpus = corpusOf({ 'a.txt': 'The council approved a 12-month moratorium on harbor construction. Critics warned it could cost 400 jobs.' });
  const draft = Array.from({ length: 40 }, (_, i) => `Critics warned it could cost ${i + 1} jobs in district ${i}.`).join('\n\n');

  it('recomputes only the sentences an edit touched', () => {
    const c = new DocumentChecker(createChecker({ index: corpus.index }));
    c.check(draft);
    assert.equal(c.lastComputed, 40);
    const edited = draft.replace('district 7.', 'district 7 and beyond.');
    const r = c.check(edited);
    assert.equal(c.lastComputed, 1);
    for (const s of r.sentences) assert.equal(edited.slice(s.span.start, s.span.end), s.text);
  });

  it('gives in slices the same result as at once, yielding between slices', async () => {
    let yields = 0;
    let t = 0;
    const now = () => (t += 1); // a clock that advances 1 ms a call: a slice of 5 ms is a few sentences
    const sliced = await new DocumentChecker(createChecker({ index: corpus.index })).checkSliced(draft, { now }, { yieldNow: async () => void yields++, isCancelled: () => false, sliceMs: 5 });
    const whole = new DocumentChecker(createChecker({ index: corpus.index })).check(draft);
    assert.ok(yields > 3, `${yields} yields`);
    assert.deepEqual(sliced?.sentences.map((s) => [s.text, s.status]), whole.sentences.map((s) => [s.text, s.status]));
  });

  it('reports the sentences checked so far at each pause, in document order', async () => {
    let t = 0;
    const now = () => (t += 1);
    const partials: number[] = [];
    const done = await new DocumentChecker(createChecker({ index: corpus.index })).checkSliced(draft, { now }, { yieldNow: async () => {}, isCancelled: () => false, sliceMs: 5, onPartial: (s) => partials.push(s.length) });
    assert.ok(partials.length > 3 && partials[0] > 0);
    for (let i = 1; i < partials.length; i++) assert.ok(partials[i] >= partials[i - 1]);
    assert.ok(partials[partials.length - 1] < done!.sentences.length);
  });

  it('stops when cancelled, and leaves sentences unchecked past its budget', async () => {
    let t = 0;
    const now = () => (t += 1);
    const cancelled = await new DocumentChecker(createChecker({ index: corpus.index })).checkSliced(draft, { now }, { yieldNow: async () => {}, isCancelled: () => true, sliceMs: 5 });
    assert.equal(cancelled, undefined);
    t = 0;
    const budgeted = new DocumentChecker(createChecker({ index: corpus.index })).check(draft, { now, budgetMs: 20 });
    assert.ok(budgeted.skipped > 0 && budgeted.sentences.length + budgeted.skipped === 40, `${budgeted.sentences.length} + ${budgeted.skipped}`);
  });

  it('checks the visible sentences first when told which span is visible, and gives the same result', async () => {
    let t = 0;
    const now = () => (t += 1);
    const from = draft.indexOf('district 30.');
    const visible = { start: from, end: draft.indexOf('district 33.') };
    const partials: string[][] = [];
    const sliced = await new DocumentChecker(createChecker({ index: corpus.index })).checkSliced(draft, { now, firstIn: visible }, { yieldNow: async () => {}, isCancelled: () => false, sliceMs: 5, onPartial: (s) => partials.push(s.map((x) => x.text)) });
    // The first pause already has the four visible sentences (and at most a slice's worth of the others).
    const first = partials.find((p) => p.length > 0)!;
    for (const d of [30, 31, 32, 33]) assert.ok(first.some((x) => x.endsWith(`district ${d}.`)), `district ${d} in ${JSON.stringify(first)}`);
    assert.ok(first.length <= 8, `${first.length} sentences in the first partial`);
    const whole = new DocumentChecker(createChecker({ index: corpus.index })).check(draft);
    assert.deepEqual(sliced?.sentences.map((s) => [s.text, s.status]), whole.sentences.map((s) => [s.text, s.status]));
  });

  it('with a batch size, asks the index once per batch of new sentences and gives the same results', async () => {
    // An index that answers asynchronously, as the archive does, counting its retrievals.
    let calls = 0;
    const inner = corpus.index;
    const asyncIndex: PassageIndex = Object.assign(Object.create(inner) as PassageIndex, {
      retrieve: (...args: Parameters<PassageIndex['retrieve']>) => {
        calls++;
        return Promise.resolve(inner.retrieve(...args));
      },
    });
    const slicing = { yieldNow: async () => {}, isCancelled: () => false, sliceMs: Infinity, batch: 16 };
    const c = new DocumentChecker(createChecker({ index: asyncIndex }));
    const batched = await c.checkSliced(draft + '\n\n' + draft, {}, slicing);
    assert.equal(calls, 3); // 40 distinct sentences (each twice in the text) in batches of 16
    assert.equal(c.lastComputed, 40); // the second copies come from the first
    const whole = new DocumentChecker(createChecker({ index: inner })).check(draft + '\n\n' + draft);
    assert.deepEqual(batched, whole);
    calls = 0;
    await c.checkSliced(draft.replace('district 7.', 'district 7 and beyond.'), {}, slicing);
    assert.equal(calls, 1);
    assert.equal(c.lastComputed, 1);
  });
});
