import { strict as assert } from 'node:assert';
import { acronymOf, acronymsOfRuns, expansionIn } from '../../src/core/check/acronyms';
import { tokenize } from '../../src/core/language/tokens';
import { testCorpus } from './helpers';

const spelled = (text: string, acronym: string) => {
  const tokens = tokenize(text);
  const run = expansionIn(tokens, acronym);
  return run && text.slice(tokens[run.from].start, tokens[run.to - 1].end);
};

describe('acronyms', () => {
  it('finds a name spelled out by its initials, a linking word giving a letter or not', () => {
    assert.equal(spelled('said the National Transportation Safety Board on Friday', 'NTSB'), 'National Transportation Safety Board');
    assert.equal(spelled('the Maryland Department of Transportation said', 'MDOT'), 'Maryland Department of Transportation');
    assert.equal(spelled('agents of the Federal Bureau of Investigation', 'FBI'), 'Federal Bureau of Investigation');
  });

  it('finds nothing for a name that spells only part of it, or for lower-case words', () => {
    assert.equal(spelled('the Federal Aviation office', 'FAA'), undefined);
    assert.equal(spelled('national transportation safety board', 'NTSB'), undefined);
    assert.equal(spelled('the Anthropic Institute', 'AI'), undefined);
  });

  it('reads acronyms of three to six capitals, and the runs of a sentence that could be written as one', () => {
    assert.equal(acronymOf('NTSB'), 'NTSB');
    assert.equal(acronymOf('NGOs'), 'NGO');
    for (const w of ['AI', 'US', 'Board', 'ABCDEFG', 'ok']) assert.equal(acronymOf(w), undefined, w);
    const runs = acronymsOfRuns(tokenize('Several carriers asked the Federal Aviation Administration for help.')).map((r) => r.acronym);
    assert.ok(runs.includes('FAA'), runs.join());
    assert.ok(!runs.some((a) => a.length < 3), runs.join());
  });

  it('lets a sentence and a source meet when one writes the acronym and the other the name', () => {
    const corpus = testCorpus([
      { path: 'a.txt', text: 'The National Transportation Safety Board recovered the missing door plug from a backyard in Portland.' },
      { path: 'b.txt', text: 'Several airlines asked the FAA for help with ground stops on Friday morning.' },
    ]);
    const status = (text: string) => corpus.check(text).sentences[0];
    const ntsb = status('The NTSB recovered the missing door plug from a backyard in Portland.');
    assert.equal(ntsb.support[0]?.source.path, 'a.txt', ntsb.status);
    const faa = status('Several airlines asked the Federal Aviation Administration for help with ground stops on Friday morning.');
    assert.equal(faa.support[0]?.source.path, 'b.txt', faa.status);
    // The same sentences with another agency's initials are not stated.
    const other = status('The NTSA recovered the missing door plug from a backyard in Portland.');
    assert.ok(other.support.every((r) => r.score < ntsb.support[0].score), other.status);
  });
});
