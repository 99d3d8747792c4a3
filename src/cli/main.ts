import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import {
  DEFAULT_SEVERITY,
  FINDING_CODES,
  jsonFile,
  jsonSources,
  MANIFEST_FILE,
  type Finding,
  type FindingCode,
  type JsonReport,
  type SeveritySetting,
  type SourceFile,
  type ManifestText,
  type MemoryIndex,
  type SourceProblem,
  collectingLogger,
  createCorroborate,
} from '../core';
import { decodeText, loadSourceFolder } from '../node/loadSources';
import { buildIndexParallel } from '../node/parallelIndex';

const USAGE = `Usage:
  corroborate check FILE... [--sources DIR]... [--format text|json|sarif] [--fail-on error|warning|never]
                            [--severity CODE=LEVEL]... [--plain]
  corroborate sources [--sources DIR]... [--format text|json]
  corroborate --help | --version

Checks each sentence of the draft FILEs against the source articles in DIR (default: the bundled seeds).
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
  plain: boolean;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { command: '', files: [], sources: [], format: 'text', failOn: 'error', severity: { ...DEFAULT_SEVERITY }, plain: false };
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
      o.severity[m[1] as FindingCode] = m[2] as SeveritySetting;
    } else if (a === '--plain') o.plain = true;
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
    else if (!o.command) o.command = a;
    else o.files.push(a);
  }
  return o;
}

/** The bundled seeds: `seeds/` beside `dist/` in the package. */
export function bundledSeeds(): string {
  return resolve(__dirname, '..', 'seeds');
}

async function loadIndex(dirs: string[]): Promise<{ index: MemoryIndex; problems: SourceProblem[] }> {
  const files: SourceFile[] = [];
  const manifests: ManifestText[] = [];
  const problems: { path: string; message: string }[] = [];
  for (const dir of dirs.length ? dirs : [bundledSeeds()]) {
    if (!existsSync(dir)) throw new UsageError(`sources folder not found: ${dir}`);
    let loaded;
    try {
      loaded = loadSourceFolder(dir);
    } catch (e) {
      throw new UsageError(`cannot read sources folder ${dir}: ${(e as Error).message}`);
    }
    files.push(...loaded.files);
    if (loaded.manifestText !== undefined) manifests.push({ text: loaded.manifestText, label: join(dir, MANIFEST_FILE) });
    problems.push(...loaded.problems);
  }
  // Large folders are indexed on all cores (worker threads); small ones on this thread.
  const log = collectingLogger();
  const index = await buildIndexParallel(files, manifests, { log });
  log.problems.push(...problems);
  if (!index.stats.sources) {
    const why = log.problems.length ? ` (${log.problems.map((p) => p.message).join('; ')})` : '';
    throw new UsageError(`no readable sources (.txt, .md, .html) in ${dirs.join(', ') || bundledSeeds()}${why}`);
  }
  return { index, problems: log.problems };
}

const RANK: Record<SeveritySetting, number> = { error: 3, warning: 2, information: 1, hint: 0, off: -1 };

/** Runs the command line; resolves to the exit status. Never throws. */
export async function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): Promise<number> {
  try {
    if (argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') {
      out(USAGE + '\n');
      return 0;
    }
    if (argv.includes('--version') || argv.includes('-v')) {
      out(JSON.parse(readFileSync(resolve(__dirname, '..', 'package.json'), 'utf8')).version + '\n');
      return 0;
    }
    const o = parseArgs(argv);
    if (!o.command) {
      err(USAGE + '\n');
      return 2;
    }
    if (o.command === 'sources') {
      const { index, problems } = await loadIndex(o.sources);
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
    const { index, problems } = await loadIndex(o.sources);
    for (const p of problems) err(`warning: ${p.message}\n`);
    const corroborate = createCorroborate({ index });
    const severityOf = (f: Finding): SeveritySetting => (f.code === 'single-source' && f.attributed && o.severity[f.code] !== 'off' ? 'hint' : o.severity[f.code]);
    const report: JsonReport = { version: 1, sources: jsonSources(index), problems: problems.map((p) => ({ file: p.path, message: p.message })), files: [], summary: {} };
    for (const d of drafts) {
      const markdown = o.plain ? false : !/\.txt$/i.test(d.file);
      const doc = corroborate.check(d.text, { markdown });
      report.files.push(jsonFile(d.file, doc, severityOf));
    }
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
      const parts = ['corroborated', 'single-source', 'contradicted', 'disputed', 'unsupported', 'none'].filter((k) => summary[k]).map((k) => `${summary[k]} ${k}`);
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
    err(`corroborate: internal error: ${(e as Error).message}\n`);
    return 2;
  }
}

function toSarif(report: JsonReport): unknown {
  const level = (s: string) => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note');
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: { driver: { name: 'corroborate', informationUri: 'https://github.com/corroborate/corroborate', rules: FINDING_CODES.map((id) => ({ id })) } },
        results: report.files.flatMap((f) =>
          f.findings.map((x) => ({
            ruleId: x.code,
            level: level(x.severity),
            message: { text: x.message },
            locations: [{ physicalLocation: { artifactLocation: { uri: relative(process.cwd(), resolve(f.file)).split('\\').join('/') }, region: { startLine: x.range.start.line + 1, startColumn: x.range.start.character + 1, endLine: x.range.end.line + 1, endColumn: x.range.end.character + 1 } } }],
          })),
        ),
      },
    ],
  };
}
