// Bundles the extension (dist/extension.js) and the command line (dist/cli.js) with esbuild.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
// The language data (WordNet extract, word counts, word vectors, the fitted model: ~9 MB of JSON) is not compiled
// into the bundles: it is copied to dist/data/ and required from there, so Node parses it with JSON.parse instead
// of V8 scanning megabytes of string literal at every start. Other JSON is bundled as text.
const DATA = /[\\/]data[\\/](lexicon|wordfreq|vectors|model)\.json$/;
const dataFiles = ['data/lexicon.json', 'data/wordfreq.json', 'data/vectors.json', 'data/model.json'];
// The large files are also parsed on first use, not when the bundle loads (`corroborate --help`, `sources` and an
// activation that checks nothing never parse them): the import gets an object whose fields (the file's top-level
// keys, read here) require the file when first read.
const LAZY = /^(lexicon|wordfreq|vectors)\.json$/;
const externalData = {
  name: 'external-data',
  setup(build) {
    build.onResolve({ filter: /data[\\/](lexicon|wordfreq|vectors|model)\.json$/ }, (args) => {
      if (!DATA.test(args.path)) return undefined;
      const name = basename(args.path);
      if (args.namespace === 'lazy-data' || !LAZY.test(name)) return { path: `./data/${name}`, external: true };
      return { path: name, namespace: 'lazy-data' };
    });
    build.onLoad({ filter: /.*/, namespace: 'lazy-data' }, (args) => {
      const keys = Object.keys(JSON.parse(readFileSync(`data/${args.path}`, 'utf8')));
      const fields = keys.map((k) => `${JSON.stringify(k)}: { enumerable: true, get: () => load()[${JSON.stringify(k)}] }`);
      return {
        contents: `let value;\nconst load = () => value ?? (value = require(${JSON.stringify(`./data/${args.path}`)}));\nmodule.exports = Object.defineProperties({}, { ${fields.join(', ')} });\n`,
        loader: 'js',
      };
    });
  },
};
// The text extractors (pdf.js alone is 2.2 MB) are loaded with import() when a PDF, Word document or web page is
// read: each is a bundle of its own in dist/vendor/, so starting the extension or the command line does not compile
// them (about 3.5 MB of the 5.2 MB the command line was).
const VENDOR = ['unpdf', 'mammoth', 'linkedom', '@mozilla/readability'];
const vendorFile = (name) => `vendor/${name.replace(/^@/, '').replace(/\//g, '-')}.js`;
const vendorExternal = {
  name: 'vendor-external',
  setup(build) {
    // import('unpdf') gets a module that requires the vendor bundle (a require, as the rest of the bundle does).
    build.onResolve({ filter: /^(unpdf|mammoth|linkedom|@mozilla\/readability)$/ }, (args) => (args.kind === 'dynamic-import' ? { path: args.path, namespace: 'vendor' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'vendor' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(`./${vendorFile(args.path)}`)});`, loader: 'js' }));
    build.onResolve({ filter: /^\.\/vendor\// }, (args) => ({ path: args.path, external: true }));
  },
};
const base = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, logLevel: 'warning', minifySyntax: true };
const common = { ...base, loader: { '.json': 'text' }, plugins: [externalData, vendorExternal] };
const builds = [
  ...VENDOR.map((name) => ({ ...base, stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: '.', loader: 'js' }, outfile: `dist/${vendorFile(name)}` })),
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', 'pg-native'] },
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
