// The test-runner extension: runs the integration suites with mocha inside the extension host it is loaded in,
// then writes the results (counts, each test's outcome and error) to the file the harness named.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as vscode from 'vscode';

interface Config {
  mocha: string;
  suiteDir: string;
  results: string;
  grep: string;
}

interface TestRecord {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  ms?: number;
  error?: string;
}

export function activate(context: vscode.ExtensionContext): void {
  const cfg = JSON.parse(readFileSync(join(context.extensionPath, 'runner.json'), 'utf8')) as Config;
  const records: TestRecord[] = [];
  const write = (extra: object) => writeFileSync(cfg.results, JSON.stringify({ records, ...extra }, null, 2));
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Mocha = require(cfg.mocha);
    const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, grep: cfg.grep || undefined });
    mocha.reporter(function (this: unknown, runner: { on: (e: string, f: (...a: never[]) => void) => void }) {
      runner.on('pass', (t: { fullTitle(): string; duration: number }) => records.push({ title: t.fullTitle(), state: 'passed', ms: t.duration }));
      runner.on('fail', (t: { fullTitle(): string }, err: Error) => records.push({ title: t.fullTitle(), state: 'failed', error: `${err.message}\n${err.stack ?? ''}` }));
      runner.on('pending', (t: { fullTitle(): string }) => records.push({ title: t.fullTitle(), state: 'pending' }));
    });
    for (const f of readdirSync(cfg.suiteDir).filter((x) => x.endsWith('.js')).sort()) mocha.addFile(join(cfg.suiteDir, f));
    mocha.run((failures: number) => write({ done: true, failures, metrics: (globalThis as { __corroborateMetrics?: unknown }).__corroborateMetrics }));
  } catch (e) {
    write({ done: true, failures: 1, crash: (e as Error).stack ?? String(e) });
  }
}
