import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli as run } from '../fixtures/runCli';
import { writeHarborSources } from './helpers';
import { removeTempDir, tempDir } from './tempDir';

describe('the corroborate command line', () => {
  const dir = tempDir('corroborate-cli-');
  after(() => removeTempDir(dir));
  const sources = writeHarborSources(dir);
  const draft = join(dir, 'draft.md');
  writeFileSync(draft, '# Draft\n\nThe council approved a 12-month moratorium on harbor construction.\n\nCritics warned the delay could cost 900 jobs.\n');

  it('prints file:line:col findings and a summary, and exits 1 on errors', async () => {
    const r = await run('check', draft, '--sources', sources);
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, new RegExp(`^${draft.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5:1: error contradicted: .*400 jobs`, 'm'));
    assert.match(r.out, /2 sentences in 1 file against 2 sources: 1 corroborated, 1 contradicted/);
  });

  it('exits 0 when findings are below --fail-on', async () => {
    assert.equal((await run('check', draft, '--sources', sources, '--fail-on', 'never')).code, 0);
    assert.equal((await run('check', draft, '--sources', sources, '--severity', 'contradicted=warning')).code, 0);
  });

  it('prints the JSON contract', async () => {
    const r = await run('check', draft, '--sources', sources, '--format', 'json');
    const report = JSON.parse(r.out);
    assert.equal(report.version, 1);
    assert.deepEqual(report.sources.map((s: { file: string }) => s.file), ['a.txt', 'b.txt']);
    const [s1, s2] = report.files[0].sentences;
    assert.equal(s1.text, 'The council approved a 12-month moratorium on harbor construction.');
    assert.deepEqual(s1.range, { start: { line: 2, character: 0 }, end: { line: 2, character: s1.text.length } });
    assert.equal(s1.status, 'corroborated');
    assert.deepEqual(s1.support.map((x: { source: string }) => x.source).sort(), ['a.txt', 'b.txt']);
    assert.equal(s2.status, 'contradicted');
    assert.equal(s2.contradictions[0].source, 'a.txt');
    assert.match(s2.contradictions[0].reason, /source says 400 jobs, draft says 900 jobs/);
    // The checked fix, as a 0-based draft range and the text to write there (on the contradiction and the finding).
    const fix = { range: { start: { line: 4, character: 36 }, end: { line: 4, character: 39 } }, text: '400' };
    assert.deepEqual(s2.contradictions[0].fix, fix);
    assert.deepEqual(report.files[0].findings.find((f: { code: string }) => f.code === 'contradicted').fix, fix);
    assert.equal(s1.contradictions.length, 0);
  });

  it('prints SARIF', async () => {
    const sarif = JSON.parse((await run('check', draft, '--sources', sources, '--format', 'sarif')).out);
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs[0].results[0].ruleId, 'contradicted');
    assert.equal(sarif.runs[0].results[0].locations[0].physicalLocation.region.startLine, 5);
    const change = sarif.runs[0].results[0].fixes[0].artifactChanges[0];
    assert.deepEqual(change.replacements[0], { deletedRegion: { startLine: 5, startColumn: 37, endLine: 5, endColumn: 40 }, insertedContent: { text: '400' } });
  });

  it('exits 2 with a clear message for a missing file, an empty sources folder or a bad option', async () => {
    const missing = await run('check', join(dir, 'nope.md'), '--sources', sources);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /file not found: .*nope\.md/);
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const e = await run('check', draft, '--sources', empty);
    assert.equal(e.code, 2);
    assert.match(e.err, /no readable sources/);
    assert.doesNotMatch(e.err, /\n\s+at /); // no stack trace
    assert.equal((await run('check', draft, '--format', 'xml')).code, 2);
    assert.equal((await run('frobnicate')).code, 2);
  });

  it('prints usage for --help and the version for --version, exit 0; usage on stderr and exit 2 with no command', async () => {
    const help = await run('--help');
    assert.equal(help.code, 0);
    assert.match(help.out, /^Usage:/);
    assert.equal((await run('check', '--help')).code, 0);
    const none = await run();
    assert.equal(none.code, 2);
    assert.match(none.err, /^Usage:/);
  });

  it('lists sources with their keys', async () => {
    const r = await run('sources', '--sources', sources);
    assert.equal(r.code, 0);
    assert.match(r.out, /^council-approved-12\ta\.txt\t/m);
  });
});
