import * as vscode from 'vscode';
import { collectingLogger, decodeCache, decodeText, encodeCache, indexSources, isSourcePath, MANIFEST_FILE, type ManifestText, type MemoryIndex, type Source, type SourceFile, type SourceProblem } from '../core';
import { MAX_SOURCE_BYTES, nativeHash } from '../node/loadSources';
import type { Settings } from './settings';

/** A folder of sources: the bundled seeds, or a folder or glob from `corroborate.sources.folders`. */
interface Root {
  uri: vscode.Uri;
  /** For globs: the pattern under `uri`. */
  glob?: string;
  label: string;
}

/**
 * Reads the sources (bundled seeds and the workspace's source folders) into a Corpus, off the critical path, and
 * keeps it current: a file added, changed or deleted is re-read on its own and the corpus rebuilt.
 * Files that cannot be read are skipped with one line in the output channel.
 */
export class SourceStore implements vscode.Disposable {
  private corpus: MemoryIndex | undefined;
  /** Problems of the build that made `corpus`. */
  private buildProblems: readonly SourceProblem[] = [];
  private readonly files = new Map<string, SourceFile>(); // by URI
  private readonly manifests = new Map<string, ManifestText>();
  private readProblems: SourceProblem[] = [];
  private roots: Root[] = [];
  private watchers: vscode.Disposable[] = [];
  private readonly emitter = new vscode.EventEmitter<MemoryIndex>();
  private reloading: Promise<MemoryIndex> | undefined;
  private pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  /** Fires after each (re)build of the corpus. */
  readonly onDidChange = this.emitter.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    /** Where the index cache is kept (the extension's workspace storage); none: no cache. */
    private readonly storageUri: vscode.Uri | undefined,
    private readonly settings: () => Settings,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  private get cacheUri(): vscode.Uri | undefined {
    return this.storageUri && vscode.Uri.joinPath(this.storageUri, 'index-v1.bin');
  }

  /** True while sources are being (re)indexed. */
  get indexing(): boolean {
    return this.reloading !== undefined || this.building;
  }
  private building = false;

  /** The current index, or undefined before the first build starts publishing. */
  get current(): MemoryIndex | undefined {
    return this.corpus;
  }

  /** Problems of the last build: unreadable files, bad manifests. */
  get problems(): SourceProblem[] {
    return [...this.readProblems, ...this.buildProblems];
  }

  /** Resolves to the corpus once one is built. */
  async ready(): Promise<MemoryIndex> {
    return this.corpus ?? this.reloading ?? this.reload();
  }

  /** The URI of a source's file. */
  uriOf(source: Source): vscode.Uri {
    return vscode.Uri.joinPath(vscode.Uri.parse(source.root ?? this.extensionUri.toString()), ...source.path.split('/'));
  }

  /** True when `uri` lies in a source folder (such documents are sources, not drafts). */
  isSourceUri(uri: vscode.Uri): boolean {
    const s = uri.toString();
    return this.roots.some((r) => !r.glob && s.startsWith(r.uri.toString().replace(/\/?$/, '/')));
  }

  /** Re-reads everything: after a settings change, a trust change, or the Refresh command. */
  reload(): Promise<MemoryIndex> {
    const gen = ++this.generation;
    const run = (async () => {
      this.roots = await this.resolveRoots();
      this.files.clear();
      this.manifests.clear();
      this.readProblems = [];
      for (const root of this.roots) await this.readRoot(root);
      this.watch();
      return this.rebuild(gen);
    })();
    this.reloading = run;
    run.finally(() => {
      if (this.reloading === run) this.reloading = undefined;
    });
    return run;
  }

