import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli as run } from '../fixtures/runCli';
import { makePdf } from '../fixtures/makePdf';
import { tempDir } from './tempDir';

/** A writer's project: corroborate.json at the root, a refs/ folder with a PDF and a text file, a draft two folders down. */
function project(config: unknown) {
  const dir = tempDir('corroborate-project-');
  mkdirSync(join(dir, 'refs'));
  mkdirSync(join(dir, 'chapters', 'one'), { recursive: true });
  writeFileSync(join(dir, 'refs', 'report.pdf'), makePdf([['Cover.'], ['The Elm Street bridge reopened on Saturday after eleven weeks of repairs.']]));
  writeFileSync(join(dir, 'refs', 'wire.txt'), 'The Elm Street bridge reopened on Saturday after eleven weeks of repairs, officials said.\n');
  writeFileSync(join(dir, 'refs', 'old.txt'), 'The Elm Street bridge reopened on Friday after nine weeks of repairs.\n');
  writeFileSync(join(dir, 'corroborate.json'), JSON.stringify(config));
  const draft = join(dir, 'chapters', 'one', 'draft.md');
  writeFileSync(draft, '# Bridge\n\nThe Elm Street bridge reopened on Saturday after eleven weeks of repairs.\n');
  return { dir, draft };
}

describe('the command line with a project file', () => {
  it('finds corroborate.json above the draft and reads only the sources it names', async () => {
    const { draft } = project({ sources: ['refs'], ignore: ['old.txt'] });
    const r = await run('check', draft, '--format', 'json');
    assert.equal(r.code, 0, r.err);
    const report = JSON.parse(r.out);
    assert.deepEqual(report.sources.map((s: { file: string }) => s.file).sort(), ['report.pdf', 'wire.txt']);
    assert.deepEqual(report.summary, { corroborated: 1 });
  });

  it('takes --config, and --sources and --severity over the file', async () => {
    const { dir, draft } = project({ sources: ['nowhere'], severity: { singleSource: 'error' } });
    const other = project({ sources: ['refs'] });
    const viaConfig = await run('check', draft, '--config', join(other.dir, 'corroborate.json'), '--format', 'json');
    assert.equal(JSON.parse(viaConfig.out).sources.length, 3);
    const viaSources = await run('check', draft, '--sources', join(dir, 'refs'), '--severity', 'single-source=hint', '--format', 'json');
    assert.equal(JSON.parse(viaSources.out).sources.length, 3);
    assert.equal(viaSources.err, '');
  });

  it('warns about a named folder that does not exist and an invalid field, naming the file, and uses the rest', async () => {
    const { draft } = project({ sources: ['refs', 'Refs2'], severity: { contradicted: 'loud' } });
    const r = await run('check', draft);
    assert.match(r.err, /warning: sources folder "Refs2" named in .*corroborate\.json \("sources"\) does not exist/);
    assert.match(r.err, /warning: .*corroborate\.json: field "severity\.contradicted" must be one of/);
    assert.match(r.out, /against 3 sources/);
  });

  it('does not mix the bundled seeds into named sources unless includeBundled is true', async () => {
    const without = await run('sources', '--config', join(project({ sources: ['refs'] }).dir, 'corroborate.json'), '--format', 'json');
    const withSeeds = await run('sources', '--config', join(project({ sources: ['refs'], includeBundled: true }).dir, 'corroborate.json'), '--format', 'json');
    const n = (r: { out: string }) => JSON.parse(r.out).sources.length;
    assert.equal(n(without), 3);
    assert.ok(n(withSeeds) > 3, withSeeds.out);
  });

  it('exits 2 naming a --config file that is not there', async () => {
    const r = await run('check', project({}).draft, '--config', '/nonexistent/corroborate.json');
    assert.equal(r.code, 2);
    assert.match(r.err, /config file not found: \/nonexistent\/corroborate\.json/);
  });
});
