import { strict as assert } from 'node:assert';
import { escapeMarkdown, findingsFor, renderCitationCard, renderSentenceCard, type PassageRef, type SentenceResult, type Source } from '../../src/core';
import { check, corpusOf } from './helpers';

const hostile = 'The harbor authority strongly supports the moratorium. See [click me](command:workbench.action.terminal.new) and <img src=x onerror=alert(1)> and $(alert) and `code` and https://evil.example/x.';

describe('hover cards', () => {
  const corpus = corpusOf({ 'a.txt': hostile, 'b.txt': 'The harbor authority supports the moratorium, its director said.' });
  const link = () => 'command:corroborate.openPassage?%5B%5D';

  it('escapes every piece of Markdown and HTML syntax that comes from a source', () => {
    const e = escapeMarkdown('[x](command:y) <b> `c` $(icon) **b** # h');
    assert.doesNotMatch(e, /(?<!\\)[[\]()<>`$*#:]/);
  });

  it('never lets a source add links, HTML, commands or icons to a card', () => {
    const s = check(corpus, 'The harbor authority strongly supports the moratorium.');
    const card = renderSentenceCard(s, 2, link);
    assert.doesNotMatch(card, /\]\(command:workbench/);
    assert.doesNotMatch(card, /<img/);
    assert.doesNotMatch(card, /(?<!\\)\$\(alert\)/);
    // The only links are ours.
    const links = [...card.matchAll(/\]\(([^)]*)\)/g)].map((m) => m[1]);
    assert.ok(links.length >= 1);
    for (const l of links) assert.equal(l, link());
  });

  it('says how many sources state the claim and emphasises the matched words', () => {
    const s = check(corpus, 'The harbor authority supports the moratorium.');
    const card = renderSentenceCard(s, 2, link);
    assert.match(card, /Corroborated\*\* · 2 of 2 sources state this/);
    assert.match(card, /\*\*moratorium\*\*/);
  });

  it('describes an unknown key, and a cited source that does not state the sentence', () => {
    assert.match(renderCitationCard(undefined, 'nobody', undefined, false, link), /Unknown citation key/);
    const s = check(corpus, 'The harbor authority supports the moratorium.');
    const src = corpus.sources[0];
    assert.match(renderCitationCard(src, src.key, s.support[0], false, link), /does \*\*not\*\* state this sentence/);
  });

  it('does not repeat the reason the diagnostic above it shows, and lists contradictions first', () => {
    const c = corpusOf({ 'a.txt': 'Critics warned that the delay could cost the port 400 jobs.', 'b.txt': 'Critics warned that the delay could cost the port 300 jobs.' });
    const s = check(c, 'Critics warned that the delay could cost the port 900 jobs.');
    assert.equal(s.contradictions.length, 2);
    const full = renderSentenceCard(s, 2, link);
    const shown = renderSentenceCard(s, 2, link, { findingShown: true });
    const first = escapeMarkdown(s.contradictions[0].reason);
    const second = escapeMarkdown(s.contradictions[1].reason);
    assert.ok(full.includes(first) && full.includes(second));
    assert.ok(!shown.includes(first), 'the first reason is in the diagnostic, not repeated in the card');
    assert.ok(shown.includes(second), 'a reason the diagnostic does not show stays in the card');
    assert.match(shown.split('---')[1], /Contradicted by/);
  });

  it('reads what a card and a finding show from the passages, not from the source text or its line index', () => {
    const c = corpusOf({ 'a.txt': 'Critics warned that the delay could cost the port 400 jobs.', 'b.txt': 'Critics warned\nthat the delay could cost the port 300 jobs.' });
    const s = check(c, 'Critics warned that the delay could cost the port 900 jobs [@critics-warned-that].');
    assert.equal(s.contradictions.length, 2);
    assert.ok(s.citations[0]?.best);
    const unread = () => {
      throw new Error('read the source text');
    };
    // Each source as metadata only: its text, mask, line index and passages throw when read.
    const blind = (src: Source): Source => {
      const { key, path, root, title, outlet, author, url, date, group } = src;
      const meta = { key, path, root, title, outlet, author, url, date, group };
      for (const name of ['text', 'mask', 'lines', 'passages']) Object.defineProperty(meta, name, { get: unread });
      return meta as unknown as Source;
    };
    const refOf = <T extends PassageRef>(r: T): T => ({ ...r, source: blind(r.source) });
    const blinded: SentenceResult = {
      ...s,
      support: s.support.map(refOf),
      contradictions: s.contradictions.map(refOf),
      citations: s.citations.map((x) => ({ ...x, source: x.source && blind(x.source), best: x.best && refOf(x.best) })),
    };
    const linkAt = (_: Source, p: PassageRef['passage']) => `open:${p.range.start.line}:${p.range.start.character}`;
    assert.equal(renderSentenceCard(blinded, 2, linkAt), renderSentenceCard(s, 2, linkAt));
    const cite = blinded.citations[0];
    assert.equal(renderCitationCard(cite.source, cite.key, cite.best, cite.supports, linkAt), renderCitationCard(s.citations[0].source, cite.key, s.citations[0].best, cite.supports, linkAt));
    assert.deepEqual(findingsFor(blinded), findingsFor(s));
    // A passage over two lines knows its range.
    const b = s.contradictions.find((x) => x.source.path === 'b.txt');
    assert.deepEqual(b?.passage.range, { start: { line: 0, character: 0 }, end: { line: 1, character: 44 } });
  });
});
