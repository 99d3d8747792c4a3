import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import {
  DEFAULT_SEVERITY,
  FINDING_CODES,
  jsonFile,
  levelOf,
  SUMMARY_ORDER,
  jsonSources,
  MANIFEST_FILE,
  type Finding,
  type FindingCode,
  type JsonReport,
  type SeveritySetting,
  type SourceFile,
  type IndexCache,
  type ManifestText,
  type MemoryIndex,
  type SourceProblem,
  type PassageIndex,
  type Source,
  collectingLogger,
  createCorroborate,
  CombinedIndex,
  prepareReplacements,
} from '../core';
import { toSarif } from './sarif';
import type { ArchiveIndex } from '../archive/postgres/archiveIndex';
import { matcher, isGlob, globBase } from '../node/glob';
import { decodeText, loadSourceFolder } from '../node/loadSources';
import { cacheFile, readIndexCache, userCacheDir, writeIndexCache } from '../node/indexCache';
import { programKey, ResultCache } from '../node/resultCache';
import { buildIndexParallel } from '../node/parallelIndex';
import { findProjectConfig, projectSeverities, readProjectConfig, usesBundledSeeds, type ProjectConfig } from '../node/projectConfig';
import { ARCHIVE_USAGE } from './archiveUsage';

/** The archive's modules, once a command has loaded them (see archiveModules.ts). */
let archiveModules: typeof import('./archiveModules') | undefined;
// require, not import(): under tsx (the tests run the command line from source) a dynamic import goes to Node's ESM
// loader, which cannot load a .ts file; esbuild's bundle evaluates the required module on first use all the same.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadArchive = async () => (archiveModules ??= require('./archiveModules') as typeof import('./archiveModules'));

const USAGE = `Usage:
  corroborate check FILE... [--sources DIR]... [--db URL] [--config FILE | --no-config] [--format text|json|sarif]
                            [--fail-on error|warning|never] [--severity CODE=LEVEL]... [--plain]
                            [--no-cache | --cache-location DIR]
  corroborate sources [--sources DIR]... [--config FILE | --no-config] [--format text|json]
                      [--no-cache | --cache-location DIR]
${ARCHIVE_USAGE}
  corroborate --help | --version

Checks each sentence of the draft FILEs against the source articles in DIR. Without --sources, the sources are
those the project file names: --config FILE, else the first corroborate.json in the draft's folder or a folder
above it; with neither, the bundled seeds. With --db URL (postgres://USER@HOST:PORT/DB, the password from PGPASSWORD
or ~/.pgpass) the draft is checked against the newsroom archive there; with --sources too, against both.
Options given here override the project file.
The sources' index is kept in the user's cache folder (${'$'}XDG_CACHE_HOME/corroborate or the platform's, or
--cache-location DIR), so a later run re-indexes only the files that changed; --no-cache neither reads nor writes it.
Codes: ${FINDING_CODES.join(', ')}. Levels: error, warning, information, hint, off.
Exit status: 0 clean, 1 findings at or above --fail-on (default error), 2 usage or input error.`;

class UsageError extends Error {}

