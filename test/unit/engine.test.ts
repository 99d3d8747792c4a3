import { strict as assert } from 'node:assert';
import { createChecker, findingsFor, type SentenceResult } from '../../src/core';
import { check, corpusOf } from './helpers';
import { analyze } from '../../src/core/language/analyze';
import { SHIPPED_MODEL } from '../../src/core/check/support';

// Three small articles about an invented story; no seed words.
const sources = {
  'harbor.txt':
    'The city council approved a 12-month moratorium on new harbor construction. Mayor Elena Ruiz said the pause would give engineers time to study erosion.\n' +
    'The council voted 7 to 2 in favour of the measure on Tuesday. Critics warned that the delay could cost the port 400 jobs.\n' +
    'Engineers have found that the sea wall is weaker than expected.',
  'gazette.md':
    '---\ntitle: Council halts harbor building\noutlet: The Gazette\nauthor: Sam Lee\ndate: 2024-03-05\n---\n# Council halts harbor building\n\n' +
    'The city council approved a one-year moratorium on harbor construction. Mayor Ruiz argued that engineers need time to study erosion along the coast.\n\n' +
    'The harbor authority does not support the moratorium.',
  'wire.txt':
    'Port officials said the moratorium will not affect shipping. The harbor handled 2.5 million containers in 2023.\n' +
    'The harbor authority strongly supports the moratorium, its director said.',
};

