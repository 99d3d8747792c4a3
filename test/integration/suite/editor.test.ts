import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { activateExtension, corroborateDiagnostics, hoverText, metric, positionOf, waitFor, workspaceUri } from './helpers';

describe('Corroborate in the editor', function () {
  let doc: vscode.TextDocument;
  let editor: vscode.TextEditor;

  before(async () => {
    await activateExtension();
    doc = await vscode.workspace.openTextDocument(workspaceUri('draft.md'));
    editor = await vscode.window.showTextDocument(doc);
  });

  after(() => {
    // The extension's own timings of its providers (without VS Code's command round trip).
    const api = vscode.extensions.getExtension<{ timings(): Record<string, { median: number; p95: number; n: number }> }>('corroborate.corroborate')!.exports;
    for (const [name, t] of Object.entries(api.timings())) {
      metric(`provider ${name} median/p95 over ${t.n} (ms)`, t.median);
      metric(`provider ${name} median/p95 over ${t.n} (ms)`, t.p95);
    }
  });

  const diagFor = (needle: string) => corroborateDiagnostics(doc.uri).filter((d) => doc.getText(d.range).includes(needle));

  it('publishes a diagnostic for each kind of finding in the Problems panel', async () => {
    const t0 = Date.now();
    const diags = await waitFor(() => {
      const d = corroborateDiagnostics(doc.uri);
      return d.length >= 5 ? d : undefined;
    }, 'diagnostics on draft.md');
    metric('first diagnostics after open (ms)', Date.now() - t0);
    const codes = new Set(diags.map((d) => String(d.code)));
    for (const c of ['contradicted', 'single-source', 'disputed', 'unknown-citation', 'unsupported']) assert.ok(codes.has(c), `missing ${c} in ${[...codes]}`);
    const contradicted = diagFor('900 jobs').find((d) => d.code === 'contradicted');
    assert.ok(contradicted, 'the 900-jobs sentence is flagged');
    assert.equal(contradicted.message, '900 jobs — [@tribune] says 400 jobs');
    assert.equal(contradicted.severity, vscode.DiagnosticSeverity.Error);
    assert.ok(contradicted.relatedInformation?.[0].location.uri.path.endsWith('/sources/harbor-tribune.txt'));
    const unknown = diags.find((d) => d.code === 'unknown-citation');
    assert.ok(unknown);
    assert.equal(doc.getText(unknown.range), 'nobody');
    assert.equal(diagFor('governor vetoed')[0]?.severity, vscode.DiagnosticSeverity.Information);
  });

  it('shows a hover card with the status, the sources and their quoted passages', async () => {
    const t0 = Date.now();
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionOf(doc, 'twelve-month'));
    metric('hover (ms)', Date.now() - t0);
    const text = hoverText(hovers);
    assert.match(text, /Corroborated/);
    assert.match(text, /2 of 3 sources state this/);
    assert.match(text, /Council Approves Harbor Moratorium/);
    assert.match(text, /\*\*moratorium\*\*/); // matched words emphasised
    assert.match(text, /command:corroborate\.openPassage/);
  });

  it('shows the source behind a citation key on hover, and never renders source markup as links', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionOf(doc, '@wire', 2));
    const text = hoverText(hovers);
    assert.match(text, /Port officials on the moratorium/);
    assert.match(text, /Newswire/);
    assert.doesNotMatch(text, /\]\(command:workbench/);
  });

  it('goes to the cited source from a citation key', async () => {
    const locs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, positionOf(doc, '@wire', 2));
    const uri = 'targetUri' in locs[0] ? locs[0].targetUri : locs[0].uri;
    assert.ok(uri.path.endsWith('/sources/wire.txt'), uri.toString());
  });

  it('completes citation keys after [@, best source first', async () => {
    const line = doc.lineAt(positionOf(doc, 'Engineers have found').line);
    await editor.edit((b) => b.insert(line.range.end, ' [@'));
    const pos = doc.lineAt(line.lineNumber).range.end;
    const t0 = Date.now();
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos, '@');
    metric('completion (ms)', Date.now() - t0);
    const labels = list.items.filter((i) => i.kind === vscode.CompletionItemKind.Reference).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.deepEqual(labels.slice().sort(), ['council-halts-harbor', 'tribune', 'wire']);
    assert.equal(labels[0], 'tribune');
    await vscode.commands.executeCommand('undo');
    assert.ok(!doc.lineAt(line.lineNumber).text.includes('[@'));
  });

  it('replaces a contradicted figure with the source figure from a quick fix', async () => {
    const d = diagFor('900 jobs').find((x) => x.code === 'contradicted');
    assert.ok(d);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range);
    const fix = actions.find((a) => a.title.startsWith("Replace with the source's figure"));
    assert.ok(fix?.edit, actions.map((a) => a.title).join(' | '));
    assert.ok(actions.some((a) => a.title.startsWith('Open passage in [@tribune]')));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.ok(doc.getText().includes('cost the port 400 jobs'));
    await waitFor(() => diagFor('400 jobs').every((x) => x.code !== 'contradicted') && diagFor('400 jobs').length > 0, 'the fixed sentence to be re-checked');
    assert.equal(diagFor('400 jobs')[0].code, 'single-source');
  });

  it('cites the one source of a single-source claim from a quick fix', async () => {
    const d = diagFor('sea wall').find((x) => x.code === 'single-source');
    assert.ok(d, 'the sea-wall sentence is single-source');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range);
    const fix = actions.find((a) => a.title === 'Cite the one source [@tribune]');
    assert.ok(fix?.edit, actions.map((a) => a.title).join(' | '));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.ok(doc.getText().includes('weaker than expected [@tribune].'));
  });

  it('inserts a citation with the Insert Citation command as one undo step, without touching other text', async () => {
    const before = doc.getText();
    editor.selection = new vscode.Selection(positionOf(doc, 'governor vetoed'), positionOf(doc, 'governor vetoed'));
    const ok = await vscode.commands.executeCommand<boolean>('corroborate.insertCitation', ['council-halts-harbor']);
    assert.equal(ok, true);
    const after = doc.getText();
    assert.ok(after.includes('schools [@council-halts-harbor].'), after);
    assert.equal(after.replace(' [@council-halts-harbor]', ''), before);
    await vscode.commands.executeCommand('undo');
    assert.equal(doc.getText(), before);
  });

  it('offers to cite all supporting sources of a corroborated sentence', async () => {
    const range = doc.lineAt(positionOf(doc, 'twelve-month').line).range;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, range);
    const citeAll = actions.find((a) => a.title.startsWith('Cite all 2 supporting sources'));
    assert.ok(citeAll?.edit, actions.map((a) => a.title).join(' | '));
    assert.ok(await vscode.workspace.applyEdit(citeAll.edit));
    assert.match(doc.lineAt(range.start.line).text, /harbor construction \[@(tribune|council-halts-harbor); @(tribune|council-halts-harbor)\]\.$/);
    await vscode.commands.executeCommand('undo');
  });

  it('writes LaTeX and footnote citations when the citation format says so', async () => {
    const cfg = vscode.workspace.getConfiguration('corroborate');
    const at = positionOf(doc, 'governor vetoed');
    try {
      await cfg.update('citation.format', 'latex', vscode.ConfigurationTarget.Workspace);
      editor.selection = new vscode.Selection(at, at);
      assert.equal(await vscode.commands.executeCommand('corroborate.insertCitation', ['wire']), true);
      assert.ok(doc.getText().includes('for schools\\cite{wire}.'), doc.getText());
      await vscode.commands.executeCommand('undo');
      await cfg.update('citation.format', 'footnote', vscode.ConfigurationTarget.Workspace);
      editor.selection = new vscode.Selection(at, at);
      assert.equal(await vscode.commands.executeCommand('corroborate.insertCitation', ['wire', 'tribune']), true);
      assert.ok(doc.getText().includes('for schools.[^1]'), doc.getText());
      assert.ok(doc.getText().endsWith('[^1]: @wire; @tribune\n'), doc.getText());
      await vscode.commands.executeCommand('undo');
    } finally {
      await cfg.update('citation.format', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('falls back to the default for an invalid setting and keeps working', async () => {
    const cfg = vscode.workspace.getConfiguration('corroborate');
    await cfg.update('severity.contradicted', 'loud', vscode.ConfigurationTarget.Workspace);
    const line = doc.lineAt(positionOf(doc, 'governor vetoed').line);
    try {
      await editor.edit((b) => b.insert(line.range.end, '\n\nCritics warned that the delay could cost the port 650 jobs.'));
      const d = await waitFor(() => diagFor('650 jobs').find((x) => x.code === 'contradicted'), 'a contradicted finding under the invalid setting');
      assert.equal(d.severity, vscode.DiagnosticSeverity.Error); // the default, not "loud"
    } finally {
      await vscode.commands.executeCommand('undo');
      await cfg.update('severity.contradicted', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('checks every draft in the workspace on command', async () => {
    const other = workspaceUri('notes.md');
    await vscode.workspace.fs.writeFile(other, new TextEncoder().encode('Critics warned that the delay could cost the port 250 jobs.\n'));
    const { checked } = await vscode.commands.executeCommand<{ checked: number }>('corroborate.checkWorkspace');
    assert.ok(checked >= 2, `checked ${checked}`);
    await waitFor(() => corroborateDiagnostics(other).some((d) => d.code === 'contradicted'), 'diagnostics on notes.md');
    await vscode.workspace.fs.delete(other);
  });

  it('dismisses a finding into a workspace file and hides it', async () => {
    const d = diagFor('governor vetoed').find((x) => x.code === 'unsupported');
    assert.ok(d);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range);
    const dismiss = actions.find((a) => a.title.startsWith('Dismiss unsupported everywhere'));
    assert.ok(dismiss?.command);
    await vscode.commands.executeCommand(dismiss.command.command, ...(dismiss.command.arguments ?? []));
    await waitFor(() => diagFor('governor vetoed').length === 0, 'the dismissed finding to disappear');
    const saved = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceUri('.corroborate', 'dismissed.json'))));
    assert.deepEqual(saved.dismissed, [{ code: 'unsupported', sentence: 'The governor vetoed the new budget for schools.' }]);
    await vscode.commands.executeCommand('corroborate.clearDismissed');
    await waitFor(() => diagFor('governor vetoed').length === 1, 'the finding to come back');
  });

  it('follows the severity settings', async () => {
    const cfg = vscode.workspace.getConfiguration('corroborate');
    await cfg.update('severity.unsupported', 'off', vscode.ConfigurationTarget.Workspace);
    await waitFor(() => diagFor('governor vetoed').length === 0, 'unsupported findings to be turned off');
    await cfg.update('severity.unsupported', undefined, vscode.ConfigurationTarget.Workspace);
    await waitFor(() => diagFor('governor vetoed').length === 1, 'unsupported findings to come back');
  });

  it('re-indexes a source file added to the workspace and re-checks open drafts', async () => {
    const t0 = Date.now();
    await vscode.workspace.fs.writeFile(workspaceUri('sources', 'budget.txt'), new TextEncoder().encode('The governor vetoed the new budget for schools on Friday.\n'));
    await waitFor(() => diagFor('governor vetoed')[0]?.code === 'single-source', 'the new source to support the sentence');
    metric('source added to re-checked draft (ms)', Date.now() - t0);
    await vscode.workspace.fs.delete(workspaceUri('sources', 'budget.txt'));
    await waitFor(() => diagFor('governor vetoed')[0]?.code === 'unsupported', 'the deleted source to be dropped');
  });

  it('re-checks as the writer types', async () => {
    const line = doc.lineAt(positionOf(doc, 'governor vetoed').line);
    const t0 = Date.now();
    await editor.edit((b) => b.insert(line.range.end, '\n\nCritics warned that the delay could cost the port 700 jobs.'));
    await waitFor(() => diagFor('700 jobs').some((d) => d.code === 'contradicted'), 'a diagnostic on the typed sentence');
    metric('typed sentence to diagnostic (ms)', Date.now() - t0);
  });

  it('clears diagnostics when the draft closes', async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor(() => corroborateDiagnostics(doc.uri).length === 0, 'diagnostics to be cleared', 30_000);
  });
});
