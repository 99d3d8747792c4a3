#!/usr/bin/env node
// `npm run bench:archive [-- ARTICLES]`: bundles bench/archive.ts and the archive's worker with the product's build
// settings (so load batches are analysed on worker threads, as `corroborate archive add` does), then runs it
// against a throwaway PostgreSQL with the server's default durability. See bench/archive.ts. With `--load-only
// ARTICLES [BATCH]`, bench/archiveLoad.ts instead: the load alone, one JSON line (phases, CPU of loader and server).
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const opts = { bundle: true, platform: 'node', target: 'node20', logLevel: 'warning', minifySyntax: true, loader: { '.json': 'text' }, external: ['pg-native'] };
const loadOnly = process.argv[2] === '--load-only';
const entry = loadOnly ? 'archiveLoad.ts' : 'archive.ts';
const bundle = join(root, 'out', loadOnly ? 'bench-archive-load.js' : 'bench-archive.js');
await esbuild.build({ ...opts, entryPoints: [join(root, 'bench', entry)], outfile: bundle });
await esbuild.build({ ...opts, entryPoints: [join(root, 'src', 'archive', 'postgres', 'archiveWorker.ts')], outfile: join(root, 'out', 'archiveWorker.js') });
execFileSync('bash', [join(root, 'scripts', 'provision-postgres.sh'), 'run', process.execPath, '--max-old-space-size=8192', bundle, ...process.argv.slice(loadOnly ? 3 : 2)], {
  stdio: 'inherit',
  env: { ...process.env, CORROBORATE_PG_DURABLE: '1' },
});
