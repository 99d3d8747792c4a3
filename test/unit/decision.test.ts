import { strict as assert } from 'node:assert';
import { compatible, comparable, extractQuantities, type Quantity } from '../../src/core/language/quantities';
import { tokenize } from '../../src/core/language/tokens';
import fc from 'fast-check';
import { SHIPPED_MODEL, couldReach, decide, featuresOf, probability, STATE_FEATURES, CONFLICT_FEATURES, type PairEvidence } from '../../src/core/check/support';
import { check, corpusOf } from './helpers';
import { buildIndex, createCorroborate } from '../../src/core';
import { UNKNOWN_BITS, bitsOf } from '../../src/core/language/wordfreq';
import { similarity, vectorRow } from '../../src/core/language/vectors';
import { stemOf } from '../../src/core/language/tokens';

const all = (s: string): Quantity[] => extractQuantities(tokenize(s));
const first = (s: string, dim: Quantity['dim']): Quantity => {
  const x = all(s).find((q) => q.dim === dim);
  assert.ok(x, `${s}: no ${dim} in ${JSON.stringify(all(s))}`);
  return x;
};
const meet = (a: string, b: string, dim: Quantity['dim']) => comparable(first(a, dim), first(b, dim)) && compatible(first(a, dim), first(b, dim));

describe('dates, times and tolerances', () => {
  it('reads month-day dates in either order and with abbreviations, and tells days apart', () => {
    assert.equal(first('on Aug. 8 the fire spread', 'date').value, 808);
    assert.equal(first('on 26 March', 'date').value, 326);
    assert.ok(meet('on March 26', 'on Mar. 26, 2024', 'date'));
    assert.ok(!meet('on January 6, 2024', 'On January 5, 2024', 'date'));
    assert.ok(!meet('Nov. 19', 'Nov. 20', 'date'));
  });

  it('reads the day of a month-day date as the date only, not also as a count', () => {
    assert.deepEqual(all('The fire began on Aug. 8, killing 100 people.').map((q) => [q.dim, q.value]), [['date', 808], ['count', 100]]);
    assert.deepEqual(all('The fire began on August 8 in Lahaina.').map((q) => q.dim), ['date']);
  });

  it('reads times of day with a.m./p.m., and without them compares only the clock face', () => {
    assert.equal(first('at 5:07 p.m.', 'time').value, 17 * 60 + 7);
    assert.equal(first('at 10pm', 'time').value, 22 * 60);
    assert.ok(!meet('at 5:07 p.m.', 'at 4:52 p.m.', 'time'));
    assert.ok(!meet('at 10 a.m.', 'at 10pm', 'time'));
    assert.ok(meet('at 9:30 on Tuesday', 'at 9:30 p.m.', 'time'));
    assert.ok(!meet('at 9:30 on Tuesday', 'at 7:30 p.m.', 'time'));
    assert.ok(meet('at about 1:30 a.m.', 'at 1:27 a.m.', 'time'));
  });

  it('keeps exact figures to half a unit of their last digit, and approximate ones 25% apart apart', () => {
    assert.ok(!meet('8,568 people', '8,586 people', 'count'));
    assert.ok(meet('8,568 people', '8,568 people', 'count'));
    assert.ok(!meet('about 15,000 vehicles', 'about 12,000 vehicles', 'count'));
    assert.ok(meet('about 1,400 cancellations', '1,400 cancellations', 'count'));
    assert.ok(!meet('8.5 million devices', '9.5 million devices', 'count'));
  });

  it('never lets "less than" meet "more than" the same figure, but lets "at least" meet it', () => {
    assert.ok(!meet('less than 80%', 'more than 80%', 'percent'));
    assert.ok(meet('at least 80%', '80%', 'percent'));
    assert.ok(meet('more than 80%', 'over 80 percent', 'percent'));
  });

  it('does not read "2,000" as a year or "one of" as a count', () => {
    assert.equal(all('2,000 soldiers').find((x) => x.dim === 'year'), undefined);
    assert.equal(all('one of the engineers').length, 0);
  });
});

