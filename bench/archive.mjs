#!/usr/bin/env node
// `npm run bench:archive [-- ARTICLES]`: bundles bench/archive.ts and the archive's worker with the product's build
// settings (so load batches are analysed on worker threads, as `corroborate archive add` does), then runs it
// against a throwaway PostgreSQL with the server's default durability. See bench/archive.ts.
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const opts = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', minifySyntax: true, loader: { '.json': 'text' }, external: ['pg-native'] };
await esbuild.build({ ...opts, entryPoints: [join(root, 'bench', 'archive.ts')], outfile: join(root, 'out', 'bench-archive.js') });
await esbuild.build({ ...opts, entryPoints: [join(root, 'src', 'archive', 'postgres', 'archiveWorker.ts')], outfile: join(root, 'out', 'archiveWorker.js') });
execFileSync('bash', [join(root, 'scripts', 'provision-postgres.sh'), 'run', process.execPath, '--max-old-space-size=8192', join(root, 'out', 'bench-archive.js'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, CORROBORATE_PG_DURABLE: '1' },
});
