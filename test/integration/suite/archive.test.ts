import { strict as assert } from 'node:assert';
import { createServer, connect, type Server, type Socket } from 'node:net';
import pg from 'pg';
import * as vscode from 'vscode';
import { activateExtension, corroborateDiagnostics, hoverText, positionOf, waitFor, workspaceUri } from './helpers';

interface ArchiveStatus {
  state: string;
  url?: string;
  reason?: string;
  failures: number;
  articles: number;
  passages: number;
  warnings: number;
  stale: number;
}

interface Api {
  archive(): ArchiveStatus;
  stats(): { sources: number; passages: number; indexing: boolean };
  view(): { archive?: string; archiveSources: { key: string; supports: number; contradicts: number }[] };
}

/** The archive the harness loaded (test/fixtures/archive: pier-log, lighthouse-1998). */
const ARCHIVE = process.env.CORROBORATE_IT_ARCHIVE_DB ?? '';
/** A fact only the archive holds (in pier-log). */
const PIER = 'The ferry terminal on Pier 9 closed for repairs in March after inspectors found corroded pilings.';

const write = (uri: vscode.Uri, text: string) => vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
const cfg = () => vscode.workspace.getConfiguration('corroborate');
const codes = (uri: vscode.Uri) => corroborateDiagnostics(uri).map((d) => `${String(d.code)}: ${d.message}`);

/**
 * A TCP relay to the test cluster on a port of its own, which the test takes down and brings back up: the archive
 * "server going away and coming back", with the real server behind it.
 */
class Relay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  static async onFreePort(target: { host: string; port: number }): Promise<Relay> {
    const probe = createServer();
    const port = await new Promise<number>((resolve) =>
      probe.listen(0, '127.0.0.1', () => resolve((probe.address() as { port: number }).port)),
    );
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return new Relay(port, target);
  }

  up(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    return new Promise((resolve) => this.server!.listen(this.port, '127.0.0.1', () => resolve()));
  }

  down(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = undefined;
    return server ? new Promise((resolve) => server.close(() => resolve())) : Promise.resolve();
  }
}

