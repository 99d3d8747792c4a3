// Bundles the extension (dist/extension.js) and the command line (dist/cli.js) with esbuild.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
// JSON (the WordNet extract) is bundled as a string and parsed at load: JSON.parse is much faster than V8 parsing
// the same data as a JavaScript object literal.
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning', minifySyntax: true, loader: { '.json': 'text' } };
const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', external: ['pg-native'] },
  { ...common, entryPoints: ['src/node/indexWorker.ts'], outfile: 'dist/indexWorker.js' },
  { ...common, entryPoints: ['src/archive/postgres/archiveWorker.ts'], outfile: 'dist/archiveWorker.js' },
];
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
