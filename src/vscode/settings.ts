import * as vscode from 'vscode';
import type { z } from 'zod';
import { redactUrl } from '../archive/postgres/connect';
import type { FindingCode, SeveritySetting } from '../core';
import { isManifestText, parseProjectConfig, PROJECT_FILE, type ProjectConfig, type ProjectSettings } from '../node/projectConfig';
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
      // A URL's password is never repeated in a message.
      const shown = key === 'archive.url' && typeof raw[key] === 'string' ? redactUrl(raw[key]) : raw[key];
      report(`Setting "corroborate.${key}" has an invalid value (${JSON.stringify(shown)}): ${r.error.issues[0]?.message ?? 'invalid'}. Using the default, ${JSON.stringify(out[key])}.`);
    }
  }
  return out as Settings;
}

/** The settings with a project file's values over them: where both set a value, the project file wins. */
export function withProjectFile(settings: Settings, project: ProjectSettings | undefined): Settings {
  if (!project) return settings;
  const out: Record<string, unknown> = { ...settings };
  for (const [k, v] of Object.entries(project)) if (v !== undefined && k in settingsSchema.shape) out[k] = v;
  return out as Settings;
}

/** Where a setting's value comes from, for messages: "corroborate.json", "workspace settings", … or undefined for the default. */
export function settingOrigin(key: keyof Settings, folder?: vscode.WorkspaceFolder, project?: ProjectConfig): string | undefined {
  if (project && project.settings[key as keyof ProjectSettings] !== undefined) return vscode.workspace.asRelativePath(vscode.Uri.file(project.path), (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
  const i = vscode.workspace.getConfiguration('corroborate', folder).inspect(key);
  // In a single-folder workspace the folder's settings are the workspace's.
  if (i?.workspaceFolderValue !== undefined && (vscode.workspace.workspaceFolders?.length ?? 0) > 1) return `the setting "corroborate.${key}" (folder settings)`;
  if (i?.workspaceValue !== undefined || i?.workspaceFolderValue !== undefined) return `the setting "corroborate.${key}" (workspace settings)`;
  if (i?.globalValue !== undefined) return `the setting "corroborate.${key}" (user settings)`;
  return undefined;
}

/**
 * The project files (`corroborate.json` at the root of each workspace folder): read at start and whenever one is
 * created, changed or deleted. A file whose fields are partly wrong is reported once, in one message naming the
 * fields, and its other fields apply. A `corroborate.json` that is a sources folder's manifest is not a project file.
 */
export class ProjectFiles implements vscode.Disposable {
  private readonly configs = new Map<string, ProjectConfig>();
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly reported = new Set<string>();
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly report: (message: string) => void,
  ) {
    const w = vscode.workspace.createFileSystemWatcher(`**/${PROJECT_FILE}`);
    const changed = (uri: vscode.Uri) => {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (folder && vscode.Uri.joinPath(folder.uri, PROJECT_FILE).toString() === uri.toString()) void this.load().then(() => this.emitter.fire());
    };
    this.disposables.push(w, w.onDidCreate(changed), w.onDidChange(changed), w.onDidDelete(changed), this.emitter, vscode.workspace.onDidChangeWorkspaceFolders(() => void this.load().then(() => this.emitter.fire())));
  }

  /** Problems of the project files as last read: one sentence per invalid field. */
  get problems(): string[] {
    return [...this.configs.values()].flatMap((c) => c.problems);
  }

  /** The project file of a workspace folder, if it has one. */
  of(folder: vscode.WorkspaceFolder): ProjectConfig | undefined {
    return this.configs.get(folder.uri.toString());
  }

  /** The project file whose severities, citation format and bundled-seeds choice apply: the first folder's. */
  first(): ProjectConfig | undefined {
    for (const f of vscode.workspace.workspaceFolders ?? []) {
      const c = this.of(f);
      if (c) return c;
    }
    return undefined;
  }

  async load(): Promise<void> {
    this.configs.clear();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const uri = vscode.Uri.joinPath(folder.uri, PROJECT_FILE);
      let text: string;
      try {
        text = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        continue; // no project file: the VS Code settings apply
      }
      if (isManifestText(text)) continue;
      const label = vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
      const config = parseProjectConfig(text, uri.fsPath, label);
      this.configs.set(folder.uri.toString(), config);
      this.log.info(`Project file ${label}: ${Object.keys(config.settings).length ? `sets ${Object.keys(config.settings).join(', ')}` : 'sets nothing'}${config.problems.length ? `; ${config.problems.length} problem${config.problems.length === 1 ? '' : 's'}` : ''}.`);
      const key = config.problems.join('\n');
      if (config.problems.length && !this.reported.has(key)) {
        this.reported.add(key);
        for (const p of config.problems.slice(1)) this.log.warn(p);
        this.report(`${config.problems[0]}${config.problems.length > 1 ? ` (and ${config.problems.length - 1} more in the Output)` : ''}. The rest of the file applies.`);
      }
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
