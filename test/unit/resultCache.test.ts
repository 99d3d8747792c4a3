import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildIndex, createCorroborate, jsonFile, type MemoryIndex, type SentenceChecker } from '../../src/core';
import { nativeHash } from '../../src/node/loadSources';
import { programKey, ResultCache } from '../../src/node/resultCache';
import { generateCorpus, generateDraft } from '../../bench/corpus';
import { removeTempDir, tempDir } from './tempDir';

describe('the command line result cache', () => {
  const dir = tempDir('corroborate-results-');
  after(() => removeTempDir(dir));
  const g = generateCorpus(80, 5);
  const index = buildIndex({ files: g.files, hash: nativeHash });
  // Citations (known and unknown keys), paraphrases and changed figures: results with windows, fixes and sources.
  const cited = index.sources[3].key;
  const draft = `${generateDraft(g, 900).text}\n\nThe article says so [@${cited}]. Nobody said this [@no-such-key].\n`;
  let n = 0;
  const fileOf = () => join(dir, `results-${n++}.json`);

  /** The CLI's JSON of a check through the result cache (and how many sentences reached the real checker). */
  const report = (file: string, key: string, idx: MemoryIndex = index, text = draft) => {
    const results = new ResultCache(file, key, idx);
    let computed = 0;
    const counting = (c: SentenceChecker): SentenceChecker => ({
      ...c,
      index: c.index,
      rankSources: (t, l) => c.rankSources(t, l),
      check: (s) => {
        computed += s.length;
        return c.check(s);
      },
    });
    const corroborate = createCorroborate({ index: idx }, (c) => results.wrap(counting(c)));
    const doc = corroborate.check(text);
    const json = jsonFile('draft.md', doc, (f) => (f.code === 'single-source' ? 'warning' : 'error'), { checker: corroborate.checker, markdown: true });
    assert.equal(results.save(), undefined);
    return { json, computed, hits: results.hits, loaded: results.loaded };
  };
  const plain = (idx: MemoryIndex = index, text = draft) => {
    const corroborate = createCorroborate({ index: idx });
    return jsonFile('draft.md', corroborate.check(text), (f) => (f.code === 'single-source' ? 'warning' : 'error'), { checker: corroborate.checker, markdown: true });
  };

  it('answers a second run from the file with exactly the report a check without it gives', () => {
    const file = fileOf();
    const first = report(file, 'k');
    assert.equal(first.loaded, false);
    assert.ok(first.computed > 20);
    assert.deepEqual(first.json, plain());
    const second = report(file, 'k');
    assert.equal(second.loaded, true);
    assert.equal(second.computed, 0, 'nothing re-checked, figure replacements included');
    assert.deepEqual(second.json, plain());
    // The draft has what makes a result hard to store: contradictions with a fix, windows, citations.
    const sentences = second.json.sentences;
    assert.ok(sentences.some((s) => s.contradictions.some((c) => c.fix)), 'a figure fix');
    assert.ok(sentences.some((s) => s.citations.some((c) => c.known)) && sentences.some((s) => s.citations.some((c) => !c.known)), 'citations');
  });

  it('re-checks only the sentences that changed, wherever the others moved to', () => {
    const file = fileOf();
    report(file, 'k');
    const edited = `# Added first\n\nA new sentence about the harbor opens the draft.\n\n${draft.replace(/^# Draft\n/, '')}`;
    const again = report(file, 'k', index, edited);
    assert.ok(again.computed >= 1 && again.computed <= 3, `computed ${again.computed}`);
    assert.deepEqual(again.json, plain(index, edited));
  });

  it('reuses nothing under another key (another program, snapshot or manifest)', () => {
    const file = fileOf();
    const first = report(file, 'one');
    const other = report(file, 'two');
    assert.equal(other.loaded, false);
    assert.equal(other.computed, first.computed);
    assert.deepEqual(other.json, plain());
  });

  it('starts empty from a damaged file, and rewrites it', () => {
    const file = fileOf();
    report(file, 'k');
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 1000));
    const r = report(file, 'k');
    assert.equal(r.loaded, false);
    assert.deepEqual(r.json, plain());
    assert.equal(report(file, 'k').computed, 0);
  });

  it('names the program by its bundle and data files, and a run from the sources by its process', () => {
    const bundle = join(dir, 'cli.js');
    writeFileSync(bundle, 'one');
    const a = programKey(bundle);
    assert.equal(programKey(bundle), a);
    writeFileSync(bundle, 'one more');
    assert.notEqual(programKey(bundle), a);
    assert.match(programKey(join(dir, 'main.ts')), /^process-/);
  });
});
