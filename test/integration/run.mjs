#!/usr/bin/env node
// Runs the integration suites inside a real VS Code extension host:
//  - with @vscode/test-electron when a VS Code build is given in CORROBORATE_VSCODE_PATH (this machine cannot
//    download one), or
//  - in code-server: the packaged extension and a test-runner extension are installed in a fresh extensions
//    folder, headless Chromium opens the test workspace so the extension host starts, the runner runs mocha there
//    and writes its results, which are printed here with the right exit code.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyWorkspace, freePort, installPackagedExtension, installTestRunner, launchBrowser, postgresInstalled, requirePrerequisites, root, startArchive, startCodeServer, tempDir } from '../../scripts/editorHarness.mjs';

const started = Date.now();
const names = ['editor.test.ts', 'writer.test.ts', 'sources.test.ts'];
// The newsroom archive suite runs against a real PostgreSQL: a throwaway cluster, with test/fixtures/archive loaded
// by the command line, stopped when this process exits (also on failure). The extension host reads its URL from
// the environment code-server passes on.
if (postgresInstalled()) {
  process.env.CORROBORATE_IT_ARCHIVE_DB = startArchive([join(root, 'test', 'fixtures', 'archive')]);
  names.push('archive.test.ts');
  console.log(`(archive suite: PostgreSQL at ${process.env.CORROBORATE_IT_ARCHIVE_DB})`);
} else if (process.env.CORROBORATE_REQUIRE_POSTGRES === '1') {
  console.error('integration: PostgreSQL 15 is not installed and CORROBORATE_REQUIRE_POSTGRES=1 (CI): the archive suite cannot run. As root, scripts/provision-postgres.sh start installs it.');
  process.exit(2);
} else {
  console.log('(archive suite NOT run: PostgreSQL 15 is not installed; as root, scripts/provision-postgres.sh start installs it)');
}
const suites = names.map((f) => join(root, 'test', 'integration', 'suite', f));

if (process.env.CORROBORATE_VSCODE_PATH) {
  const { runTests } = await import('@vscode/test-electron');
  const ext = tempDir('corroborate-ext-');
  const resultsPath = join(ext, 'results.json');
  const runnerDir = await installTestRunner(ext, suites, resultsPath);
  await runTests({ vscodeExecutablePath: process.env.CORROBORATE_VSCODE_PATH, extensionDevelopmentPath: [root, runnerDir], extensionTestsPath: join(runnerDir, 'runner.js'), launchArgs: [copyWorkspace(join(root, 'test', 'workspace')), '--disable-extensions'] });
  process.exit(report(resultsPath));
}

requirePrerequisites();
const extensionsDir = tempDir('corroborate-ext-');
const resultsPath = join(extensionsDir, 'results.json');
const installed = installPackagedExtension(extensionsDir);
await installTestRunner(extensionsDir, suites, resultsPath);
const workspace = copyWorkspace(join(root, 'test', 'workspace'));
const server = await startCodeServer({ folder: workspace, extensionsDir, userDataDir: tempDir('corroborate-user-'), port: await freePort() });
const browser = await launchBrowser();
let code = 1;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url);
  const deadline = Date.now() + 240_000;
  while (!done(resultsPath)) {
    if (Date.now() > deadline) throw new Error(`no results from the extension host after 240 s\n--- code-server log ---\n${server.log().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  console.log(`(packaged ${installed.files.length} files as ${installed.id}; VS Code in code-server; ${Math.round((Date.now() - started) / 1000)} s)`);
  code = report(resultsPath);
} catch (e) {
  console.error(e.message ?? e);
} finally {
  await browser.close();
  server.stop();
}
process.exit(code);

function done(path) {
  if (!existsSync(path)) return false;
  try {
    return JSON.parse(readFileSync(path, 'utf8')).done === true;
  } catch {
    return false;
  }
}

function report(path) {
  const r = JSON.parse(readFileSync(path, 'utf8'));
  if (r.crash) console.error(`runner crashed: ${r.crash}`);
  for (const t of r.records) {
    console.log(`  ${t.state === 'passed' ? '✔' : t.state === 'failed' ? '✖' : '-'} ${t.title}${t.ms !== undefined ? ` (${t.ms} ms)` : ''}`);
    if (t.error) console.log(t.error.split('\n').slice(0, 8).map((l) => `      ${l}`).join('\n'));
  }
  if (r.metrics) for (const [k, v] of Object.entries(r.metrics)) console.log(`  metric ${k}: ${v.join(', ')}`);
  const passed = r.records.filter((t) => t.state === 'passed').length;
  const failed = r.records.filter((t) => t.state === 'failed').length + (r.crash ? 1 : 0);
  const skipped = r.records.filter((t) => t.state === 'pending').length;
  console.log(`integration: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return failed || !passed ? 1 : 0;
}
