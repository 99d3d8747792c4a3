import { strict as assert } from 'node:assert';
import { toClaim } from '../../src/core/check/claim';
import {
  antonymRule,
  comparisonRule,
  CONFLICT_RULES,
  entityRule,
  findConflict,
  identifierRule,
  negationRule,
  quantityRule,
  rolesRule,
  surelyHasWord,
} from '../../src/core/check/conflicts';
import { buildQuery, type Query } from '../../src/core/check/query';
import { align, type Alignment } from '../../src/core/check/scorer';
import { analyze } from '../../src/core/language/analyze';
import type { PassageFeatures, Vocabulary } from '../../src/core/retrieval/passageIndex';
import { locatePassage } from '../../src/core/sources/locatedPassage';
import type { Source } from '../../src/core/sources/source';
import { tokenize } from '../../src/core/language/tokens';
import { LineIndex } from '../../src/core/text/text';

// Each contradiction rule on a hand-built passage: no index, no sources folder, no pipeline.

/** A vocabulary that knows every stem it is asked about, each in one passage of ten. */
function vocabulary(): Vocabulary {
  const ids = new Map<string, number>();
  const names: string[] = [];
  return {
    passageCount: 10,
    idOf: (stem) => {
      if (!ids.has(stem)) {
        ids.set(stem, names.length);
        names.push(stem);
      }
      return ids.get(stem);
    },
    stemOf: (id) => names[id],
    documentFrequency: () => 1,
    vectorRowOf: () => -1,
  };
}

/** A passage as an index would hand it over, built from its text alone (offsets from `at`). */
function passage(v: Vocabulary, text: string, at = 100): PassageFeatures {
  const padded = ' '.repeat(at) + text;
  const a = analyze(padded, at, padded.length);
  const source = {
    key: 'src',
    path: 'src.txt',
    title: 'Source',
    text: padded,
    mask: padded,
    passages: [],
    group: 0,
  } as unknown as Source;
  return {
    source,
    passage: locatePassage(
      { text: padded, lines: new LineIndex(padded) },
      { index: 0, span: { start: at, end: padded.length }, text },
    ),
    text,
    masked: text,
    stems: Int32Array.from(a.terms, (t) => v.idOf(t.stem)!),
    starts: Int32Array.from(a.terms, (t) => t.token.start),
    ends: Int32Array.from(a.terms, (t) => t.token.end),
    termFrom: 0,
    termTo: a.terms.length,
    negations: Int32Array.from(a.negationAt.flatMap((s, i) => [s, s + a.negationWords[i].length])),
    negationFrom: 0,
    negationTo: a.negationAt.length * 2,
    quantities: a.quantities,
    topics: new Set(),
  };
}

function claim(v: Vocabulary, text: string): Query {
  return buildQuery(toClaim({ text, masked: text, span: { start: 0, end: text.length } })!, v);
}

/** The claim, the passage, and how they align. */
function pair(claimText: string, passageText: string): [Query, PassageFeatures, Alignment] {
  const v = vocabulary();
  const q = claim(v, claimText);
  const f = passage(v, passageText);
  return [q, f, align(q, f, v)];
}