  private async resolveRoots(): Promise<Root[]> {
    const s = this.settings();
    const roots: Root[] = [];
    if (s['sources.includeBundled']) roots.push({ uri: vscode.Uri.joinPath(this.extensionUri, 'seeds'), label: 'bundled seeds' });
    if (!vscode.workspace.isTrusted) {
      if (s['sources.folders'].length) this.log.info('Restricted Mode: only the bundled sources are read; trust the workspace to index its source folders.');
      return roots;
    }
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      for (const entry of s['sources.folders']) {
        if (/[*?{[]/.test(entry)) roots.push({ uri: folder.uri, glob: entry, label: `${folder.name}/${entry}` });
        else {
          const uri = /^([a-z]:)?[\\/]/i.test(entry) ? vscode.Uri.file(entry) : vscode.Uri.joinPath(folder.uri, entry);
          try {
            const st = await vscode.workspace.fs.stat(uri);
            if (st.type & vscode.FileType.Directory) roots.push({ uri, label: vscode.workspace.asRelativePath(uri, true) });
            else this.log.warn(`Sources folder ${entry} is not a folder; ignored.`);
          } catch {
            // A missing folder is normal (the default "sources" one, say): nothing to index there.
          }
        }
      }
    }
    return roots;
  }

  private async readRoot(root: Root): Promise<void> {
    if (root.glob) {
      const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(root.uri, root.glob), '**/node_modules/**', 100_000);
      for (const uri of uris) if (isSourcePath(uri.path)) await this.readFile(root, uri);
      return;
    }
    const seen = new Set<string>();
    const walk = async (dir: vscode.Uri, depth: number): Promise<void> => {
      if (depth > 32 || seen.has(dir.toString())) return;
      seen.add(dir.toString());
      let entries: [string, vscode.FileType][];
      try {
        entries = await vscode.workspace.fs.readDirectory(dir);
      } catch (e) {
        this.problem(root, dir, `cannot list folder (${(e as Error).message})`);
        return;
      }
      for (const [name, type] of entries.sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
        if (name.startsWith('.') || name === 'node_modules') continue;
        const uri = vscode.Uri.joinPath(dir, name);
        // Symbolic links to folders are followed once (the `seen` set stops loops).
        if (type & vscode.FileType.Directory) await walk(uri, depth + 1);
        else if (depth === 0 && name === MANIFEST_FILE) await this.readManifest(root, uri);
        else if (type & vscode.FileType.File && isSourcePath(name)) await this.readFile(root, uri);
      }
    };
    await walk(root.uri, 0);
  }

  private relPath(root: Root, uri: vscode.Uri): string {
    const base = root.uri.path.replace(/\/?$/, '/');
    return uri.path.startsWith(base) ? uri.path.slice(base.length) : uri.path;
  }

  private problem(root: Root, uri: vscode.Uri, message: string): void {
    const path = this.relPath(root, uri);
    this.readProblems.push({ path, message: `${root.label}/${path}: ${message}` });
  }

  private async readManifest(root: Root, uri: vscode.Uri): Promise<void> {
    try {
      this.manifests.set(uri.toString(), { text: decodeText(await vscode.workspace.fs.readFile(uri), MANIFEST_FILE), label: `${root.label}/${MANIFEST_FILE}` });
    } catch (e) {
      this.problem(root, uri, (e as Error).message);
    }
  }

  private async readFile(root: Root, uri: vscode.Uri): Promise<void> {
    const path = this.relPath(root, uri);
    try {
      const st = await vscode.workspace.fs.stat(uri);
      if (st.size > MAX_SOURCE_BYTES) {
        this.problem(root, uri, `${(st.size / 1048576).toFixed(1)} MB is larger than the ${MAX_SOURCE_BYTES / 1048576} MB limit for one source; skipped`);
        return;
      }
      const text = decodeText(await vscode.workspace.fs.readFile(uri), path);
      this.files.set(uri.toString(), { path, text, root: root.uri.toString() });
    } catch (e) {
      const msg = (e as Error).message;
      this.readProblems.push({ path, message: msg.startsWith(path) ? `${root.label}/${msg}` : `${root.label}/${path}: cannot read (${msg}); skipped` });
    }
  }