describe('The newsroom archive (PostgreSQL) in the editor', function () {
  this.timeout(90_000);
  let api: Api;
  let relay: Relay | undefined;
  const pier = () => workspaceUri('pier.md');

  before(async () => {
    if (!ARCHIVE)
      throw new Error(
        'CORROBORATE_IT_ARCHIVE_DB is not set: run this suite with "npm run test:integration", which starts PostgreSQL and loads the archive',
      );
    await activateExtension();
    api = vscode.extensions.getExtension<Api>('corroborate.corroborate')!.exports;
    await write(pier(), `# Pier\n\n${PIER}\n`);
  });

  after(async () => {
    await cfg().update('archive.url', undefined, vscode.ConfigurationTarget.Workspace);
    await waitFor(() => api.archive().state === 'off', 'the archive to be closed');
    await relay?.down();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(pier()).then(undefined, () => undefined);
  });

  it('counts an archive-only source in a diagnostic, and shows the archive as one node with its counts', async () => {
    await cfg().update('archive.url', ARCHIVE, vscode.ConfigurationTarget.Workspace);
    await waitFor(() => api.archive().state === 'connected', 'the archive to open', 30_000).catch((e: Error) => {
      throw new Error(`${e.message}; archive: ${JSON.stringify(api.archive())}`);
    });
    assert.equal(api.archive().articles, 2);
    const doc = await vscode.workspace.openTextDocument(pier());
    await vscode.window.showTextDocument(doc);
    const diag = await waitFor(
      () => corroborateDiagnostics(pier()).find((d) => d.code === 'single-source'),
      `a single-source finding on pier.md (have ${JSON.stringify(codes(pier()))})`,
      30_000,
    );
    assert.match(diag.message, /\[@pier-log\]/);
    // Its related information opens the archived article, at the passage.
    const related = diag.relatedInformation?.[0];
    assert.ok(related, 'the finding points at the passage');
    assert.equal(related.location.uri.scheme, 'corroborate-archive');
    const article = await vscode.workspace.openTextDocument(related.location.uri);
    assert.equal(article.getText(related.location.range).trim(), PIER);
    // The Sources view: one archive node with its counts; under it, the article the draft's sentence states.
    await waitFor(
      () => api.view().archive?.startsWith('Archive: 2 articles · 3 passages · postgres://'),
      `the archive node (have ${JSON.stringify(api.view().archive)})`,
    );
    await waitFor(
      () => api.view().archiveSources.some((s) => s.key === 'pier-log' && s.supports === 1),
      `pier-log under the archive node (have ${JSON.stringify(api.view().archiveSources)})`,
    );
    // Local sources are still listed on their own: the workspace's three.
    assert.equal(api.stats().sources, 3);
  });

  it('quotes the archive passage in the hover card', async () => {
    const doc = await vscode.workspace.openTextDocument(pier());
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      pier(),
      positionOf(doc, 'corroded'),
    );
    const text = hoverText(hovers);
    assert.match(text, /pier-log/, text);
    // The passage, quoted (the sentence's words in bold; "9" of the name "Pier 9" is a word it matches, not a count).
    assert.match(
      text,
      /> The \*\*ferry\*\* \*\*terminal\*\* on \*\*Pier\*\* \*\*9\*\* .*\*\*corroded\*\* \*\*pilings\*\*/,
      text,
    );
    assert.match(text, /1 of 5 sources state this/, text);
  });

  it('offers the archive key in [@ completion, marked as stating the sentence', async () => {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(pier()));
    const end = positionOf(editor.document, 'pilings.', 'pilings.'.length);
    await editor.edit((b) => b.insert(end, ' [@'));
    try {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        pier(),
        end.translate(0, 3),
      );
      const item = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'pier-log');
      assert.ok(
        item,
        `pier-log offered (items: ${list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label)).join(', ')})`,
      );
      assert.match(typeof item.label === 'string' ? '' : (item.label.description ?? ''), /states this/);
      // Local sources are offered too.
      assert.ok(list.items.some((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'wire'));
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  it('searches the archive by key or title with the text as a parameter, never as SQL', async () => {
    const found = await vscode.commands.executeCommand<{ key: string }[]>('corroborate.archive.search', 'lighthouse');
    assert.deepEqual(
      found.map((a) => a.key),
      ['lighthouse-1998'],
    );
    const hostile = await vscode.commands.executeCommand<{ key: string }[]>(
      'corroborate.archive.search',
      "x' OR '1'='1'; DROP TABLE corroborate_articles; --",
    );
    assert.deepEqual(hostile, []);
    const all = await vscode.commands.executeCommand<{ key: string }[]>('corroborate.archive.search', '');
    assert.deepEqual(
      all.map((a) => a.key),
      ['lighthouse-1998', 'pier-log'],
    );
  });

  it('with the archive unreachable: one warning, checks on the local sources, retries, and re-checks when it is back', async () => {
    const target = new URL(ARCHIVE);
    relay = await Relay.onFreePort({ host: target.hostname, port: Number(target.port) });
    const via = new URL(ARCHIVE);
    via.port = String(relay.port);
    const before = api.archive().warnings;
    await cfg().update('archive.url', via.toString(), vscode.ConfigurationTarget.Workspace);
    await waitFor(() => api.archive().state === 'unavailable', 'the archive to be reported unavailable', 30_000);
    assert.match(api.archive().reason ?? '', /connection refused/);
    assert.equal(api.archive().warnings, before + 1);
    // The draft is checked against the local sources alone: the archive-only fact is now unsupported.
    await waitFor(
      () =>
        codes(pier()).some((c) => c.startsWith('unsupported')) &&
        !codes(pier()).some((c) => c.startsWith('single-source')),
      `pier.md checked without the archive (have ${JSON.stringify(codes(pier()))})`,
      30_000,
    );
    // The other drafts still get their local findings.
    const draft = await vscode.workspace.openTextDocument(workspaceUri('draft.md'));
    await vscode.window.showTextDocument(draft);
    await waitFor(
      () => corroborateDiagnostics(draft.uri).some((d) => d.code === 'unknown-citation'),
      'draft.md checked against the local sources',
    );
    // A retry 5 s later fails again: still one warning.
    await waitFor(() => api.archive().failures >= 2, 'a second attempt', 30_000);
    assert.equal(api.archive().warnings, before + 1);
    // The server comes back: the next retry (10 s after the second failure) opens it, and drafts are re-checked.
    await relay.up();
    await waitFor(
      () => api.archive().state === 'connected',
      `the archive to be reopened (have ${JSON.stringify(api.archive())})`,
      45_000,
    );
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(pier()));
    await waitFor(
      () => codes(pier()).some((c) => c.startsWith('single-source') && c.includes('pier-log')),
      `pier.md re-checked with the archive (have ${JSON.stringify(codes(pier()))})`,
      30_000,
    );
    assert.equal(api.archive().warnings, before + 1);
  });

  it('warns once when the archive holds articles another analysis of the engine made, and not when none', async () => {
    const sql = async (text: string) => {
      const c = new pg.Client({ connectionString: ARCHIVE });
      await c.connect();
      try {
        await c.query(text);
      } finally {
        await c.end();
      }
    };
    const reopen = async () => {
      await cfg().update('archive.url', undefined, vscode.ConfigurationTarget.Workspace);
      await waitFor(() => api.archive().state === 'off', 'the archive to be closed');
      await cfg().update('archive.url', ARCHIVE, vscode.ConfigurationTarget.Workspace);
      await waitFor(() => api.archive().state === 'connected', 'the archive to open', 30_000);
    };
    await sql("UPDATE corroborate_articles SET analysis = 'older-engine' WHERE key = 'lighthouse-1998'");
    try {
      const before = api.archive().warnings;
      await reopen();
      assert.equal(api.archive().stale, 1);
      assert.equal(api.archive().warnings, before + 1);
      // Reopened with the same articles stale: no second notification for the same archive.
      await reopen();
      assert.equal(api.archive().warnings, before + 1);
    } finally {
      await sql(
        "UPDATE corroborate_articles SET analysis = (SELECT analysis FROM corroborate_articles WHERE key = 'pier-log') WHERE key = 'lighthouse-1998'",
      );
    }
    const before = api.archive().warnings;
    await reopen();
    assert.equal(api.archive().stale, 0);
    assert.equal(api.archive().warnings, before);
  });
});
