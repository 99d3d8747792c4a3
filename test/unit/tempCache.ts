// Loaded before the unit tests (see .mocharc.json): the command line's index cache goes to the user's cache folder
// ($XDG_CACHE_HOME/corroborate) unless told otherwise, so the tests point XDG_CACHE_HOME at a temporary folder,
// removed when the test process ends. No test reads or writes the user's real cache.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'corroborate-xdg-cache-'));
process.env.XDG_CACHE_HOME = dir;
process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
