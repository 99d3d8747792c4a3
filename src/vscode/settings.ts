import * as vscode from 'vscode';
import type { z } from 'zod';
import type { FindingCode, SeveritySetting } from '../core';
import { SEVERITY_KEYS, settingsSchema, type Settings } from './settingsSchema';

export { settingsSchema, type Settings };

/** Severity of a code under these settings. */
export function severityOf(s: Settings, code: FindingCode): SeveritySetting {
  return s[`severity.${SEVERITY_KEYS[code]}` as keyof Settings] as SeveritySetting;
}

/**
 * Reads and validates the settings. An invalid value falls back to its default, and `report` is called once per
 * distinct problem with a sentence naming the setting.
 */
export function readSettings(report: (message: string) => void, scope?: vscode.ConfigurationScope): Settings {
  const cfg = vscode.workspace.getConfiguration('corroborate', scope);
  const raw: Record<string, unknown> = {};
  const shape = settingsSchema.shape;
  for (const key of Object.keys(shape)) {
    const v = cfg.get(key);
    if (v !== undefined) raw[key] = v;
  }
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(shape)) {
    const r = (field as z.ZodTypeAny).safeParse(raw[key]);
    if (r.success) out[key] = r.data;
    else {
      out[key] = (field as z.ZodTypeAny).parse(undefined);
      report(`Setting "corroborate.${key}" has an invalid value (${JSON.stringify(raw[key])}): ${r.error.issues[0]?.message ?? 'invalid'}. Using the default, ${JSON.stringify(out[key])}.`);
    }
  }
  return out as Settings;
}
