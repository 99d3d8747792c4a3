import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Folders made by tests, removed when the test process ends: normally, after a failure, or on Ctrl+C.
const made = new Set<string>();

function removeAll(): void {
  for (const d of made) rmSync(d, { recursive: true, force: true });
  made.clear();
}

process.once('exit', removeAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    removeAll();
    process.kill(process.pid, signal); // then what the signal would have done (mocha's own handler, or the default)
  });
}

/** A new folder in the system's temporary directory; removed by `removeTempDir`, or at the latest when the process exits. */
export function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.add(d);
  return d;
}

/** Removes a folder `tempDir` made, now. */
export function removeTempDir(d: string): void {
  rmSync(d, { recursive: true, force: true });
  made.delete(d);
}