describe('the claim checker', () => {
  const corpus = corpusOf(sources);

  it('corroborates a paraphrased claim stated by two sources, quoting each verbatim', () => {
    const s = check(corpus, 'The council passed a twelve-month moratorium on harbour building.');
    // "harbour" vs "harbor" is not matched, but the rest is.
    assert.equal(s.status, 'corroborated', JSON.stringify(s.support.map((r) => r.source.path)));
    assert.deepEqual(s.support.map((r) => r.source.path).sort(), ['gazette.md', 'harbor.txt']);
    for (const r of s.support) assert.equal(r.source.text.slice(r.passage.span.start, r.passage.span.end), r.passage.text);
  });

  it('flags a claim found in only one source', () => {
    const s = check(corpus, 'Critics warned the delay could cost the port 400 jobs.');
    assert.equal(s.status, 'single-source');
    assert.equal(s.support[0].source.path, 'harbor.txt');
  });

  it('flags a different number for the same thing, with the figures in the reason', () => {
    const s = check(corpus, 'Critics warned that the delay could cost the port 900 jobs.');
    assert.equal(s.status, 'contradicted');
    assert.match(s.contradictions[0].reason, /400 jobs.*900 jobs/);
  });

  it('flags a different duration and a different year', () => {
    assert.equal(check(corpus, 'The city council approved a 6-month moratorium on new harbor construction.').status, 'contradicted');
    assert.equal(check(corpus, 'The harbor handled 2.5 million containers in 2021.').status, 'contradicted');
  });

  it('flags a negated claim', () => {
    const s = check(corpus, 'Engineers have not found that the sea wall is weaker than expected.');
    assert.equal(s.status, 'contradicted');
    assert.equal(s.contradictions[0].kind, 'negation');
  });

  it('does not read "not only" as a negation', () => {
    assert.notEqual(check(corpus, 'Engineers have not only found that the sea wall is weaker than expected, they said.').status, 'contradicted');
  });

  it('flags an antonym in place of the source word', () => {
    const s = check(corpus, 'Engineers have found that the sea wall is stronger than expected.');
    assert.equal(s.status, 'contradicted');
    assert.equal(s.contradictions[0].kind, 'antonym');
  });

  // The roles rule fires; whether it is shown red is the fitted model's call (on the labelled news corpora most
  // "swapped" orders were appositions, so the model trusts the rule little). A swapped sentence is never sourced.
  it('detects swapped roles and never reports them as stated, but not a passive that states the same roles', () => {
    const c = corpusOf({ 'm.txt': 'Northwind acquired Contoso for its cloud business last year.' });
    const text = 'Contoso acquired Northwind for its cloud business last year.';
    const [swapped] = createChecker({ index: c.index, evidence: true }).check([{ text, span: { start: 0, end: text.length }, masked: text, citations: [] }]) as SentenceResult[];
    assert.ok(!['single-source', 'corroborated'].includes(swapped.status), swapped.status);
    assert.equal(swapped.evidence?.[0].conflict?.kind, 'roles');
    assert.notEqual(check(c, 'Contoso was acquired by Northwind for its cloud business last year.').status, 'contradicted');
    assert.equal(check(c, 'Northwind acquired Contoso for its cloud business last year.').status, 'single-source');
  });

  it('reads an antonym under a negation as agreement', () => {
    const s = check(corpus, 'Engineers have found that the sea wall is not as strong as expected.');
    assert.notEqual(s.status, 'contradicted');
  });

  it('reports sources that disagree among themselves as disputed', () => {
    const s = check(corpus, 'The harbor authority supports the moratorium.');
    assert.equal(s.status, 'disputed');
    assert.deepEqual(s.support.map((r) => r.source.path), ['wire.txt']);
    assert.deepEqual(s.contradictions.map((r) => r.source.path), ['gazette.md']);
  });

  it('leaves a claim no source makes unsupported, and a question or framing as none', () => {
    assert.equal(check(corpus, 'The governor vetoed the new budget for schools.').status, 'unsupported');
    assert.equal(check(corpus, 'Will the harbor moratorium work?').status, 'none');
    assert.equal(check(corpus, 'I think about this a lot.').status, 'none');
    // The writer's own voice or the text pointing at itself: framing, wherever the words stand.
    assert.equal(check(corpus, 'Below, we look back at what the council approved on Tuesday.').status, 'none');
    assert.equal(check(corpus, 'What follows sets out what the engineers found about the sea wall.').status, 'none');
    assert.equal(check(corpus, 'For anyone who lives near the harbor, the moratorium is hard to ignore.').status, 'none');
    // The writer weighing what is reported, naming no one and no figure: commentary.
    assert.equal(check(corpus, 'It is a vote that is hard to forget.').status, 'none');
    assert.equal(check(corpus, 'Erosion numbers like these deserve a second look.').status, 'none');
    // With a name or a figure, someone's words, or a judgement inside a claim, it is a claim.
    assert.notEqual(check(corpus, 'Mayor Elena Ruiz said the moratorium deserves careful study.').status, 'none');
    assert.notEqual(check(corpus, 'Critics said the harbor workers deserve better pay.').status, 'none');
    assert.notEqual(check(corpus, 'The sea wall is weaker than expected, which makes repairs hard to plan.').status, 'none');
    // A quoted "we" is the speaker's, and "US" is a country: still claims.
    assert.notEqual(check(corpus, 'Mayor Elena Ruiz said "we need time to study erosion" before the vote.').status, 'none');
    assert.notEqual(check(corpus, 'The US council approved a 12-month moratorium on new harbor construction.').status, 'none');
  });

  it('reads verbs of a change in opposite directions as a contradiction, and of one direction as agreement', () => {
    const c = corpusOf({
      'wire.txt': 'Shares of the harbor operator fell 8% on Monday after the council vote. Port traffic rose sharply in May.',
      'notes.txt': 'Gardens and flowers filled the square on Sunday.',
    });
    assert.equal(check(c, 'Shares of the harbor operator climbed 8% on Monday after the council vote.').status, 'contradicted');
    assert.equal(check(c, 'Shares of the harbor operator dropped 8% on Monday after the council vote.').status, 'single-source');
    assert.equal(check(c, 'Port traffic jumped sharply in May.').status, 'single-source');
    assert.equal(check(c, 'Port traffic fell sharply in May.').status, 'contradicted');
  });

  it('reads "failed to X" as not doing X, and "failed" alone as no negation of the rest', () => {
    const c = corpusOf({ 'wire.txt': 'The pier operator warned residents about the storm surge on Friday.' });
    assert.equal(check(c, 'The pier operator failed to warn residents about the storm surge on Friday.').status, 'contradicted');
    assert.equal(check(c, 'The pier operator warned residents about the storm surge on Friday as the pumps failed.').status, 'single-source');
  });

  it('reads "declined to X" as not doing X, and "declined" alone as a change', () => {
    const c = corpusOf({
      'wire.txt': 'The harbor minister signed the fishing treaty on Friday in Lisbon. Sales declined 5% in March.',
      'notes.txt': 'Gardens and flowers filled the square on Sunday.',
    });
    assert.equal(check(c, 'The harbor minister declined to sign the fishing treaty on Friday in Lisbon.').status, 'contradicted');
    assert.equal(check(c, 'Sales fell 5% in March.').status, 'single-source');
  });

  it('meets a compound written closed, hyphenated or as a phrasal verb, and an irregular past tense', () => {
    const c = corpusOf({
      'wire.txt':
        'The ferry lost power about six minutes after takeoff from the harbor. The cofounder of the shipping firm resigned on Monday.',
      'notes.txt': 'Witnesses said the hull blew out beside the northern pier.',
      'other.txt': 'Gardens and flowers filled the square on Sunday.',
    });
    // Another spelling of the compound matches the passage as fully as the passage's own spelling.
    const score = (s: string) => check(c, s).support[0]?.score ?? 0;
    const same = (a: string, b: string) =>
      assert.ok(Math.abs(score(a) - score(b)) < 0.1, `${a}: ${score(a)}, ${b}: ${score(b)}`);
    same(
      'The ferry lost power about six minutes after taking off from the harbor.',
      'The ferry lost power about six minutes after takeoff from the harbor.',
    );
    same(
      'The co-founder of the shipping firm resigned on Monday.',
      'The cofounder of the shipping firm resigned on Monday.',
    );
    same(
      'Witnesses said the hull had a blowout beside the northern pier.',
      'Witnesses said the hull blew out beside the northern pier.',
    );
  });

  it('reads "U.S." and "US" as one name, not a stop word, "U.K." as another, and "GPT4" as "GPT-4"', () => {
    const c = corpusOf({
      'wire.txt': 'The U.S. government said GPT-4 was released in March by the harbor lab.',
      'notes.txt': 'Gardens and flowers filled the square on Sunday.',
    });
    assert.equal(check(c, 'The US government said GPT-4 was released in March by the harbor lab.').status, 'single-source');
    // The entity rule had read "GPT4" against "GPT" as another name beside "said".
    assert.equal(check(c, 'The U.S. government said GPT4 was released in March by the harbor lab.').status, 'single-source');
    // "U.K." had been "U" and "K", the first met by "U.S.": now one name, which "U.S." does not give. (The decision
    // still lets one missing name pass when the rest is stated word for word: not asserted here.)
    const stems = (t: string) => analyze(t).terms.map((x) => x.stem);
    assert.deepEqual(stems('The U.K. government'), ['uk', 'govern']);
    assert.deepEqual(stems('The U.S. government'), stems('The US government'));
    // Lower-case "us" is still the pronoun, and a negation in capitals still negates.
    assert.deepEqual(stems('The lab called us'), stems('The lab called'));
    assert.equal(check(c, 'The U.S. government said GPT-4 was NOT released in March by the harbor lab.').status, 'contradicted');
  });

  it('reads "stopped" before a verb in -ing as a negation of it, and "stopped" alone as a verb', () => {
    const c = corpusOf({
      'wire.txt': 'The harbor ferries stopped running on Friday. Police stopped the ferry traffic at noon.',
      'notes.txt': 'Gardens and flowers filled the square on Sunday.',
    });
    assert.equal(check(c, 'The harbor ferries could not run on Friday.').status, 'single-source');
    assert.equal(check(c, 'The harbor ferries kept running on Friday.').status, 'contradicted');
    assert.equal(check(c, 'Police did not stop the ferry traffic at noon.').status, 'contradicted');
  });

  it('counts several passages of one source once', () => {
    const c = corpusOf({ 'a.txt': 'The bridge opened in May 2020. The bridge opened in May 2020 after delays.', 'b.txt': 'Unrelated text about gardens and flowers.' });
    const s = check(c, 'The bridge opened in May 2020.');
    assert.equal(s.status, 'single-source');
    assert.equal(s.support.length, 1);
  });

  it('counts near-identical copies of one text in two files once', () => {
    const text = 'The bridge opened in May 2020. It cost 40 million dollars. Thousands attended the ceremony.';
    const c = corpusOf({ 'a.txt': text, 'copy-of-a.txt': text + '\nShared by a reader.' });
    assert.equal(c.sources[0].group, c.sources[1].group);
    assert.equal(check(c, 'The bridge opened in May 2020.').status, 'single-source');
  });

  it('reports a cited source that does not state the claim, and an unknown key', () => {
    const c = corpusOf(sources, { sources: [{ file: 'wire.txt', key: 'wire' }, { file: 'harbor.txt', key: 'harbor' }] });
    const s = check(c, 'Critics warned that the delay could cost the port 400 jobs [@wire; @nobody].');
    const codes = findingsFor(s).map((f) => f.code).sort();
    assert.deepEqual(codes, ['citation-unsupported', 'single-source', 'unknown-citation']);
    const attributed = check(c, 'Critics warned that the delay could cost the port 400 jobs [@harbor].');
    assert.equal(attributed.attributed, true);
    assert.ok(findingsFor(attributed).every((f) => f.code !== 'citation-unsupported'));
  });

  it('replaces a contradicted figure with the source\'s own, bound and unit included, checked by the engine', () => {
    const c = corpusOf({ 'r.txt': 'The order requires a 30-day government review of the models. The fund holds $4 million in reserves. More than 80% of the code is now written by the model.' });
    const ctx = { checker: c.checker, markdown: true };
    const cases: [string, string][] = [
      ['The order requires a 90 days government review of the models.', '30 days'],
      ['The order requires a 2-week government review of the models.', '30 days'],
      ['The fund holds $9 million in reserves.', '$4 million'],
      ['Now less than 20% of the code is written by the model.', 'more than 80%'],
      ['Less than 20% of the code is now written by the model.', 'More than 80%'],
    ];
    for (const [draft, figure] of cases) {
      const s = check(c, draft);
      const f = findingsFor(s, ctx).find((x) => x.code === 'contradicted');
      assert.equal(f?.replacement?.text, figure, draft);
      // The edited sentence, checked again, is stated by the source the figure came from.
      const r = f.replacement;
      const edited = check(c, draft.slice(0, r.span.start) + r.text + draft.slice(r.span.end));
      assert.ok(edited.support.some((x) => x.source.key === r.key), `${draft} → ${edited.text}: ${edited.status}`);
    }
  });

  it('offers no replacement when the engine, re-checking the edited sentence, does not find it stated', () => {
    const s = check(corpus, 'Critics warned that the delay could cost the port 900 jobs.');
    assert.equal(s.status, 'contradicted');
    // The same sentence and figure, re-checked under a support bar no passage can reach: the fix is withheld.
    const bar = 1.01;
    const strict = { checker: createChecker({ index: corpus.index, model: { ...SHIPPED_MODEL, stateThreshold: bar, alsoThreshold: bar, sameFigureThreshold: bar } }), markdown: true };
    assert.equal(findingsFor(s, strict).find((x) => x.code === 'contradicted')?.replacement, undefined);
  });

  it('offers no replacement without the corpus to check it against', () => {
    const s = check(corpus, 'Critics warned that the delay could cost the port 900 jobs.');
    assert.equal(findingsFor(s).find((x) => x.code === 'contradicted')?.replacement, undefined);
    assert.equal(findingsFor(s, { checker: corpus.checker, markdown: true }).find((x) => x.code === 'contradicted')?.replacement?.text, '400');
  });

  it('words each message as one line that leads with the reason and the key', () => {
    const c = corpusOf(sources, { sources: [{ file: 'wire.txt', key: 'wire' }, { file: 'harbor.txt', key: 'harbor', title: 'A very long title that belongs in the hover, not in the message' }] });
    const messages = (t: string) => findingsFor(check(c, t)).map((f) => `${f.code}: ${f.message}`);
    assert.deepEqual(messages('Critics warned that the delay could cost the port 900 jobs.'), ['contradicted: 900 jobs — [@harbor] says 400 jobs']);
    assert.deepEqual(messages('Critics warned that the delay could cost the port 400 jobs [@wire].'), ['single-source: Only [@harbor] states this: cite it or find a second source', 'citation-unsupported: [@wire] does not state this; [@harbor] does']);
    assert.deepEqual(messages('The mayor resigned over the harbor plan on Monday.'), ['unsupported: No source states this: cite one or check it']);
    assert.deepEqual(messages('The harbor handled 2.5 million containers in 2023 [@wier].'), ['single-source: Only [@wire] states this: cite it or find a second source', 'unknown-citation: Unknown key @wier: no source has it']);
    for (const f of findingsFor(check(c, 'Critics warned that the delay could cost the port 900 jobs.'))) assert.match(f.related[0].message, /A very long title/);
  });
});
