// Bundles the extension (dist/extension.js) and the command line (dist/cli.js) with esbuild.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
// The language data (WordNet extract, word counts, word vectors, the fitted model) is not compiled into the
// bundles. The three large files (~9 MB of JSON) are packed at build time into binary tables, dist/data/*.bin (see
// src/core/language/packedData.ts), which the bundles read on first use as views of the file's bytes: no JSON.parse
// of 108,000 keys at every run, and `corroborate --help`, `sources` and an activation that checks nothing read
// nothing. The small fitted model is copied to dist/data/ and required from there. Other JSON is bundled as text.
const PACKED = { lexicon: 'Lexicon', wordfreq: 'Wordfreq', vectors: 'Vectors' };
const packedSource = resolve('src/core/language/packedData.ts');
const externalData = {
  name: 'external-data',
  setup(build) {
    build.onResolve({ filter: /data[\\/](lexicon|wordfreq|vectors|model)\.json$/ }, (args) => {
      const name = basename(args.path, '.json');
      if (!PACKED[name]) return { path: `./data/${name}.json`, external: true };
      return { path: name, namespace: 'packed-data' };
    });
    // The import gets an object whose `packed` getter reads and decodes dist/data/NAME.bin once.
    build.onLoad({ filter: /.*/, namespace: 'packed-data' }, (args) => ({
      contents: `const { decode${PACKED[args.path]} } = require(${JSON.stringify(packedSource)});
let value;
module.exports = { get packed() { return value ?? (value = decode${PACKED[args.path]}(require('node:fs').readFileSync(require('node:path').join(__dirname, 'data', ${JSON.stringify(`${args.path}.bin`)})))); } };
`,
      loader: 'js',
      resolveDir: '.',
    }));
  },
};
/** Writes dist/data/*.bin from data/*.json with the core's own packing code (bundled here to run it). */
async function packData() {
  const built = await esbuild.build({ entryPoints: [packedSource], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'warning' });
  const mod = { exports: {} };
  new Function('module', 'exports', built.outputFiles[0].text)(mod, mod.exports);
  const p = mod.exports;
  for (const [name, Name] of Object.entries(PACKED)) {
    const json = JSON.parse(readFileSync(`data/${name}.json`, 'utf8'));
    writeFileSync(`dist/data/${name}.bin`, p[`encode${Name}`](p[`pack${Name}`](json)));
  }
}
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
copyFileSync('data/model.json', 'dist/data/model.json');
// JSON copies an earlier build left.
for (const name of Object.keys(PACKED)) rmSync(`dist/data/${name}.json`, { force: true });
await packData();
if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