interface Options {
  command: string;
  files: string[];
  sources: string[];
  format: 'text' | 'json' | 'sarif';
  failOn: 'error' | 'warning' | 'never';
  severity: Record<FindingCode, SeveritySetting>;
  /** Severities given with --severity (they override the project file's). */
  severityGiven: Partial<Record<FindingCode, SeveritySetting>>;
  plain: boolean;
  config?: string;
  noConfig: boolean;
  /** Where the index cache is kept; undefined with --no-cache. */
  cacheDir: string | undefined;
  db?: string;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { command: '', files: [], sources: [], format: 'text', failOn: 'error', severity: { ...DEFAULT_SEVERITY }, severityGiven: {}, plain: false, noConfig: false, cacheDir: userCacheDir() };
  let noCache = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const [flag, inline] = a.split(/=(.*)/s, 2);
      if (inline !== undefined && a.startsWith('--') && !['--severity'].includes(flag)) return inline;
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    const flag = a.split('=')[0];
    if (flag === '--sources' || flag === '-s') o.sources.push(value());
    else if (flag === '--config' || flag === '-c') o.config = value();
    else if (flag === '--db') o.db = value();
    else if (a === '--no-config') o.noConfig = true;
    else if (a === '--no-cache') noCache = true;
    else if (flag === '--cache-location') o.cacheDir = resolve(value());
    else if (flag === '--format' || flag === '-f') {
      const v = value();
      if (v !== 'text' && v !== 'json' && v !== 'sarif') throw new UsageError(`--format must be text, json or sarif, not "${v}"`);
      o.format = v;
    } else if (flag === '--fail-on') {
      const v = value();
      if (v !== 'error' && v !== 'warning' && v !== 'never') throw new UsageError(`--fail-on must be error, warning or never, not "${v}"`);
      o.failOn = v;
    } else if (flag === '--severity') {
      const v = a.includes('=') && a.startsWith('--severity=') ? a.slice('--severity='.length) : argv[++i];
      const m = /^([a-z-]+)=(error|warning|information|hint|off)$/.exec(v ?? '');
      if (!m || !(FINDING_CODES as readonly string[]).includes(m[1])) throw new UsageError(`--severity takes CODE=LEVEL (codes: ${FINDING_CODES.join(', ')}), not "${v ?? ''}"`);
      o.severityGiven[m[1] as FindingCode] = m[2] as SeveritySetting;
    } else if (a === '--plain') o.plain = true;
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
    else if (!o.command) o.command = a;
    else o.files.push(a);
  }
  if (noCache) o.cacheDir = undefined;
  return o;
}

/** The bundled seeds: `seeds/` beside `dist/` in the package. */
export function bundledSeeds(): string {
  const packaged = resolve(__dirname, '..', 'seeds');
  // Run from the sources (tests, tsx) the folder is two levels up.
  return existsSync(packaged) ? packaged : resolve(__dirname, '..', '..', 'seeds');
}

/** What the sources are, from the command line and the project file (the command line wins). */
interface SourcePlan {
  /** Folders or globs, each with the folder it is relative to. */
  entries: { entry: string; base: string; from: string }[];
  ignore: (absolutePath: string) => boolean;
  ignoreGlobs: string[];
  includeBundled: boolean | 'auto';
  named: boolean;
}

