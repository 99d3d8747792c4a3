import * as vscode from 'vscode';

/**
 * Writes a file atomically: to a temporary file beside it, then renamed over it, so a reader sees the old file or
 * the new one, never a part. The folder must exist.
 */
export async function writeFileAtomic(uri: vscode.Uri, bytes: Uint8Array): Promise<void> {
  const tmp = uri.with({ path: `${uri.path}.${process.pid}.tmp` });
  await vscode.workspace.fs.writeFile(tmp, bytes);
  await vscode.workspace.fs.rename(tmp, uri, { overwrite: true });
}
