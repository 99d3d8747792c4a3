import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { decodeText, FINDING_CODES, type FindingCode, type SeveritySetting } from '../core';

/** The project file, at the root of a workspace (or any folder above a draft, for the CLI). */
export const PROJECT_FILE = 'corroborate.json';

const level = z.enum(['error', 'warning', 'information', 'hint', 'off']);
const camel = (code: string) => code.replace(/-([a-z])/g, (_, x: string) => x.toUpperCase());

/** Each field of the project file and its type; `schemas/corroborate.schema.json` describes the same (a test checks). */
export const projectFields = {
  $schema: z.string(),
  sources: z.array(z.string().min(1, 'a folder or glob cannot be empty')),
  ignore: z.array(z.string().min(1, 'a glob cannot be empty')),
  includeBundled: z.boolean(),
  severity: z.record(z.string(), level),
  citationFormat: z.enum(['pandoc', 'latex', 'footnote']),
} as const;

/** What a project file sets, by the name of the VS Code setting it overrides (`sources.folders`, `severity.singleSource`…). */
export type ProjectSettings = Partial<{
  'sources.folders': string[];
  'sources.ignore': string[];
  'sources.includeBundled': boolean;
  'citation.format': 'pandoc' | 'latex' | 'footnote';
}> &
  Partial<Record<`severity.${string}`, SeveritySetting>>;

export interface ProjectConfig {
  /** Absolute path of the file. */
  path: string;
  /** Folder the file is in: `sources` and `ignore` are relative to it. */
  dir: string;
  settings: ProjectSettings;
  /** One sentence per invalid field, naming the file and the field; those fields are ignored, the rest applies. */
  problems: string[];
}

/** True when a `corroborate.json` is a sources folder's manifest (`{"sources": [{"file": …}]}`), not a project file. */
export function isManifestText(text: string): boolean {
  try {
    const j = JSON.parse(text.replace(/^\uFEFF/, ''));
    return Array.isArray(j?.sources) && j.sources.length > 0 && j.sources.every((s: unknown) => typeof s === 'object' && s !== null && !Array.isArray(s));
  } catch {
    return false;
  }
}

/**
 * True when a `corroborate.json` is a project file: a JSON object whose `sources`, if any, are folders or globs
 * (strings). A file that is neither this nor a manifest is read as a manifest, which reports what is wrong with it.
 */
export function isProjectConfigText(text: string): boolean {
  try {
    const j = JSON.parse(text.replace(/^\uFEFF/, ''));
    if (typeof j !== 'object' || j === null || Array.isArray(j)) return false;
    if (Array.isArray(j.sources)) return j.sources.every((s: unknown) => typeof s === 'string');
    return Object.keys(j).some((k) => k in projectFields && k !== 'sources');
  } catch {
    return false;
  }
}

/** The closest known name to a misspelt one, when it is close enough to suggest. */
function suggest(name: string, known: readonly string[]): string | undefined {
  const d = (a: string, b: string) => {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      let prev = row[0]++;
      for (let j = 1; j <= b.length; j++) {
        const cur = row[j];
        row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
        prev = cur;
      }
    }
    return row[b.length];
  };
  const best = known.map((k) => [k, d(name, k)] as const).sort((x, y) => x[1] - y[1])[0];
  return best && best[1] <= Math.max(2, Math.floor(name.length / 3)) ? best[0] : undefined;
}

/**
 * Reads a project file's text field by field: a field with a wrong value is reported (naming the file and the
 * field) and ignored, and the other fields still apply. Text that is not a JSON object applies nothing.
 */
