// Bundles the extension (dist/extension.js) and the command line (dist/cli.js) with esbuild.
import { copyFileSync, mkdirSync } from 'node:fs';
import { basename } from 'node:path';
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
// The language data (WordNet extract, word counts, word vectors, the fitted model: ~9 MB of JSON) is not compiled
// into the bundles: it is copied to dist/data/ and required from there, so Node parses it with JSON.parse instead
// of V8 scanning megabytes of string literal at every start. Other JSON is bundled as text.
const DATA = /[\\/]data[\\/](lexicon|wordfreq|vectors|model)\.json$/;
const dataFiles = ['data/lexicon.json', 'data/wordfreq.json', 'data/vectors.json', 'data/model.json'];
const externalData = {
  name: 'external-data',
  setup(build) {
    build.onResolve({ filter: /data[\\/](lexicon|wordfreq|vectors|model)\.json$/ }, (args) => (DATA.test(args.path) ? { path: `./data/${basename(args.path)}`, external: true } : undefined));
  },
};
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning', minifySyntax: true, loader: { '.json': 'text' }, plugins: [externalData] };
const builds = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', external: ['pg-native'] },
  { ...common, entryPoints: ['src/node/indexWorker.ts'], outfile: 'dist/indexWorker.js' },
  { ...common, entryPoints: ['src/archive/postgres/archiveWorker.ts'], outfile: 'dist/archiveWorker.js' },
];
mkdirSync('dist/data', { recursive: true });
for (const f of dataFiles) copyFileSync(f, `dist/${f}`);
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
