import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { activateExtension, corroborateDiagnostics, hoverText, positionOf, waitFor, workspaceUri } from './helpers';

interface ViewApi {
  view(): { draft?: string; status?: string; sources: { key: string; supports: number; contradicts: number }[] };
  stats(): { sources: number; indexing: boolean };
}

const api = () => vscode.extensions.getExtension<ViewApi>('corroborate.corroborate')!.exports;
const encode = (s: string) => new TextEncoder().encode(s);
/** This suite's own draft (the editor suite edits draft.md), written before it runs. */
const DRAFT = [
  '# Harbor moratorium',
  'The city council approved a twelve-month moratorium on harbor construction.',
  'Critics warned that the delay could cost the port 900 jobs.',
  'Fewer than 20% of dock workers joined the union last year.',
  'Engineers have found that the sea wall is weaker than expected.',
  'The harbor authority supports the moratorium [@wire].',
  'The harbor handled 2.5 million containers in 2023 [@nobody].',
  'The governor vetoed the new budget for schools.',
].join('\n\n') + '\n';
const TITLES = ['Council Approves Harbor Moratorium', 'Port officials on the moratorium', 'Council halts harbor building for a year'];

async function actionsAt(doc: vscode.TextDocument, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, range);
}

async function run(action: vscode.CodeAction): Promise<void> {
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit));
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