export function parseProjectConfig(text: string, path: string, label = path): ProjectConfig {
  const out: ProjectConfig = { path, dir: dirname(path), settings: {}, problems: [] };
  const name = label;
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    out.problems.push(`${name}: not valid JSON (${(e as Error).message}); none of it applies`);
    return out;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    out.problems.push(`${name}: must be a JSON object such as { "sources": ["refs"] }; none of it applies`);
    return out;
  }
  const known = Object.keys(projectFields);
  const s = out.settings as Record<string, unknown>;
  for (const [key, value] of Object.entries(json)) {
    if (!(key in projectFields)) {
      const hint = suggest(key, known);
      out.problems.push(`${name}: unknown field "${key}"${hint ? ` (did you mean "${hint}"?)` : ''}; ignored`);
      continue;
    }
    if (key === 'sources' || key === 'ignore') {
      if (!Array.isArray(value)) {
        out.problems.push(`${name}: field "${key}" must be a list of folders or globs, such as ["refs"]; ignored`);
        continue;
      }
      const good: string[] = [];
      value.forEach((v, i) => {
        if (typeof v === 'string' && v.trim()) good.push(v.trim());
        else out.problems.push(`${name}: field "${key}.${i}" must be a folder or glob (a non-empty string), not ${JSON.stringify(v)}; ignored`);
      });
      s[key === 'sources' ? 'sources.folders' : 'sources.ignore'] = good;
      continue;
    }
    if (key === 'severity') {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        out.problems.push(`${name}: field "severity" must be an object such as { "singleSource": "hint" }; ignored`);
        continue;
      }
      const codes = FINDING_CODES.map(camel);
      for (const [k, v] of Object.entries(value)) {
        const c = camel(k);
        if (!codes.includes(c)) {
          const hint = suggest(c, codes);
          out.problems.push(`${name}: field "severity.${k}" is not a finding code (${hint ? `did you mean "${hint}"? ` : ''}codes: ${codes.join(', ')}); ignored`);
          continue;
        }
        const r = level.safeParse(v);
        if (r.success) s[`severity.${c}`] = r.data;
        else out.problems.push(`${name}: field "severity.${k}" must be one of error, warning, information, hint, off, not ${JSON.stringify(v)}; ignored`);
      }
      continue;
    }
    const r = (projectFields[key as keyof typeof projectFields] as z.ZodTypeAny).safeParse(value);
    if (!r.success) {
      out.problems.push(`${name}: field "${key}" ${key === 'includeBundled' ? 'must be true or false' : key === 'citationFormat' ? 'must be "pandoc", "latex" or "footnote"' : 'has a wrong value'}, not ${JSON.stringify(value)}; ignored`);
      continue;
    }
    if (key === 'includeBundled') s['sources.includeBundled'] = r.data;
    else if (key === 'citationFormat') s['citation.format'] = r.data;
  }
  return out;
}

/** Reads and parses a project file (the CLI's `--config`); throws an Error naming it when it cannot be read. */
export function readProjectConfig(path: string): ProjectConfig {
  const abs = resolve(path);
  let text: string;
  try {
    text = decodeText(readFileSync(abs), abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `config file not found: ${path}` : code ? `cannot read config file ${path} (${code})` : (e as Error).message);
  }
  return parseProjectConfig(text, abs, path);
}

/**
 * The project file that applies to a draft: the first `corroborate.json` in its folder or a folder above it (as
 * ESLint and Vale find theirs) that is a project file, not a sources folder's manifest.
 */
export function findProjectConfig(from: string): ProjectConfig | undefined {
  let dir = resolve(from);
  try {
    if (!statSync(dir).isDirectory()) dir = dirname(dir);
  } catch {
    dir = dirname(dir);
  }
  for (;;) {
    const candidate = join(dir, PROJECT_FILE);
    if (existsSync(candidate)) {
      try {
        const text = decodeText(readFileSync(candidate), candidate);
        if (!isManifestText(text)) return parseProjectConfig(text, candidate, relative(process.cwd(), candidate) || candidate);
      } catch {
        // Unreadable: keep walking up.
      }
    }
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** `includeBundled` as both adapters read it: `auto` (the default) means "only when the workspace has no sources of its own". */
export type IncludeBundled = boolean | 'auto';

/**
 * Whether the bundled seeds are used. `auto`: only when no sources are named (no `sources` in the project file,
 * no `--sources`, no `corroborate.sources.folders` set) and none of the default folder's files were found.
 */
export function usesBundledSeeds(includeBundled: IncludeBundled, named: boolean, ownFiles: number): boolean {
  return includeBundled === true || (includeBundled === 'auto' && !named && ownFiles === 0);
}

/** Severity overrides of a project file, by finding code (for the CLI). */
export function projectSeverities(settings: ProjectSettings): Partial<Record<FindingCode, SeveritySetting>> {
  const out: Partial<Record<FindingCode, SeveritySetting>> = {};
  for (const code of FINDING_CODES) {
    const v = settings[`severity.${camel(code)}`];
    if (v) out[code] = v;
  }
  return out;
}