  /**
   * Builds the corpus from the files read so far, in slices that yield to the extension host (typing, hovers and
   * completion never wait for it), with the count of sources in the status bar. Until the first corpus is complete
   * the partial one is published, so features work on what is indexed. Unchanged files come from the on-disk
   * index cache; a newer rebuild (a later file change) abandons this one.
   */
  private async rebuild(gen: number): Promise<MemoryIndex> {
    const t0 = Date.now();
    const files = [...this.files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.root! < b.root! ? -1 : 1));
    const cache = await this.readCache();
    const log = collectingLogger();
    // The core's build loop; nothing changed since the snapshot: it adopts it whole without a pause (a large
    // index is ready in about a second).
    const build = indexSources({ files, manifests: [...this.manifests.values()], cache, hash: nativeHash, log });
    let step = build.next();
    if (step.done) {
      const whole = step.value;
      if (gen !== this.generation) return this.corpus ?? whole;
      return this.publish(whole, log.problems, `Loaded ${whole.stats.sources} sources (${whole.stats.passages} passages) from the index cache in ${Date.now() - t0} ms.`);
    }
    const corpus = step.value.index;
    const partial = !this.corpus;
    if (partial) this.corpus = corpus;
    this.building = true;
    let abandoned = false;
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Corroborate' }, async (progress) => {
      let slice = Date.now();
      let lastPublish = Date.now();
      while (!step.done) {
        step = build.next();
        if (!step.done && Date.now() - slice > 15) {
          progress.report({ message: `indexing sources ${step.value.done} / ${step.value.total}` });
          if (partial && Date.now() - lastPublish > 2000) {
            lastPublish = Date.now();
            this.emitter.fire(corpus);
          }
          await new Promise<void>((r) => setImmediate(r));
          if (gen !== this.generation) {
            abandoned = true;
            return;
          }
          slice = Date.now();
        }
      }
    });
    this.building = false;
    if (abandoned || gen !== this.generation) return this.corpus ?? corpus;
    if (corpus.reused < corpus.stats.sources) void this.writeCache(corpus);
    return this.publish(corpus, log.problems, `Indexed ${corpus.stats.sources} sources (${corpus.stats.passages} passages; ${corpus.reused} from the cache) in ${Date.now() - t0} ms.`);
  }

  /** Makes a complete index the current one: one line in the output, one per skipped file, one change event. */
  private publish(corpus: MemoryIndex, problems: readonly SourceProblem[], summary: string): MemoryIndex {
    this.corpus = corpus;
    this.buildProblems = problems;
    this.log.info(summary);
    for (const p of this.problems) this.log.warn(`Skipped: ${p.message}`);
    this.emitter.fire(corpus);
    return corpus;
  }

  private async readCache() {
    const uri = this.cacheUri;
    if (!uri) return undefined;
    try {
      return decodeCache(await vscode.workspace.fs.readFile(uri));
    } catch {
      return undefined; // no cache yet
    }
  }

  private async writeCache(corpus: MemoryIndex): Promise<void> {
    const uri = this.cacheUri;
    if (!uri || !this.storageUri) return;
    try {
      await vscode.workspace.fs.createDirectory(this.storageUri);
      const tmp = uri.with({ path: `${uri.path}.${process.pid}.tmp` });
      await vscode.workspace.fs.writeFile(tmp, encodeCache(corpus.toCache()));
      await vscode.workspace.fs.rename(tmp, uri, { overwrite: true });
    } catch (e) {
      this.log.warn(`Could not write the index cache: ${(e as Error).message}`);
    }
  }

  private watch(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    for (const root of this.roots) {
      if (root.uri.scheme !== 'file' || root.uri.toString().startsWith(this.extensionUri.toString())) continue;
      const pattern = new vscode.RelativePattern(root.uri, root.glob ?? '**/*');
      const w = vscode.workspace.createFileSystemWatcher(pattern);
      const changed = (uri: vscode.Uri) => {
        if (!isSourcePath(uri.path) && !uri.path.endsWith('/' + MANIFEST_FILE)) return;
        this.pending.add(uri.toString());
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.applyPending(), 200);
      };
      w.onDidCreate(changed);
      w.onDidChange(changed);
      w.onDidDelete(changed);
      this.watchers.push(w);
    }
  }

  /** Re-reads only the files that changed, then rebuilds the corpus. */
  private async applyPending(): Promise<void> {
    const uris = [...this.pending];
    this.pending.clear();
    const gen = ++this.generation;
    for (const s of uris) {
      const uri = vscode.Uri.parse(s);
      const root = this.roots.find((r) => s.startsWith(r.uri.toString()));
      if (!root) continue;
      this.files.delete(s);
      this.manifests.delete(s);
      this.readProblems = this.readProblems.filter((p) => p.path !== this.relPath(root, uri));
      let exists = true;
      try {
        await vscode.workspace.fs.stat(uri);
      } catch {
        exists = false;
      }
      if (!exists) continue;
      if (uri.path.endsWith('/' + MANIFEST_FILE)) await this.readManifest(root, uri);
      else await this.readFile(root, uri);
    }
    this.log.info(`Re-indexing after ${uris.length} source file change${uris.length === 1 ? '' : 's'}.`);
    await this.rebuild(gen);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watchers) w.dispose();
    this.emitter.dispose();
  }
}