describe('the fitted support decision', () => {
  const base: PairEvidence = { cov: 0.9, covG: 0.9, covV: 0.9, covExact: 0.9, nameCov: 1, nameMiss: 0, qTot: 0, qGot: 0, qMissing: 0, qAbsent: 0, missRare: 0, terms: 8, passageTerms: 10, precision: 0.8, hedge: 0, window: 0, margin: 0.3, relBest: 0, sim: 0.9 };

  it('ships coefficients for every feature', () => {
    assert.equal(SHIPPED_MODEL.state.w.length, STATE_FEATURES.length);
    assert.equal(SHIPPED_MODEL.conflict.w.length, CONFLICT_FEATURES.length);
    assert.equal(featuresOf(base).length, STATE_FEATURES.length);
  });

  it('skips the vector measurements only where no value of them could reach the threshold', () => {
    const share = fc.double({ min: 0, max: 1, noNaN: true });
    let skipped = 0;
    fc.assert(
      fc.property(share, share, share, share, share, fc.double({ min: -1, max: 1, noNaN: true }), fc.boolean(), fc.double({ min: 0.05, max: 0.95, noNaN: true }), (cov, covG, extra, tV, precision, sim, conflict, floor) => {
        const covVMax = Math.min(1, covG + extra);
        const e: PairEvidence = { ...base, cov, covG, covExact: cov * 0.8, precision, relBest: cov - 1, margin: cov / 2, topical: cov, kind: conflict ? 'quantity' : undefined };
        const m = conflict ? SHIPPED_MODEL.conflict : SHIPPED_MODEL.state;
        if (couldReach(m, e, conflict, floor, covVMax)) return;
        skipped++;
        // Any covV within its range and any sim: the probability stays under the floor.
        const p = probability(m, featuresOf({ ...e, covV: covG + tV * (covVMax - covG), sim }, conflict));
        assert.ok(p < floor, `p ${p} reached ${floor} for a pair judged unable to`);
      }),
      { numRuns: 2000 },
    );
    assert.ok(skipped > 100, `only ${skipped} of 2000 random pairs were skippable: the bound is too loose to matter`);
  });

  it('rises with coverage: a close passage states the sentence, a distant one does not', () => {
    const close = decide([{ item: 1, support: base }]);
    const far = decide([{ item: 1, support: { ...base, cov: 0.15, covG: 0.15, covV: 0.2, covExact: 0.1, precision: 0.1, relBest: -0.7 } }]);
    assert.equal(close.support.length, 1);
    assert.equal(far.support.length, 0);
    assert.ok(close.support[0].pState > 0.5);
  });

  it('never lets a passage that hedges, or lacks a figure of the sentence, state it', () => {
    assert.equal(decide([{ item: 1, support: { ...base, hedge: 1 } }]).support.length, 0);
    assert.equal(decide([{ item: 1, support: { ...base, qTot: 1, qMissing: 1, qAbsent: 1 } }]).support.length, 0);
  });
});

describe('no false reassurance, through the engine', () => {
  const corpus = corpusOf({
    'a.txt': 'Officials said the company might agree to the pause later this year, but that remains deeply uncertain.',
    'b.txt': 'The company wants a coordinated pause on the training of frontier models by every major laboratory.',
    'c.txt': 'The ship struck the bridge at 1:27 a.m. on March 26, 2024, after it lost power twice.',
  });

  it('does not take a hedged passage as stating the claim', () => {
    assert.ok(!['single-source', 'corroborated'].includes(check(corpus, 'The company has agreed to the pause.').status));
  });

  it('does not take a passage without the sentence\'s figure as stating it', () => {
    assert.ok(!['single-source', 'corroborated'].includes(check(corpus, 'The company wants a coordinated pause on the training of frontier models lasting 6 months.').status));
  });

  it('contradicts another day and another time of day, and states the same ones', () => {
    assert.equal(check(corpus, 'The ship struck the bridge at 1:27 a.m. on March 27, 2024, after it lost power twice.').status, 'contradicted');
    assert.equal(check(corpus, 'The ship struck the bridge at 4:27 a.m. on March 26, 2024, after it lost power twice.').status, 'contradicted');
    assert.equal(check(corpus, 'The ship struck the bridge at 1:27 a.m. on March 26, 2024, after it lost power twice.').status, 'single-source');
  });
});

