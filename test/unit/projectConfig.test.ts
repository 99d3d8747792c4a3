import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { globToRegExp, matcher } from '../../src/node/glob';
import { findProjectConfig, isManifestText, isProjectConfigText, parseProjectConfig, projectFields, usesBundledSeeds } from '../../src/node/projectConfig';
import { SEVERITY_KEYS } from '../../src/vscode/settingsSchema';
import { tempDir } from './tempDir';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

describe('the project file', () => {
  it('reads the smallest valid file', () => {
    const c = parseProjectConfig('{ "sources": ["refs"] }', '/w/corroborate.json');
    assert.deepEqual(c.settings, { 'sources.folders': ['refs'] });
    assert.deepEqual(c.problems, []);
    assert.equal(c.dir, '/w');
  });

  it('names each invalid field and still applies the rest', () => {
    const c = parseProjectConfig(
      JSON.stringify({ sources: ['refs', 3], ignore: ['**/old/**'], includeBundled: 'yes', severity: { singleSource: 'warning', contradicted: 'loud', 'single-sourse': 'hint' }, citationFormat: 'latex', sourcs: ['x'] }),
      '/w/corroborate.json',
      'corroborate.json',
    );
    assert.deepEqual(c.settings, { 'sources.folders': ['refs'], 'sources.ignore': ['**/old/**'], 'severity.singleSource': 'warning', 'citation.format': 'latex' });
    assert.deepEqual(c.problems, [
      'corroborate.json: field "sources.1" must be a folder or glob (a non-empty string), not 3; ignored',
      'corroborate.json: field "includeBundled" must be true or false, not "yes"; ignored',
      'corroborate.json: field "severity.contradicted" must be one of error, warning, information, hint, off, not "loud"; ignored',
      `corroborate.json: field "severity.single-sourse" is not a finding code (did you mean "singleSource"? codes: ${Object.values(SEVERITY_KEYS).join(', ')}); ignored`,
      'corroborate.json: unknown field "sourcs" (did you mean "sources"?); ignored',
    ]);
  });

  it('accepts finding codes as the CLI spells them in "severity"', () => {
    assert.deepEqual(parseProjectConfig('{"severity": {"single-source": "hint"}}', 'c.json').settings, { 'severity.singleSource': 'hint' });
  });

  it('applies nothing from a file that is not a JSON object, and says so once', () => {
    const c = parseProjectConfig('{ "sources": [', 'corroborate.json');
    assert.deepEqual(c.settings, {});
    assert.equal(c.problems.length, 1);
    assert.match(c.problems[0], /^corroborate\.json: not valid JSON .*; none of it applies$/);
  });

  it('tells a project file from a sources folder manifest of the same name', () => {
    assert.ok(isProjectConfigText('{"sources": ["refs"]}'));
    assert.ok(isProjectConfigText('{"includeBundled": false}'));
    assert.ok(!isProjectConfigText('{"sources": [{"file": "a.txt", "key": "a"}]}'));
    assert.ok(isManifestText('{"sources": [{"file": "a.txt"}]}'));
    assert.ok(!isManifestText('{"sources": ["refs"]}'));
  });

  it('is found by walking up from the draft, past a manifest of a sources folder', () => {
    const dir = tempDir('corroborate-config-');
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    writeFileSync(join(dir, 'corroborate.json'), '{"sources": ["refs"], "includeBundled": false}');
    writeFileSync(join(dir, 'a', 'corroborate.json'), '{"sources": [{"file": "x.txt", "key": "x"}]}');
    writeFileSync(join(dir, 'a', 'b', 'draft.md'), 'A draft.');
    const found = findProjectConfig(join(dir, 'a', 'b', 'draft.md'));
    assert.equal(found?.path, join(dir, 'corroborate.json'));
    assert.deepEqual(found?.settings, { 'sources.folders': ['refs'], 'sources.includeBundled': false });
  });

  it('uses the bundled seeds only when asked, or when no sources are named and none are found', () => {
    assert.equal(usesBundledSeeds('auto', false, 0), true);
    assert.equal(usesBundledSeeds('auto', true, 0), false);
    assert.equal(usesBundledSeeds('auto', false, 3), false);
    assert.equal(usesBundledSeeds(true, true, 3), true);
    assert.equal(usesBundledSeeds(false, false, 0), false);
  });

  it('has a JSON schema, contributed to VS Code, with the same fields and severity codes', () => {
    assert.deepEqual(pkg.contributes.jsonValidation, [{ fileMatch: 'corroborate.json', url: './schemas/corroborate.schema.json' }]);
    const schema = JSON.parse(readFileSync(join(root, 'schemas', 'corroborate.schema.json'), 'utf8'));
    assert.deepEqual(Object.keys(schema.properties).sort(), Object.keys(projectFields).sort());
    assert.deepEqual(Object.keys(schema.properties.severity.properties).sort(), Object.values(SEVERITY_KEYS).sort());
    assert.deepEqual(schema.properties.citationFormat.enum, projectFields.citationFormat.options);
    // A sources folder's manifest (same file name) is valid under the schema too.
    const items = schema.properties.sources.items.anyOf;
    assert.deepEqual(items.map((i: { type: string }) => i.type), ['string', 'object']);
    assert.ok(readFileSync(join(root, '.vscodeignore'), 'utf8').includes('!schemas/**'));
  });
});

describe('globs', () => {
  it('match within a segment, across folders, alternatives, and a bare name at any depth', () => {
    assert.ok(globToRegExp('papers/*.pdf').test('papers/a.pdf'));
    assert.ok(!globToRegExp('papers/*.pdf').test('papers/x/a.pdf'));
    assert.ok(globToRegExp('papers/**/*.pdf').test('papers/x/y/a.pdf'));
    assert.ok(globToRegExp('papers/**/*.pdf').test('papers/a.pdf'));
    assert.ok(globToRegExp('**/*.{pdf,docx}').test('a/b.docx'));
    assert.ok(globToRegExp('*.tmp').test('deep/down/x.tmp'));
    assert.ok(globToRegExp('old').test('old/a.txt'));
    assert.ok(!globToRegExp('old').test('older/a.txt'));
    assert.ok(!globToRegExp('a.b').test('aXb'));
    const m = matcher(['**/drafts/**', '*.bak']);
    assert.ok(m('refs/drafts/a.md') && m('x.bak') && !m('refs/a.md'));
    assert.ok(!matcher([])('anything'));
  });
});
