import * as vscode from 'vscode';

/** Polls `fn` until it returns a truthy value, at most `ms` milliseconds (no fixed sleeps). */
export async function waitFor<T>(fn: () => T | Promise<T>, what: string, ms = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last as NonNullable<T>;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what} (last value: ${JSON.stringify(last)})`);
}

export function workspaceUri(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the test workspace is not open');
  return vscode.Uri.joinPath(folder.uri, ...parts);
}

/** Activates Corroborate and waits until its sources are indexed. */
export async function activateExtension(): Promise<void> {
  const ext = vscode.extensions.getExtension<{ ready(): Promise<void> }>('corroborate.corroborate');
  if (!ext) throw new Error('extension corroborate.corroborate is not installed');
  const api = await ext.activate();
  await api.ready();
}

export function corroborateDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'corroborate');
}

/** Text of a hover's contents. */
export function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
}

/** Records a latency for the harness's report. */
export function metric(name: string, ms: number): void {
  const g = globalThis as unknown as { __corroborateMetrics?: Record<string, number[]> };
  (g.__corroborateMetrics ??= {})[name] ??= [];
  g.__corroborateMetrics[name].push(ms);
}

/** Position of the first occurrence of `needle` in the document (plus `delta` characters). */
export function positionOf(doc: vscode.TextDocument, needle: string, delta = 0): vscode.Position {
  const i = doc.getText().indexOf(needle);
  if (i < 0) throw new Error(`"${needle}" not found in ${doc.uri.path}`);
  return doc.positionAt(i + delta);
}
