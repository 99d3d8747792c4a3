import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { main } from '../../../src/cli/main';
import { makePdf } from '../../fixtures/makePdf';
import { activateExtension, corroborateDiagnostics, waitFor, workspaceUri } from './helpers';

interface Api {
  problems(): string[];
  stats(): { sources: number; passages: number; indexing: boolean };
  inUse(): string;
  statuses(uri: vscode.Uri): Promise<string[] | undefined>;
}

const PDF_SENTENCE = 'The Elm Street bridge reopened on Saturday after eleven weeks of repairs.';
const write = (uri: vscode.Uri, data: string | Uint8Array) => vscode.workspace.fs.writeFile(uri, typeof data === 'string' ? new TextEncoder().encode(data) : data);
const remove = (uri: vscode.Uri) => vscode.workspace.fs.delete(uri, { recursive: true }).then(undefined, () => undefined);

describe('Sources the writer brings', function () {
  let api: Api;
  const cfg = () => vscode.workspace.getConfiguration('corroborate');

  before(async () => {
    await activateExtension();
    api = vscode.extensions.getExtension<Api>('corroborate.corroborate')!.exports;
    await waitFor(() => api.stats().sources === 3 && !api.stats().indexing, 'the three workspace sources');
  });

  after(async () => {
    await cfg().update('sources.folders', undefined, vscode.ConfigurationTarget.Workspace);
    for (const p of ['corroborate.json', 'refs', 'refs-old', 'papers', 'notes', 'bridge.md', 'sources/blob.txt']) await remove(workspaceUri(...p.split('/')));
  });

  it('warns about a named folder that does not exist, naming the setting, and indexes it when it is created', async () => {
    assert.match(api.inUse(), /bundled seeds not used \(this workspace has sources of its own\)/);
    await cfg().update('sources.folders', ['sources', 'refs'], vscode.ConfigurationTarget.Workspace);
    await waitFor(() => api.problems().find((p) => p === 'sources folder "refs" named in the setting "corroborate.sources.folders" (workspace settings) does not exist'), 'the missing folder to be reported').catch((e: Error) => {
      throw new Error(`${e.message}; problems: ${JSON.stringify(api.problems())}; in use: ${api.inUse()}`);
    });
    assert.match(api.inUse(), /missing: refs/);
    await vscode.workspace.fs.createDirectory(workspaceUri('refs'));
    await write(workspaceUri('refs', 'ferry.txt'), 'The ferry resumed service on Monday after the storm.\n');
    await waitFor(() => api.stats().sources === 4 && !api.problems().some((p) => p.includes('"refs"')), 'the created folder to be indexed', 30_000);
  });

  it('drops a renamed folder and reports it missing, and indexes it again when it is renamed back', async () => {
    await vscode.workspace.fs.rename(workspaceUri('refs'), workspaceUri('refs-old'));
    await waitFor(() => api.stats().sources === 3 && api.problems().some((p) => p.includes('"refs"')), 'the renamed folder to be dropped', 30_000);
    await vscode.workspace.fs.rename(workspaceUri('refs-old'), workspaceUri('refs'));
    await waitFor(() => api.stats().sources === 4 && !api.problems().some((p) => p.includes('"refs"')), 'the folder to be indexed again', 30_000);
  });

  it('reads corroborate.json over the settings, and reports the same statuses and counts as the CLI', async () => {
    await vscode.workspace.fs.createDirectory(workspaceUri('papers'));
    await write(workspaceUri('papers', 'report.pdf'), makePdf([['City engineering report.'], [PDF_SENTENCE]], { title: 'Elm Street bridge report' }));
    await write(workspaceUri('bridge.md'), `# Bridge\n\n${PDF_SENTENCE}\n\nThe repair cost 9 million dollars.\n`);
    // The file names sources/ and papers/ (not refs/, which the setting names): the file wins.
    await write(workspaceUri('corroborate.json'), JSON.stringify({ sources: ['sources', 'papers'], severity: { unsupported: 'information', bogus: 'error' } }));
    await waitFor(() => api.inUse().includes('papers') && !api.stats().indexing && api.stats().sources === 4, 'the project file to be applied', 30_000);
    // The invalid field is reported, naming the file and the field; the rest of the file applies.
    assert.ok(api.problems().some((p) => p.startsWith('corroborate.json: field "severity.bogus" is not a finding code')), JSON.stringify(api.problems()));
    for (const name of ['draft.md', 'bridge.md']) {
      const uri = workspaceUri(name);
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      let out = '';
      let err = '';
      const code = await main(['check', uri.fsPath, '--format', 'json', '--fail-on', 'never', '--no-cache'], (s) => (out += s), (s) => (err += s));
      assert.equal(code, 0, err);
      const report = JSON.parse(out);
      assert.equal(report.sources.length, api.stats().sources, `${name}: ${err}; CLI sources ${report.sources.map((s: { file: string }) => s.file)}`);
      const cliStatuses = JSON.stringify(report.files[0].sentences.map((s: { status: string }) => s.status));
      let statuses: string[] | undefined;
      await waitFor(async () => JSON.stringify((statuses = await api.statuses(uri))) === cliStatuses, `the editor's statuses on ${name} to equal the CLI's ${cliStatuses}`).catch((e: Error) => {
        throw new Error(`${e.message}; editor: ${JSON.stringify(statuses)}`);
      });
      const cli = report.files[0].findings.map((f: { code: string; range: { start: { line: number } }; severity: string }) => `${f.range.start.line}:${f.code}:${f.severity}`).sort();
      const sev = ['error', 'warning', 'information', 'hint'];
      const editorFindings = () => corroborateDiagnostics(uri).map((d) => `${d.range.start.line}:${String(d.code)}:${sev[d.severity]}`).sort();
      await waitFor(() => JSON.stringify(editorFindings()) === JSON.stringify(cli), `the editor's findings on ${name} to equal the CLI's ${JSON.stringify(cli)} (editor: ${JSON.stringify(editorFindings())})`);
      if (name === 'draft.md') assert.ok(cli.some((f: string) => f.endsWith(':unsupported:information')), 'the severity from corroborate.json applies');
    }
  });

  it('opens a PDF passage as read-only extracted text at the passage, with its page', async () => {
    const uri = workspaceUri('bridge.md');
    const diag = await waitFor(() => corroborateDiagnostics(uri).find((d) => d.code === 'single-source'), 'a single-source finding on the PDF sentence');
    const related = diag.relatedInformation?.[0].location;
    assert.ok(related, 'the finding links to the passage');
    assert.equal(related.uri.scheme, 'corroborate-source');
    await vscode.commands.executeCommand('corroborate.openPassage', { uri: related.uri.toString(), range: { start: { line: related.range.start.line, character: related.range.start.character }, end: { line: related.range.end.line, character: related.range.end.character } } });
    const editor = await waitFor(() => vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'corroborate-source'), 'the extracted text to open');
    assert.equal(editor.document.getText(editor.selection), PDF_SENTENCE);
    const before = editor.document.getText(new vscode.Range(new vscode.Position(0, 0), editor.selection.start));
    assert.match(before, /\[Page 2\]\s*$/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('ends a burst of reloads asked for together with the same index as one reload alone', async () => {
    // A settings change, the project file removed and Refresh twice, none awaited: each reload reads the folders
    // anew, and one that finished reading while another cleared what it read would publish a partial corpus.
    const settled = () => !api.stats().indexing && api.problems().some((p) => p.includes('"gone-1"'));
    const burst = [
      remove(workspaceUri('corroborate.json')),
      cfg().update('sources.folders', ['sources', 'refs', 'gone-1', 'gone-2'], vscode.ConfigurationTarget.Workspace),
      vscode.commands.executeCommand('corroborate.refreshSources'),
      vscode.commands.executeCommand('corroborate.refreshSources'),
    ];
    await Promise.all(burst);
    await waitFor(settled, 'the burst of reloads to settle', 30_000);
    await new Promise((r) => setTimeout(r, 500)); // a watcher event of the removal may still come
    await waitFor(() => !api.stats().indexing, 'the last reload', 30_000);
    const afterBurst = api.stats();
    await vscode.commands.executeCommand('corroborate.refreshSources');
    await waitFor(() => !api.stats().indexing, 'the lone reload', 30_000);
    assert.deepEqual(afterBurst, api.stats());
    assert.equal(afterBurst.sources, 4, 'sources/ (3) and refs/ (1)');
  });

  it('Check All Drafts leaves source folders and binary files alone and says how many it skipped', async () => {
    await vscode.workspace.fs.createDirectory(workspaceUri('notes'));
    await write(workspaceUri('notes', 'blob.txt'), new Uint8Array([0, 1, 2, 3, 0, 255]));
    await write(workspaceUri('sources', 'blob.txt'), new Uint8Array([0, 1, 2, 3, 0, 255]));
    const r = await vscode.commands.executeCommand<{ checked: number; skipped: Record<string, number> }>('corroborate.checkWorkspace');
    assert.ok(r.checked >= 2, JSON.stringify(r));
    assert.equal(r.skipped.binary, 1, JSON.stringify(r));
    assert.ok((r.skipped['in a sources folder'] ?? 0) >= 3, JSON.stringify(r));
  });
});
