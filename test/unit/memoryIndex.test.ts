import { strict as assert } from 'node:assert';
import { buildIndex, sourceAtHand, type PassageIndex } from '../../src/core';
import { passageIndexContract } from './passageIndex.contract';

passageIndexContract('in memory', (files) => buildIndex({ files }));

describe('the memory index through the PassageIndex port', () => {
  it('answers source and listSources at once, never with a promise', () => {
    const index: PassageIndex = buildIndex({
      files: [{ path: 'a.txt', text: 'The harbor handled 2.5 million containers in 2023.' }],
    });
    const listed = index.listSources(5);
    assert.ok(Array.isArray(listed));
    assert.equal(listed.length, 1);
    const found = index.source(listed[0].key);
    assert.ok(!(found instanceof Promise));
    assert.equal(found?.path, 'a.txt');
    assert.equal(sourceAtHand(index, listed[0].key), found);
    assert.equal(sourceAtHand(index, 'no-such-key'), undefined);
  });
});