describe('contradiction rules', () => {
  it('quantity: names both figures with what they count, and words the fix as the draft does', () => {
    const [q, f, a] = pair(
      'Critics warned the delay could cost the port 900 jobs.',
      'Critics warned the delay could cost the port 400 jobs.',
    );
    const c = quantityRule.find(q, f, a);
    assert.equal(c?.kind, 'quantity');
    assert.equal(c?.reason, 'source says 400 jobs, draft says 900 jobs');
    assert.equal(c?.sourceFigure, '400');
    assert.deepEqual(c?.draftSpan, { start: 45, end: 48 });
  });

  it('quantity: rewrites a "30-day" source figure into the draft\'s "90 days"', () => {
    const [q, f, a] = pair(
      'The council set a pause of 90 days on harbor building.',
      'The council set a 30-day pause on harbor building.',
    );
    assert.equal(quantityRule.find(q, f, a)?.sourceFigure, '30 days');
  });

  it('quantity: finds nothing when the figures agree', () => {
    const [q, f, a] = pair(
      'The port handled 2.5 million containers.',
      'The port handled 2.5 million containers last year.',
    );
    assert.equal(quantityRule.find(q, f, a), undefined);
  });

  it('negation: both sides negating words they do not share negate the same thing', () => {
    const [q, f, a] = pair(
      'The harbor said its ferries and barges were not affected.',
      '"Ferries and barges are not impacted."',
    );
    assert.equal(negationRule.find(q, f, a), undefined);
    // One side's negation alone still flips the claim.
    const [q2, f2, a2] = pair(
      'The harbor said its ferries and barges were affected.',
      '"Ferries and barges are not impacted."',
    );
    assert.ok(negationRule.find(q2, f2, a2));
  });

  it('antonym: quotes the source word against the draft word', () => {
    const [q, f, a] = pair(
      'Engineers found that the sea wall is stronger than expected.',
      'Engineers found that the sea wall is weaker than expected.',
    );
    assert.equal(antonymRule.find(q, f, a)?.reason, 'source says "weaker" where the draft says "stronger"');
  });

  it('antonym: an antonym under a negation is agreement, not a conflict', () => {
    const [q, f, a] = pair(
      'Engineers found that the sea wall is weak.',
      'Engineers found that the sea wall is not strong.',
    );
    assert.equal(antonymRule.find(q, f, a), undefined);
    assert.equal(negationRule.find(q, f, a), undefined);
  });

  it('antonym: only of the sense the context allows, and never a several-word antonym cut to its first word', () => {
    // "last" after "to" is the verb (endure), whose senses have no antonym; the adjective's "first" is not one.
    const [q, f, a] = pair('The harbor pause is set to last two years.', 'The harbor pause is the first in two years.');
    assert.equal(antonymRule.find(q, f, a), undefined);
    const [q2, f2, a2] = pair('It was the last harbor pause in years.', 'It was the first harbor pause in years.');
    assert.equal(antonymRule.find(q2, f2, a2)?.reason, 'source says "first" where the draft says "last"');
    // WordNet's antonym of "put" is "call option": "call" is not an antonym of "put".
    const [q3, f3, a3] = pair(
      'The traders put the harbor shares up for sale.',
      'The traders call the harbor shares up for sale.',
    );
    assert.equal(antonymRule.find(q3, f3, a3), undefined);
  });

  it('negation: names the negating word of whichever side has it', () => {
    const [q, f, a] = pair(
      'Port officials said the moratorium will affect shipping.',
      'Port officials said the moratorium will not affect shipping.',
    );
    assert.equal(negationRule.find(q, f, a)?.reason, 'opposite polarity: the source says "not" and the other does not');
    const [q2, f2, a2] = pair(
      'Port officials said the moratorium will not affect shipping.',
      'Port officials said the moratorium will affect shipping.',
    );
    assert.equal(
      negationRule.find(q2, f2, a2)?.reason,
      'opposite polarity: the draft says "not" and the other does not',
    );
  });

  it('negation: ignores a negation outside the clause the match aligns', () => {
    const [q, f, a] = pair(
      'The council approved the moratorium.',
      'The council approved the moratorium, while critics do not agree.',
    );
    assert.equal(negationRule.find(q, f, a), undefined);
  });

  it('negation: counts a negation that reaches the matched words, or that ends the match, not one that negates another verb', () => {
    // The negator's clause holds matched words: it negates the claim.
    const [q, f, a] = pair(
      'The storm winds whipped the harbor fires into an inferno.',
      'The storm winds never whipped the harbor fires into an inferno.',
    );
    assert.ok(negationRule.find(q, f, a));
    // Nothing matched follows the negation: it negates what the matched words say.
    const [q2, f2, a2] = pair(
      'Harbor cranes and rail yards were hit as well.',
      'Harbor cranes and rail yards were not affected.',
    );
    assert.ok(negationRule.find(q2, f2, a2));
    // "failed to de-energise its lines" negates the de-energising; the match goes on past it, in another clause.
    const [q3, f3, a3] = pair(
      'Storm winds whipped the harbor fires into an inferno.',
      'The utility ignored storm warnings and failed to de-energise its lines as harbor fires were whipped into an inferno by winds.',
    );
    assert.equal(negationRule.find(q3, f3, a3), undefined);
  });

  it('quantity: two upper bounds give different peaks ("up to 70 mph" against "as high as 80 mph")', () => {
    const [q, f, a] = pair(
      'Harbor winds gusted up to 70 mph that night.',
      'Harbor winds gusted as high as 80 mph that night.',
    );
    assert.equal(quantityRule.find(q, f, a)?.kind, 'quantity');
    // A figure inside the source's bound is not contradicted by it.
    const [q2, f2, a2] = pair(
      'Harbor winds gusted at 70 mph that night.',
      'Harbor winds gusted up to 80 mph that night.',
    );
    assert.equal(quantityRule.find(q2, f2, a2), undefined);
  });

  it("entity: another name in the claim's slot before the words it shares, not the same name reworded", () => {
    const [q, f, a] = pair(
      'Harbor chief Michael Whitaker said the landing was very fortunate.',
      'Safety chair Jennifer Homendy said the landing was very fortunate.',
    );
    assert.equal(
      entityRule.find(q, f, a)?.reason,
      'source says "Jennifer Homendy" where the draft says "Michael Whitaker"',
    );
    // The same person named another way, or no name in the claim's slot: no conflict.
    const [q2, f2, a2] = pair(
      'Harbor chief Michael Whitaker said the landing was very fortunate.',
      'Whitaker, the harbor chief, said the landing was very fortunate.',
    );
    assert.equal(entityRule.find(q2, f2, a2), undefined);
    const [q3, f3, a3] = pair(
      'The harbor authority said the landing was very fortunate.',
      'Port Authority chair Jennifer Homendy said the landing was very fortunate.',
    );
    assert.equal(entityRule.find(q3, f3, a3), undefined);
    // A capital at the start of the passage's sentence is no name.
    const [q4, f4, a4] = pair(
      'Officials at Contoso said the landing was very fortunate.',
      'Officials said the landing was very fortunate.',
    );
    assert.equal(entityRule.find(q4, f4, a4), undefined);
  });

  it('identifier: another number in a name ("Route 695" for "Route 95"), not a date or a name given both ways', () => {
    const [q, f, a] = pair(
      'The ferry sailed on Route 95 that night.',
      'The ferry that sailed on Route 695 that night sank.',
    );
    assert.equal(identifierRule.find(q, f, a)?.reason, 'source says "Route 695" where the draft says "Route 95"');
    // The passage also gives the claim's number: the other is another route, not a contradiction.
    const [q2, f2, a2] = pair(
      'The ferry sailed on Route 95 that night.',
      'Route 695 was closed, so the ferry took Route 95.',
    );
    assert.equal(identifierRule.find(q2, f2, a2), undefined);
    // A month and its day are a date (the quantity rule's), and "In 2024" no name.
    const [q3, f3, a3] = pair('The ferry sailed on March 26 that night.', 'The ferry sailed on March 27 that night.');
    assert.equal(identifierRule.find(q3, f3, a3), undefined);
    const [q4, f4, a4] = pair(
      'The ferry sailed at night. In 2024 it sank.',
      'The ferry sailed at night. In 2023 it sank.',
    );
    assert.equal(identifierRule.find(q4, f4, a4), undefined);
  });

  it('roles: flags two names swapped around a shared word, but not a passive', () => {
    const [q, f, a] = pair(
      'Contoso acquired Northwind for its cloud business.',
      'Northwind acquired Contoso for its cloud business.',
    );
    assert.equal(rolesRule.find(q, f, a)?.reason, 'roles swapped: the source says "Northwind … acquired … Contoso"');
    const [q2, f2, a2] = pair(
      'Contoso was acquired by Northwind for its cloud business.',
      'Northwind acquired Contoso for its cloud business.',
    );
    assert.equal(rolesRule.find(q2, f2, a2), undefined);
  });

  it('roles: only a verb between the names gives them roles, not a noun of one place ("the town of X in Y")', () => {
    const [q, f, a] = pair(
      'Brookfield, a coastal town in Marlow County, was flooded.',
      'The storm flooded the coastal Marlow County town of Brookfield.',
    );
    assert.equal(rolesRule.find(q, f, a), undefined);
  });

  it('quantity: a count given with another noun in a closer frame is given, unless the claim uses that noun', () => {
    // "Twenty-seven of the dead had been identified" gives "27 victims had been identified"; "11 crew" counts others.
    const [q, f, a] = pair(
      'Twenty-seven passengers had been identified by Friday, but only 11 of their families had been told.',
      'Twenty-seven of the dead had been identified by Friday, but officials had been able to reach and notify relatives of only 11 passengers.',
    );
    assert.equal(quantityRule.find(q, f, a), undefined);
    assert.equal(a.metrics.qGot, 2);
    // Swapped counts of two nouns the claim names still conflict.
    const [q2, f2, a2] = pair(
      'The ferry fire killed 27 passengers and injured 11 crew members.',
      'The ferry fire injured 27 crew members and killed 11 passengers.',
    );
    assert.match(quantityRule.find(q2, f2, a2)?.reason ?? '', /11 passengers/);
  });

  it('comparison: flags the two sides of a comparison swapped, in its own clause only', () => {
    const [q, f, a] = pair(
      'Large ferry operators recovered faster than small harbour cafes, the survey found.',
      'Small harbour cafes recovered much faster than large ferry operators.',
    );
    assert.equal(
      comparisonRule.find(q, f, a)?.reason,
      'comparison reversed: the source says "Small harbour cafes recovered much faster than large ferry operators"',
    );
    // The same sides: no conflict, also with the attribution moved after a comma.
    const [q2, f2, a2] = pair(
      'The survey found large ferry operators recovered faster than small harbour cafes.',
      'Large ferry operators recovered much faster than small harbour cafes, the survey found.',
    );
    assert.equal(comparisonRule.find(q2, f2, a2), undefined);
    // A side word outside the comparison's clause in the passage does not cross.
    const [q3, f3, a3] = pair(
      'Large ferry operators recovered faster than small harbour cafes.',
      'Small harbour cafes said ferry operators recovered faster than they did, large or not.',
    );
    assert.equal(comparisonRule.find(q3, f3, a3), undefined);
  });

  it('antonym: a passage word sharing an antonym\'s stem is not that antonym ("presentation" for "absent")', () => {
    const [q, f, a] = pair(
      'The harbor manager was absent from the hearing.',
      'The harbor manager gave a presentation at the hearing.',
    );
    assert.equal(antonymRule.find(q, f, a), undefined);
    const [q2, f2, a2] = pair(
      'The harbor manager was absent from the hearing.',
      'The harbor manager was present at the hearing.',
    );
    assert.equal(antonymRule.find(q2, f2, a2)?.reason, 'source says "present" where the draft says "absent"');
  });

  it("quantity: another day contradicts only with the claim's words around it; a day the claim gives is not another's", () => {
    const claimText = 'The ferry company filed its appeal on a Thursday.';
    const [q, f, a] = pair(
      claimText,
      'The ferry company said ticket sales at the pier reached a record high for the season on Saturday.',
    );
    assert.equal(quantityRule.find(q, f, a), undefined);
    assert.equal(a.metrics.qAbsent, 1, 'the passage gives no day of the appeal');
    const [q2, f2, a2] = pair(claimText, 'The ferry company filed its appeal on Saturday.');
    assert.equal(quantityRule.find(q2, f2, a2)?.reason, 'source says Saturday, draft says Thursday');
    const [q3, f3, a3] = pair(
      'Idle since Monday, the ferry had lost its license by Friday.',
      'The ferry has been idle since Monday.',
    );
    assert.equal(quantityRule.find(q3, f3, a3), undefined);
  });

  it('antonym: a number word opposes nothing ("one of" against "the first day")', () => {
    const [q, f, a] = pair(
      "The pier crew is one of the harbor's main contractors.",
      "The pier crew, the harbor's main contractor, started work on the first day of the season.",
    );
    assert.equal(antonymRule.find(q, f, a), undefined);
    // Nor does an ordinal oppose a cardinal in the passage: WordNet opposes "ordinal" to "cardinal", not "second" to
    // "one" (the lexicon had linked the heads' satellites to each other).
    const [q2, f2, a2] = pair(
      'The second deckhand went to hospital and was later discharged.',
      'One of them was unhurt, while another was sent to hospital and has since been discharged.',
    );
    assert.equal(antonymRule.find(q2, f2, a2), undefined);
  });

  it('quantity: a figure per thing and a total are not compared; two figures per the same thing are', () => {
    const claimText = 'Fares at the ferry terminal averaged about $40 per passenger.';
    const [q, f, a] = pair(claimText, 'Fares at the ferry terminal brought in $4 million last year.');
    assert.equal(quantityRule.find(q, f, a), undefined);
    const [q2, f2, a2] = pair(claimText, 'Fares at the ferry terminal averaged $55 per passenger.');
    assert.match(quantityRule.find(q2, f2, a2)?.reason ?? '', /\$55/);
    const [q3, f3, a3] = pair(claimText, 'Fares at the ferry terminal averaged $55 per vehicle.');
    assert.equal(quantityRule.find(q3, f3, a3), undefined);
  });

  it("negation: the claim's negation counts only where it reaches a word the passage states", () => {
    const claimText = 'Harbor residents never got the storm alerts.';
    const [q, f, a] = pair(claimText, 'Harbor residents gathered at the pier on Friday.');
    assert.equal(negationRule.find(q, f, a), undefined);
    const [q2, f2, a2] = pair(claimText, 'Harbor residents got the storm alerts on their phones.');
    assert.equal(
      negationRule.find(q2, f2, a2)?.reason,
      'opposite polarity: the draft says "never" and the other does not',
    );
  });

  it('a synonym of several words is not its first word ("make for" gives no "make" to "bring")', () => {
    const v = vocabulary();
    const q = claim(v, 'The harbor board brought a suit against the ferry line.');
    const brought = q.terms.find((t) => t.term.token.text === 'brought')!;
    assert.ok(!brought.synonyms.has(v.idOf('make')!));
  });

  it('the first rule in precedence order names the conflict', () => {
    assert.deepEqual(
      CONFLICT_RULES.map((r) => r.kind),
      ['quantity', 'antonym', 'negation', 'roles', 'roles', 'entity', 'entity'],
    );
    // A different figure and a negation in one passage: the figure wins.
    const [q, f, a] = pair(
      'Critics warned the delay could cost 900 jobs.',
      'Critics warned the delay could not cost 400 jobs.',
    );
    assert.ok(negationRule.find(q, f, a));
    assert.equal(findConflict(CONFLICT_RULES, q, f, a)?.kind, 'quantity');
    assert.equal(findConflict([negationRule, quantityRule], q, f, a)?.kind, 'negation');
  });
});

