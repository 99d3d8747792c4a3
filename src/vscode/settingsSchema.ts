import { z } from 'zod';
import { FINDING_CODES, type FindingCode } from '../core';

/** Setting names of each finding code's severity: `corroborate.severity.<camelCase code>`. */
export const SEVERITY_KEYS: Record<FindingCode, string> = Object.fromEntries(
  FINDING_CODES.map((c) => [c, c.replace(/-([a-z])/g, (_, x: string) => x.toUpperCase())]),
) as Record<FindingCode, string>;

const severity = z.enum(['error', 'warning', 'information', 'hint', 'off']);

/**
 * The single source of truth for settings: names, types and defaults. package.json's `contributes.configuration`
 * is checked against it by a unit test.
 */
export const settingsSchema = z.object({
  'sources.folders': z.array(z.string().min(1)).default(['sources']),
  'sources.ignore': z.array(z.string().min(1)).default([]),
  /** `auto`: the bundled seeds only when the workspace names no sources of its own. */
  'sources.includeBundled': z.union([z.literal('auto'), z.boolean()]).default('auto'),
  languages: z.array(z.string().min(1)).default(['markdown', 'plaintext']),
  'check.delay': z.number().int().min(0).max(10_000).default(300),
  'citation.format': z.enum(['pandoc', 'latex', 'footnote']).default('pandoc'),
  'severity.contradicted': severity.default('error'),
  'severity.disputed': severity.default('warning'),
  'severity.citationUnsupported': severity.default('warning'),
  'severity.unknownCitation': severity.default('error'),
  'severity.singleSource': severity.default('information'),
  'severity.unsupported': severity.default('information'),
  /** A postgres:// URL of a newsroom archive (empty: none). The password is never part of it. */
  'archive.url': z
    .string()
    .trim()
    .refine((u) => u === '' || /^postgres(ql)?:\/\/[^\s]+$/i.test(u), 'it must be a postgres:// URL, or empty')
    .refine((u) => !hasPassword(u), 'it holds a password, and settings are not secret: remove it and run "Corroborate: Set Archive Password" (or use PGPASSWORD or ~/.pgpass)')
    .default(''),
});

/** True when a URL names a password (`postgres://user:secret@host`). */
export function hasPassword(url: string): boolean {
  try {
    return new URL(url).password !== '';
  } catch {
    return /\/\/[^/@:]*:[^@/]+@/.test(url);
  }
}

export type Settings = z.infer<typeof settingsSchema>;