describe('What the writer sees', function () {
  let doc: vscode.TextDocument;
  let editor: vscode.TextEditor;
  const diagsOf = (d: vscode.TextDocument, needle: string) => corroborateDiagnostics(d.uri).filter((x) => d.getText(new vscode.Range(x.range.start.line, 0, x.range.end.line, 10_000)).includes(needle));
  const diagFor = (needle: string, code: string) => diagsOf(doc, needle).find((x) => x.code === code);
  const titles = (actions: vscode.CodeAction[]) => actions.map((a) => a.title).join(' | ');

  before(async () => {
    await activateExtension();
    // The suite before this one changes the sources folders as it ends: its reloads settle first.
    await waitFor(() => api().stats().sources === 3 && !api().stats().indexing, 'the three workspace sources', 30_000);
    await vscode.workspace.fs.writeFile(workspaceUri('writer.md'), encode(DRAFT));
    doc = await vscode.workspace.openTextDocument(workspaceUri('writer.md'));
    editor = await vscode.window.showTextDocument(doc);
    await waitFor(() => diagFor('900 jobs', 'contradicted'), `diagnostics on writer.md (${doc.isClosed ? 'closed' : 'open'})`).catch((e: Error) => {
      throw new Error(`${e.message}; shown: ${JSON.stringify(corroborateDiagnostics(doc.uri).map((d) => [d.code, d.message]))}; text: ${doc.getText().slice(0, 300)}`);
    });
  });

  after(async () => {
    await vscode.workspace.fs.delete(workspaceUri('writer.md'));
  });

  afterEach(async () => {
    // Each test starts from the draft as it is on disk.
    if (doc.isDirty) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  it('lists a claim no source states in the Problems panel, as information worded as what to do', async () => {
    const d = await waitFor(() => diagFor('governor vetoed', 'unsupported'), 'the unsupported finding');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Information);
    assert.equal(d.message, 'No source states this: cite one or check it');
  });

  it('leads each message with the reason and the key, on one line, and puts titles in related information', async () => {
    const d = await waitFor(() => diagFor('900 jobs', 'contradicted'), 'the 900 jobs contradiction');
    assert.equal(d?.message, '900 jobs — [@tribune] says 400 jobs');
    assert.equal(diagFor('sea wall', 'single-source')?.message, 'Only [@tribune] states this: cite it or find a second source');
    for (const x of corroborateDiagnostics(doc.uri)) {
      assert.doesNotMatch(x.message, /\n/, x.message);
      for (const t of TITLES) assert.ok(!x.message.includes(t), `${x.message} names the title ${t}`);
    }
    const rel = d!.relatedInformation![0];
    assert.equal(rel.message, '[@tribune] Council Approves Harbor Moratorium');
    assert.ok(rel.location.uri.path.endsWith('/sources/harbor-tribune.txt'));
  });

  it('does not repeat in the hover card the reason the diagnostic above it shows', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionOf(doc, '900 jobs'));
    const text = hoverText(hovers);
    assert.match(text, /Contradicted by\*\* \*\*Council Approves Harbor Moratorium\*\*/);
    assert.match(text, /Open passage/);
    assert.doesNotMatch(text, /source says 400 jobs/);
  });

  it("links Open passage in the hover card to the contradicting passage's range in the source", async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, positionOf(doc, '900 jobs'));
    const uri = /\(command:corroborate\.openPassage\?([^)\s]+)\)/.exec(hoverText(hovers))?.[1];
    assert.ok(uri, 'an Open passage link');
    const [args] = JSON.parse(decodeURIComponent(uri)) as { uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[];
    const source = await vscode.workspace.openTextDocument(vscode.Uri.parse(args.uri));
    const r = new vscode.Range(args.range.start.line, args.range.start.character, args.range.end.line, args.range.end.character);
    assert.match(source.getText(r), /400 jobs/, `the link's range holds ${JSON.stringify(source.getText(r))}`);
  });

  it("writes the source's figure with its bound and unit, and the engine then finds the sentence stated by that source", async () => {
    const d = await waitFor(() => diagFor('dock workers', 'contradicted'), 'the dock workers contradiction');
    assert.equal(d?.message, 'Fewer than 20% — [@wire] says more than 80%');
    const actions = await actionsAt(doc, d.range);
    const fix = actions.find((a) => a.title.startsWith("Replace with the source's figure"));
    assert.equal(fix?.title, `Replace with the source's figure: "More than 80%" [@wire]`, titles(actions));
    assert.equal(fix.isPreferred, true);
    await run(fix);
    assert.match(doc.lineAt(d.range.start.line).text, /^More than 80% of dock workers joined the union last year\.$/);
    // Re-checked by the engine in the editor: stated by @wire, no longer contradicted.
    const after = await waitFor(() => {
      const x = diagsOf(doc, 'dock workers');
      return x.length && x.every((y) => y.code !== 'contradicted') ? x : undefined;
    }, 'the edited sentence to be re-checked');
    assert.deepEqual(after.map((x) => [x.code, x.message]), [['single-source', 'Only [@wire] states this: cite it or find a second source']]);
  });

  it('offers no figure fix that the engine does not find stated by the source', async () => {
    // Every figure fix offered on the draft, applied to a copy, is re-checked there: none leaves a contradiction.
    for (const d of corroborateDiagnostics(doc.uri).filter((x) => x.code === 'contradicted')) {
      const fix = (await actionsAt(doc, d.range)).find((a) => a.title.startsWith("Replace with the source's figure"));
      if (!fix?.edit) continue;
      const edits = fix.edit.get(doc.uri);
      const copy = await vscode.workspace.openTextDocument({ language: 'markdown', content: doc.getText() });
      const we = new vscode.WorkspaceEdit();
      we.set(copy.uri, edits);
      assert.ok(await vscode.workspace.applyEdit(we));
      const line = d.range.start.line;
      const checked = await waitFor(() => {
        const x = corroborateDiagnostics(copy.uri).filter((y) => y.range.start.line === line);
        return x.length ? x : undefined;
      }, `the copy's line ${line} to be checked`);
      assert.ok(checked.every((x) => x.code !== 'contradicted'), `${copy.lineAt(line).text}: ${checked.map((x) => x.message).join('; ')}`);
    }
  });

  it('replaces a cited key that does not state the sentence with one that does', async () => {
    const line = positionOf(doc, 'weaker than expected').line;
    const dot = doc.lineAt(line).text.lastIndexOf('.');
    await editor.edit((b) => b.insert(new vscode.Position(line, dot), ' [@wire]'));
    const d = await waitFor(() => diagFor('weaker than expected', 'citation-unsupported'), 'the unsupported citation');
    assert.equal(d.message, '[@wire] does not state this; [@tribune] does');
    const actions = await actionsAt(doc, d.range);
    const fix = actions.find((a) => a.title === 'Replace @wire with @tribune');
    assert.ok(fix?.edit, titles(actions));
    await run(fix);
    assert.equal(doc.lineAt(line).text, 'Engineers have found that the sea wall is weaker than expected [@tribune].');
    await waitFor(() => !diagFor('weaker than expected', 'citation-unsupported') && diagFor('weaker than expected', 'single-source')?.severity === vscode.DiagnosticSeverity.Hint, 'the cited claim to be re-checked');
  });

  it('suggests the near key for an unknown one and replaces the key', async () => {
    const end = doc.lineAt(doc.lineCount - 1).range.end;
    await editor.edit((b) => b.insert(end, '\n\nCritics warned that the delay could cost the port 400 jobs [@tribun].'));
    const d = await waitFor(() => diagFor('[@tribun]', 'unknown-citation'), 'the unknown key');
    assert.equal(doc.getText(d.range), 'tribun');
    const actions = await actionsAt(doc, d.range);
    const fix = actions.find((a) => a.title === 'Did you mean @tribune?');
    assert.ok(fix?.edit, titles(actions));
    assert.equal(fix.isPreferred, true);
    await run(fix);
    assert.ok(doc.getText().endsWith('cost the port 400 jobs [@tribune].'), doc.getText());
    await waitFor(() => !diagsOf(doc, '400 jobs [@tribune]').some((x) => x.code === 'unknown-citation'), 'the unknown key to be gone');
  });

  it('dismisses in this draft or everywhere, as the titles say, and the status bar and Sources view follow at once', async () => {
    const otherUri = workspaceUri('other.md');
    await vscode.workspace.fs.writeFile(otherUri, encode('The governor vetoed the new budget for schools.\n'));
    const other = await vscode.workspace.openTextDocument(otherUri);
    editor = await vscode.window.showTextDocument(doc);
    try {
      await waitFor(() => diagsOf(other, 'governor').some((x) => x.code === 'unsupported'), 'the other draft to be checked');
      await waitFor(() => api().view().draft === doc.uri.toString() && /unsupported/.test(api().view().status ?? ''), 'the status bar on writer.md');
      const d = diagFor('governor vetoed', 'unsupported')!;
      const actions = await actionsAt(doc, d.range);
      const here = actions.find((a) => a.title === 'Dismiss unsupported in this draft (writer.md)');
      const everywhere = actions.find((a) => a.title === 'Dismiss unsupported everywhere (every draft with this sentence)');
      assert.ok(here?.command && everywhere?.command, titles(actions));

      await run(here);
      // At once: no waiting between the command and what the writer sees.
      assert.equal(diagFor('governor vetoed', 'unsupported'), undefined);
      assert.doesNotMatch(api().view().status ?? '', /unsupported/);
      assert.ok(diagsOf(other, 'governor').some((x) => x.code === 'unsupported'), 'the other draft keeps its finding');

      const contradicted = diagFor('900 jobs', 'contradicted')!;
      const tribune = () => api().view().sources.find((s) => s.key === 'tribune')!;
      assert.equal(tribune().contradicts, 1);
      assert.match(api().view().status ?? '', /2 contradicted/);
      await run((await actionsAt(doc, contradicted.range)).find((a) => a.title === 'Dismiss contradicted in this draft (writer.md)')!);
      assert.equal(tribune().contradicts, 0);
      assert.match(api().view().status ?? '', /1 contradicted/);

      const otherDiag = diagsOf(other, 'governor').find((x) => x.code === 'unsupported')!;
      await run((await actionsAt(other, otherDiag.range)).find((a) => a.title.startsWith('Dismiss unsupported everywhere'))!);
      assert.ok(!diagsOf(other, 'governor').some((x) => x.code === 'unsupported'));
      const saved = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceUri('.corroborate', 'dismissed.json'))));
      assert.deepEqual(saved.dismissed, [
        { code: 'unsupported', sentence: 'The governor vetoed the new budget for schools.' },
        { code: 'contradicted', sentence: 'Critics warned that the delay could cost the port 900 jobs.', file: 'writer.md' },
        { code: 'unsupported', sentence: 'The governor vetoed the new budget for schools.', file: 'writer.md' },
      ]);
    } finally {
      await vscode.commands.executeCommand('corroborate.clearDismissed');
      await vscode.workspace.fs.delete(otherUri);
    }
    await waitFor(() => diagFor('governor vetoed', 'unsupported') && diagFor('900 jobs', 'contradicted'), 'the findings to come back');
  });

  it('keeps the status bar and Sources view on the last draft while focus is on a source, settings or the output', async () => {
    editor = await vscode.window.showTextDocument(doc);
    await waitFor(() => api().view().draft === doc.uri.toString() && api().view().status, 'the view on writer.md');
    const status = api().view().status;
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceUri('sources', 'wire.txt')));
    assert.equal(api().view().draft, doc.uri.toString());
    assert.equal(api().view().status, status);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceUri('.vscode', 'settings.json')));
    assert.equal(api().view().draft, doc.uri.toString());
    await vscode.commands.executeCommand('corroborate.showOutput');
    assert.equal(api().view().draft, doc.uri.toString());
    assert.ok(api().view().sources.find((s) => s.key === 'tribune')!.supports > 0);
    // Another draft becoming active changes them.
    const next = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'The governor vetoed the new budget for schools.' });
    await vscode.window.showTextDocument(next);
    await waitFor(() => api().view().draft === next.uri.toString(), 'the view to follow the new draft');
    await waitFor(() => /1 claim/.test(api().view().status ?? ''), 'the status of the new draft');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    editor = await vscode.window.showTextDocument(doc);
  });

  it('marks the completion entries whose sources state the sentence', async () => {
    const line = positionOf(doc, 'weaker than expected').line;
    await editor.edit((b) => b.insert(doc.lineAt(line).range.end, ' [@'));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, doc.lineAt(line).range.end, '@');
    const desc = Object.fromEntries(list.items.filter((i) => typeof i.label !== 'string').map((i) => [(i.label as vscode.CompletionItemLabel).label, (i.label as vscode.CompletionItemLabel).description ?? '']));
    assert.match(desc.tribune, /^✓ states this · Council Approves Harbor Moratorium$/);
    assert.doesNotMatch(desc.wire, /states this/);
    assert.doesNotMatch(desc['council-halts-harbor'], /states this/);
  });

  it('binds Insert Citation in every language it checks', async () => {
    const ext = vscode.extensions.getExtension('corroborate.corroborate')!;
    const kb = (ext.packageJSON.contributes.keybindings as { command: string; when: string }[]).find((k) => k.command === 'corroborate.insertCitation');
    assert.equal(kb?.when, 'editorTextFocus && editorLangId in corroborate.draftLanguages');
    assert.deepEqual(vscode.workspace.getConfiguration('corroborate').get('languages'), ['markdown', 'plaintext']);
    // The key itself, pressed in a plain-text draft, is exercised in the e2e run.
  });

  it('opens a passage on a long line centred, with the cursor at the passage start', async () => {
    const uri = workspaceUri('long-lines.log');
    const filler = 'word '.repeat(400);
    const lines = Array.from({ length: 200 }, (_, i) => (i === 120 ? `${filler}The passage starts here and runs on. ${filler}` : `line ${i}`));
    await vscode.workspace.fs.writeFile(uri, encode(lines.join('\n')));
    // Each step has its own deadline, so a hang names the step.
    const step = <T>(what: string, p: Thenable<T>) => Promise.race([Promise.resolve(p), new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`step timed out: ${what}`)), 15_000))]);
    try {
      const start = { line: 120, character: filler.length };
      const end = { line: 120, character: filler.length + 'The passage starts here and runs on.'.length };
      await step('open passage', vscode.commands.executeCommand('corroborate.openPassage', { uri: uri.toString(), range: { start, end } }));
      const e = await waitFor(() => vscode.window.visibleTextEditors.find((x) => x.document.uri.toString() === uri.toString() && x.visibleRanges.length), 'the source editor');
      assert.deepEqual([e.selection.active.line, e.selection.active.character], [start.line, start.character]);
      assert.deepEqual([e.selection.anchor.line, e.selection.anchor.character], [end.line, end.character]);
      assert.equal(e.document.getText(e.selection), 'The passage starts here and runs on.');
      const v = await waitFor(() => (e.visibleRanges[0].contains(new vscode.Position(120, 0)) ? e.visibleRanges[0] : undefined), 'the passage line to be visible');
      const above = 120 - v.start.line;
      const below = v.end.line - 120;
      assert.ok(Math.abs(above - below) <= 2, `centred: ${above} lines above, ${below} below`);
    } finally {
      await step('close the source', vscode.commands.executeCommand('workbench.action.closeActiveEditor'));
      await vscode.workspace.fs.delete(uri);
    }
  });

  it('names bundled sources by readable file names in related information', async () => {
    const cfg = vscode.workspace.getConfiguration('corroborate');
    await cfg.update('sources.includeBundled', true, vscode.ConfigurationTarget.Workspace);
    const draft = await vscode.workspace.openTextDocument({
      language: 'markdown',
      content: 'President Trump signed an executive order giving the government 90 days to review the most powerful models before release.\n',
    });
    try {
      const d = await waitFor(() => corroborateDiagnostics(draft.uri).find((x) => x.code === 'contradicted'), 'the seeds to contradict the sentence', 60_000);
      assert.match(d.message, /^90 days — \[@[a-z-]+\] says 30[- ]days?/);
      for (const r of d.relatedInformation ?? []) assert.match(r.location.uri.path, /\/seeds\/(critical-threshold|gogoai|coordination-problem|verifiable-pause|malasauskas)\.txt$/);
      assert.ok(d.relatedInformation?.length);
    } finally {
      await cfg.update('sources.includeBundled', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