/** The project file for this run: --config, else found by walking up from the first draft (or the current folder). */
function projectConfig(o: Options): ProjectConfig | undefined {
  if (o.noConfig) return undefined;
  if (o.config) {
    try {
      return readProjectConfig(o.config);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  return findProjectConfig(o.files[0] ? dirname(resolve(o.files[0])) : process.cwd());
}

function sourcePlan(o: Options, config: ProjectConfig | undefined): SourcePlan {
  const cs = config?.settings ?? {};
  const ignoreGlobs = cs['sources.ignore'] ?? [];
  const configDir = config?.dir ?? process.cwd();
  const ignored = matcher(ignoreGlobs);
  const ignore = (abs: string) => ignoreGlobs.length > 0 && ignored(relative(configDir, abs).split('\\').join('/'));
  if (o.sources.length) return { entries: o.sources.map((entry) => ({ entry, base: process.cwd(), from: '--sources' })), ignore, ignoreGlobs, includeBundled: cs['sources.includeBundled'] ?? 'auto', named: true };
  const folders = cs['sources.folders'];
  return {
    entries: (folders ?? []).map((entry) => ({ entry, base: configDir, from: `${relative(process.cwd(), config!.path) || config!.path} ("sources")` })),
    ignore,
    ignoreGlobs,
    includeBundled: cs['sources.includeBundled'] ?? 'auto',
    named: folders !== undefined,
  };
}

interface LoadedIndex {
  index: MemoryIndex;
  problems: SourceProblem[];
  /** With the cache on: opens the result cache of this index (see resultCache.ts). */
  results?: () => ResultCache;
}

async function loadIndex(plan: SourcePlan, cacheDir: string | undefined, err: (s: string) => void): Promise<LoadedIndex> {
  const files: SourceFile[] = [];
  const manifests: ManifestText[] = [];
  const problems: { path: string; message: string }[] = [];
  let own = 0;
  const roots: string[] = [];
  const read = async (dir: string, glob?: string) => {
    roots.push(glob ? `${dir}\u0000${glob}` : dir);
    let loaded;
    try {
      loaded = await loadSourceFolder(dir, { glob, ignore: plan.ignore });
    } catch (e) {
      throw new UsageError(`cannot read sources folder ${dir}: ${(e as Error).message}`);
    }
    files.push(...loaded.files);
    if (loaded.manifestText !== undefined) manifests.push({ text: loaded.manifestText, label: join(dir, MANIFEST_FILE) });
    problems.push(...loaded.problems);
    return loaded.found;
  };
  for (const { entry, base, from } of plan.entries) {
    if (isGlob(entry)) {
      own += await read(isAbsolute(entry) ? globBase(entry) : base, isAbsolute(entry) ? relative(globBase(entry), entry).split('\\').join('/') : entry);
      continue;
    }
    const dir = resolve(base, entry);
    if (!existsSync(dir)) {
      if (from === '--sources') throw new UsageError(`sources folder not found: ${entry}`);
      problems.push({ path: entry, message: `sources folder "${entry}" named in ${from} does not exist; nothing read from it` });
      continue;
    }
    own += await read(dir);
  }
  const bundled = usesBundledSeeds(plan.includeBundled, plan.named, own);
  if (bundled) await read(bundledSeeds());
  // One cache file per set of sources: the folders and globs read, and what was left out of them.
  const file = cacheDir && cacheFile(cacheDir, JSON.stringify({ roots, ignore: plan.ignoreGlobs }));
  let cache: IndexCache | undefined;
  let digest: string | undefined;
  if (file) {
    const read = readIndexCache(file);
    if (read.notice) err(`corroborate: ${read.notice}\n`);
    cache = read.cache;
    digest = read.digest;
  }
  // Large folders are indexed on all cores (worker threads); small ones on this thread. Unchanged files come from
  // the cache; a snapshot of exactly these files is adopted whole.
  const log = collectingLogger();
  const index = await buildIndexParallel(files, manifests, { log, cache });
  log.problems.push(...problems);
  if (file && !index.adopted && index.stats.sources) {
    const written = writeIndexCache(file, index.toCache());
    if (written.error) err(`corroborate: warning: ${written.error}\n`);
    digest = written.digest;
  }
  if (!index.stats.sources) {
    const why = log.problems.length ? ` (${log.problems.map((p) => p.message).join('; ')})` : '';
    const where = plan.entries.map((e) => e.entry).join(', ') || bundledSeeds();
    throw new UsageError(`no readable sources (.txt, .md, .html, .pdf, .docx) in ${where}${why}`);
  }
  // Results are reused for this program, this snapshot's content and these manifests only.
  const results = file && digest ? () => new ResultCache(file.replace(/\.bin$/, '.results.json'), JSON.stringify([programKey(), digest, index.manifestsHash]), index) : undefined;
  return { index, problems: log.problems, results };
}

/** Loads the project file and the sources; reports the project file's problems as warnings. */
async function setUp(o: Options, err: (s: string) => void): Promise<LoadedIndex> {
  const config = projectConfig(o);
  for (const p of config?.problems ?? []) err(`warning: ${p}\n`);
  o.severity = { ...o.severity, ...projectSeverities(config?.settings ?? {}), ...o.severityGiven };
  return loadIndex(sourcePlan(o, config), o.cacheDir, err);
}

const RANK: Record<SeveritySetting, number> = { error: 3, warning: 2, information: 1, hint: 0, off: -1 };

/** Runs the command line; resolves to the exit status. Never throws. */
export async function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): Promise<number> {
  let closeAtEnd: (() => Promise<void>) | undefined;
  let db: string | undefined;
  try {
    if (argv[0] === 'archive') return await (await loadArchive()).archiveMain(argv.slice(1), { out, err, interactive: !!process.stderr.isTTY && !process.env.CI });
    if (argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') {
      out(USAGE + '\n');
      return 0;
    }
    if (argv.includes('--version') || argv.includes('-v')) {
      out(JSON.parse(readFileSync(resolve(__dirname, '..', 'package.json'), 'utf8')).version + '\n');
      return 0;
    }
    const o = parseArgs(argv);
    db = o.db;
    if (o.db && o.command !== 'check') throw new UsageError('--db is an option of check');
    if (!o.command) {
      err(USAGE + '\n');
      return 2;
    }
    if (o.command === 'sources') {
      const { index, problems } = await setUp(o, err);
      for (const p of problems) err(`warning: ${p.message}\n`);
      if (o.format === 'json') out(JSON.stringify({ version: 1, sources: jsonSources(index) }, null, 2) + '\n');
      else for (const s of index.listSources(index.stats.sources)) out(`${s.key}\t${s.path}\t${s.title}${s.outlet ? ` (${s.outlet})` : ''}\n`);
      return 0;
    }
    if (o.command !== 'check') throw new UsageError(`unknown command "${o.command}"`);
    if (!o.files.length) throw new UsageError('check needs at least one FILE');
    const drafts = o.files.map((f) => {
      let text: string;
      try {
        if (statSync(f).isDirectory()) throw new UsageError(`${f} is a folder; give the draft files`);
        text = decodeText(readFileSync(f), f);
      } catch (e) {
        if (e instanceof UsageError) throw e;
        const code = (e as NodeJS.ErrnoException).code;
        throw new UsageError(code === 'ENOENT' ? `file not found: ${f}` : code ? `cannot read ${f} (${code})` : (e as Error).message);
      }
      return { file: f, text };
    });
    const t0 = performance.now();
    let archive: ArchiveIndex | undefined;
    let index: PassageIndex;
    let problems: SourceProblem[] = [];
    let results: ResultCache | undefined;
    if (o.db) {
      archive = await openArchive(o.db);
      closeAtEnd = () => archive!.close();
      const stale = (await loadArchive()).staleWarning(archive.stale, archive.stats.sources, (await loadArchive()).redactUrl(o.db));
      if (stale) err(`corroborate: warning: ${stale}\n`);
      if (o.sources.length) {
        const local = await setUp(o, err);
        problems = local.problems;
        index = new CombinedIndex([local.index, archive]);
      } else {
        // The archive alone: the project file still gives severities, not sources.
        const config = projectConfig(o);
        for (const p of config?.problems ?? []) err(`warning: ${p}\n`);
        o.severity = { ...o.severity, ...projectSeverities(config?.settings ?? {}), ...o.severityGiven };
        index = archive;
      }
    } else {
      const local = await setUp(o, err);
      index = local.index;
      problems = local.problems;
      results = local.results?.();
    }
    for (const p of problems) err(`warning: ${p.message}\n`);
    const corroborate = createCorroborate({ index }, results && ((c) => results.wrap(c)));
    const severityOf = (f: Finding): SeveritySetting => levelOf(f, o.severity[f.code]);
    const report: JsonReport = { version: 1, sources: await reportSources(index, archive), problems: problems.map((p) => ({ file: p.path, message: p.message })), files: [], summary: {} };
    for (const d of drafts) {
      const markdown = o.plain ? false : !/\.txt$/i.test(d.file);
      // An archive answers asynchronously: sentences go to it in batches, one round trip each.
      const doc = archive
        ? (await corroborate.checkSliced(d.text, { markdown }, { yieldNow: () => Promise.resolve(), isCancelled: () => false, sliceMs: Infinity, batch: 64 }))!
        : corroborate.check(d.text, { markdown });
      if (archive) await prepareReplacements(doc.sentences, { checker: corroborate.checker, markdown });
      report.files.push(jsonFile(d.file, doc, severityOf, { checker: corroborate.checker, markdown }));
    }
    const unsaved = results?.save();
    if (unsaved) err(`corroborate: warning: ${unsaved}\n`);
    const ms = performance.now() - t0;
    const summary: Record<string, number> = {};
    for (const f of report.files) for (const s of f.sentences) summary[s.status] = (summary[s.status] ?? 0) + 1;
    report.summary = summary;
    const findings = report.files.flatMap((f) => f.findings.map((x) => ({ ...x, file: f.file })));
    if (o.format === 'json') out(JSON.stringify(report, null, 2) + '\n');
    else if (o.format === 'sarif') out(JSON.stringify(toSarif(report), null, 2) + '\n');
    else {
      // "info", not "information": the word editors' problem matchers (VS Code's included) read.
      for (const f of findings) out(`${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity === 'information' ? 'info' : f.severity} ${f.code}: ${f.message}\n`);
      const n = report.files.reduce((a, f) => a + f.sentences.length, 0);
      const parts = SUMMARY_ORDER.filter((k) => summary[k]).map((k) => `${summary[k]} ${k}`);
      const bySev = ['error', 'warning', 'information', 'hint'].map((s) => [s, findings.filter((f) => f.severity === s).length] as const).filter(([, c]) => c);
      out(`${n} sentence${n === 1 ? '' : 's'} in ${drafts.length} file${drafts.length === 1 ? '' : 's'} against ${index.stats.sources} sources: ${parts.join(', ') || 'nothing to check'}; ${findings.length} finding${findings.length === 1 ? '' : 's'}${bySev.length ? ` (${bySev.map(([s, c]) => `${c} ${s}`).join(', ')})` : ''} in ${Math.round(ms)} ms\n`);
    }
    if (o.failOn === 'never') return 0;
    const bar = RANK[o.failOn];
    return findings.some((f) => RANK[f.severity as SeveritySetting] >= bar) ? 1 : 0;
  } catch (e) {
    if (e instanceof UsageError) {
      err(`corroborate: ${e.message}\n`);
      if (/needs|unknown|must|takes/.test(e.message)) err(`Run "corroborate --help" for usage.\n`);
      return 2;
    }
    const a = archiveModules;
    if (a && (e instanceof a.ArchiveUnavailableError || e instanceof a.SchemaError)) {
      err(`corroborate: ${e.message}\n`);
      return 2;
    }
    const code = (e as { code?: string }).code;
    if (a && db && ((code && /^(E[A-Z]+|57P0\d|08\d{3})$/.test(code)) || (e as Error).message === 'Connection terminated unexpectedly')) {
      err(`corroborate: lost the archive at ${a.redactUrl(db)}: ${a.describeConnectionError(e)}\n`);
      return 2;
    }
    err(`corroborate: internal error: ${(e as Error).message}\n`);
    return 2;
  } finally {
    await closeAtEnd?.().catch(() => undefined);
  }
}

/** Opens the archive at `url` for checking; one clear line (ArchiveUnavailableError, SchemaError) when it cannot. */
async function openArchive(url: string): Promise<ArchiveIndex> {
  const { ArchiveIndex, connectPool } = await loadArchive();
  const pool = await connectPool(url);
  try {
    return await ArchiveIndex.open(pool, () => pool.end());
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw e;
  }
}

/** The report's `sources`: the local ones and the archive's articles (with the archive's passage counts). */
async function reportSources(index: PassageIndex, archive: ArchiveIndex | undefined): Promise<JsonReport['sources']> {
  if (!archive) return jsonSources(index as MemoryIndex);
  return (await index.listSources(index.stats.sources)).map((s: Source) => ({ key: s.key, file: s.path, title: s.title, outlet: s.outlet, author: s.author, url: s.url, date: s.date, passages: archive.passageCountOf(s) ?? s.passages.length }));
}