describe('alignment with the shared match table', () => {
  it('aligns a passage the same whichever query was aligned before', () => {
    const v = vocabulary();
    const q1 = claim(v, 'The harbor authority approved a 12-month moratorium on construction.');
    const q2 = claim(v, 'Dock workers walked off the job on Monday over pay.');
    const f = passage(
      v,
      'On Monday the harbor authority approved a moratorium on new construction, and dock workers walked off the job.',
    );
    const first = [align(q1, f, v), align(q2, f, v)];
    const again = [align(q2, f, v), align(q1, f, v)].reverse();
    for (const [x, y] of first.map((a, i) => [a, again[i]] as const)) {
      assert.equal(x.coverage, y.coverage);
      assert.deepEqual(x.matched, y.matched);
    }
    assert.notEqual(first[0].coverage, first[1].coverage);
    assert.ok(first[0].coverage > 0.5 && first[1].coverage > 0.5, `${first[0].coverage} ${first[1].coverage}`);
  });
});

describe('surelyHasWord (the speaker rule skips tokenizing on it)', () => {
  const texts = [
    '“It is too early,” said Jennifer Homendy, chair of the NTSB.',
    "O'Brien and Smith-Jones met Homendy's deputy (Whitaker).",
    'Blacksmith Kellyanne told reporters: Kelly was not there.',
    'Flight1282 landed; Whitaker.',
  ];
  const words = ['homendy', 'brien', 'smith', 'jones', 'whitaker', 'kelly', 'blacksmith', 'flight', 'jennifer', 'nt'];
  it('is true only where the tokens have the word, and finds it between plain punctuation', () => {
    let found = 0;
    for (const text of texts)
      for (const w of words) {
        const sure = surelyHasWord(text.toLowerCase(), w);
        const has = tokenize(text).some((t) => t.lower === w);
        if (sure) assert.ok(has, `${w} in ${text}`);
        found += sure ? 1 : 0;
      }
    assert.ok(found >= 6, `${found} found`);
    assert.equal(surelyHasWord('homendy, chair', 'homendy'), true);
    assert.equal(surelyHasWord('blacksmith kellyanne', 'smith'), false);
    assert.equal(surelyHasWord("o'brien", 'brien'), false);
  });
});