describe('hedges scoped to what they govern', () => {
  const corpus = corpusOf({
    'a.txt': 'Rosa Hale runs the harbor authority of Tamsin Bay and may step down when her term ends next year.',
    'b.txt': 'The ferry service to Orlo Island will resume in June if the new pier passes its inspection.',
    'c.txt': 'The museum on Vell Street might reopen to visitors in the spring.',
  });
  const sourced = (s: string) => ['single-source', 'corroborated'].includes(check(corpus, s).status);

  it('states what a passage says before a modal that governs another verb', () => {
    assert.ok(sourced('Rosa Hale runs the harbor authority of Tamsin Bay.'));
  });

  it('does not state what a condition right after it, or a modal before it, hedges', () => {
    assert.ok(!sourced('The ferry service to Orlo Island will resume in June.'));
    assert.ok(!sourced('The museum on Vell Street will reopen to visitors in the spring.'));
  });

  it('counts a doubt at the end of the clause, however far after the last matched word', () => {
    const passage = 'Whether the broader shipping industry—which includes carriers like Arlo Freight, Benn Lines, and Corra—will agree to a synchronized slowdown remains deeply uncertain.';
    const index = buildIndex({ files: [{ path: 'a.txt', text: passage }, { path: 'b.txt', text: 'Gardens and flowers filled the square on Sunday.' }], manifests: [] });
    const [s] = createCorroborate({ index, evidence: true }).check('Benn Lines has agreed to the pause.\n').sentences;
    const hedge = s.evidence?.find((e) => e.sources.includes('a.txt'))?.support?.hedge;
    assert.equal(hedge, 1, JSON.stringify(s.evidence));
  });
});

describe('ranges', () => {
  it('reads "12 to 24 months" and "between 400 and 500 jobs" as ranges that a figure inside meets', () => {
    const r = first('expected to take 12 to 24 months', 'duration');
    assert.ok(r.lo < r.hi);
    assert.ok(meet('12 to 24 months', '18 months', 'duration'));
    assert.ok(!meet('12 to 24 months', 'six months', 'duration'));
    assert.ok(meet('between 400 and 500 jobs', '450 jobs', 'count'));
  });
});

describe('language data', () => {
  it('gives unknown words the rarity the word-count extract says', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const file = require('../../data/wordfreq.json') as { unknown: number };
    assert.equal(UNKNOWN_BITS, file.unknown);
    assert.ok(bitsOf('bridg') > bitsOf('say'));
  });

  it('finds paraphrases close in vector space and unrelated words far', () => {
    const sim = (a: string, b: string) => similarity(vectorRow(stemOf(a)), vectorRow(stemOf(b)));
    assert.ok(sim('car', 'vehicle') > 0.6);
    assert.ok(sim('car', 'philosophy') < sim('car', 'vehicle') - 0.3);
  });
});

describe('lengths and speeds', () => {
  it('converts lengths between units, so 2.6 km meets 1.6 miles and 52 feet does not meet 25 feet', () => {
    assert.ok(meet('about 2.6 kilometres long', 'the 1.6-mile bridge', 'length'));
    assert.ok(!meet('in 52 feet of water', 'beneath 25 feet of water', 'length'));
    assert.ok(!meet('the 948-foot ship', 'the 984-foot-long ship', 'length'));
  });

  it('reads "mph", "km/h" and "miles per hour" as speeds, and "$5m" as money, not metres', () => {
    assert.ok(meet('winds of 70 miles per hour', 'winds of 70 mph', 'speed'));
    assert.ok(!meet('winds of 80 mph', 'winds of 70 miles per hour', 'speed'));
    assert.equal(first('raised $5m', 'money').value, 5e6);
    assert.equal(all('raised $5m').find((x) => x.dim === 'length'), undefined);
  });
});
