import * as vscode from 'vscode';
import { collectingLogger, decodeCache, decodeText, encodeCache, isSkippedEntry, isSourcePath, MANIFEST_FILE, MAX_FOLDER_DEPTH, MAX_SOURCE_BYTES, tooLargeMessage, type ManifestText, type MemoryIndex, type Source, type SourceFile, type SourceProblem } from '../core';
import { extractSource } from '../node/extract';
import { globBase, globToRegExp, isGlob, matcher } from '../node/glob';
import { nativeDigest } from '../node/indexCache';
import { indexSourcesParallel } from '../node/parallelIndex';
import { isProjectConfigText, usesBundledSeeds } from '../node/projectConfig';
import { writeFileAtomic } from './fsUtil';
import { settingOrigin, type ProjectFiles, type Settings } from './settings';

/** A folder of sources: the bundled seeds, or a folder or glob from the project file or `corroborate.sources.folders`. */
interface Root {
  uri: vscode.Uri;
  /** For globs: the pattern under `uri`. */
  glob?: string;
  label: string;
  /** Leaves out files by their URI (the `ignore` globs, relative to the workspace folder). */
  ignored: (uri: vscode.Uri) => boolean;
  bundled?: boolean;
}

/** A configured sources folder that does not exist (yet): watched by name, and reported once. */
export interface MissingFolder {
  entry: string;
  uri: vscode.Uri;
  /** What asked for it: "corroborate.json", "the setting … (workspace settings)". */
  origin: string;
}

/** The scheme of the read-only documents that show a PDF's, Word document's or web page's extracted text. */
export const EXTRACTED_SCHEME = 'corroborate-source';

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
  /**
   * Reads of the sources (a full reload, or the files a change names) run one after another: two at once share
   * `files`, and a reload that cleared it while another was reading would publish the other's partial corpus.
   */
  private queue: Promise<unknown> = Promise.resolve();
  /** Reloads asked for so far. */
  private reloads = 0;
  private pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  private missing: MissingFolder[] = [];
  private readonly warned = new Set<string>();
  private bundledInUse = false;
  private bundledReason = '';
  /** Sources whose text was extracted (by URI of their file): they open as read-only text documents. */
  private readonly extracted = new Set<string>();
  private readonly contentEmitter = new vscode.EventEmitter<vscode.Uri>();
  private readonly registrations: vscode.Disposable[] = [];
  /** Fires after each (re)build of the corpus. */
  readonly onDidChange = this.emitter.event;
  /** The newsroom archive, whose articles open as read-only documents of their own (set by the composition root). */
  archive?: { isArchived(source: Source): boolean; uriOf(source: Source): vscode.Uri };

  constructor(
    private readonly extensionUri: vscode.Uri,
    /** Where the index cache is kept (the extension's workspace storage); none: no cache. */
    private readonly storageUri: vscode.Uri | undefined,
    private readonly settings: () => Settings,
    private readonly log: vscode.LogOutputChannel,
    private readonly projects?: ProjectFiles,
  ) {
    this.registrations.push(
      this.contentEmitter,
      vscode.workspace.registerTextDocumentContentProvider(EXTRACTED_SCHEME, {
        onDidChange: this.contentEmitter.event,
        provideTextDocumentContent: (uri) => this.extractedText(uri),
      }),
      vscode.commands.registerCommand('corroborate.createSourcesFolder', async (entry?: string) => {
        const targets = this.missing.filter((m) => entry === undefined || m.entry === entry);
        for (const m of targets) await vscode.workspace.fs.createDirectory(m.uri);
        if (targets.length) this.log.info(`Created ${targets.map((m) => vscode.workspace.asRelativePath(m.uri)).join(', ')}.`);
        await this.reload();
        return targets.length;
      }),
    );
  }

  /** Configured sources folders that do not exist. */
  get missingFolders(): readonly MissingFolder[] {
    return this.missing;
  }

  /**
   * Which sources are in use, in a line for the status bar tooltip and the Sources view: the folders and globs
   * read, and whether the bundled seeds are among them and why.
   */
  get inUse(): string {
    const own = this.roots.filter((r) => !r.bundled).map((r) => r.label);
    const parts = [own.length ? `Sources: ${own.join(', ')}` : 'No sources folder of this workspace is in use'];
    parts.push(this.bundledInUse ? `bundled seeds in use (${this.bundledReason})` : `bundled seeds not used (${this.bundledReason})`);
    if (this.missing.length) parts.push(`missing: ${this.missing.map((m) => m.entry).join(', ')}`);
    return parts.join(' · ');
  }

  /** The text of an extracted source's read-only document. */
  private extractedText(uri: vscode.Uri): string {
    const file = this.files.get(decodeURIComponent(uri.query));
    return file?.text ?? `This source is no longer indexed: ${decodeURIComponent(uri.query)}`;
  }

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

  /** Problems of the last build: missing folders, unreadable files, bad manifests. */
  get problems(): SourceProblem[] {
    const missing = this.missing.map((m) => ({ path: m.entry, message: `sources folder "${m.entry}" named in ${m.origin} does not exist` }));
    return [...missing, ...this.readProblems, ...this.buildProblems];
  }

  /** Resolves to the corpus once one is built. */
  async ready(): Promise<MemoryIndex> {
    return this.corpus ?? this.reloading ?? this.reload();
  }

  /**
   * The URI a source opens at: its file, or for a PDF, Word document or web page the read-only document of its
   * extracted text (where passages' ranges point), named after the file.
   */
  uriOf(source: Source): vscode.Uri {
    if (this.archive?.isArchived(source)) return this.archive.uriOf(source);
    const file = vscode.Uri.joinPath(vscode.Uri.parse(source.root ?? this.extensionUri.toString()), ...source.path.split('/'));
    if (!this.extracted.has(file.toString())) return file;
    return vscode.Uri.from({ scheme: EXTRACTED_SCHEME, path: `/${source.path} (extracted text)`, query: encodeURIComponent(file.toString()) });
  }

  /** True when `uri` lies in a source folder or matches a sources glob (such documents are sources, not drafts). */
  isSourceUri(uri: vscode.Uri): boolean {
    const s = uri.toString();
    return this.roots.some((r) => {
      const base = r.uri.toString().replace(/\/?$/, '/');
      if (!s.startsWith(base)) return false;
      return !r.glob || globToRegExp(r.glob).test(s.slice(base.length).split('/').map(decodeURIComponent).join('/'));
    });
  }

  /** Re-reads everything: after a settings change, a trust change, or the Refresh command. */
  reload(): Promise<MemoryIndex> {
    const ticket = ++this.reloads;
    ++this.generation; // a build under way is abandoned at its next slice
    const run = this.serially(async () => {
      // A newer reload was asked for while this one waited: it reads everything, this one has nothing to do.
      if (ticket !== this.reloads && this.corpus) return this.corpus;
      const gen = ++this.generation;
      const { roots, named, includeBundled } = await this.resolveRoots();
      this.roots = roots;
      this.files.clear();
      this.extracted.clear();
      this.manifests.clear();
      this.readProblems = [];
      // Watch first: a file written while the folder is read is picked up after.
      this.watch();
      let own = 0;
      for (const root of this.roots) own += await this.readRoot(root);
      this.bundledInUse = usesBundledSeeds(includeBundled, named, own);
      this.bundledReason =
        includeBundled === true ? 'includeBundled is true' : includeBundled === false ? 'includeBundled is false' : this.bundledInUse ? 'this workspace names no sources of its own' : 'this workspace has sources of its own';
      if (this.bundledInUse) {
        const seeds: Root = { uri: vscode.Uri.joinPath(this.extensionUri, 'seeds'), label: 'bundled seeds', ignored: () => false, bundled: true };
        this.roots.push(seeds);
        await this.readRoot(seeds);
      }
      this.warnMissing();
      return this.rebuild(gen);
    });
    this.reloading = run;
    run.finally(() => {
      if (this.reloading === run) this.reloading = undefined;
    });
    return run;
  }

  /**
   * The workspace's source roots: per workspace folder, its project file's `sources` if it names any, else the
   * `corroborate.sources.folders` setting. Missing folders are remembered (and watched by name) to be reported.
   */
  private async resolveRoots(): Promise<{ roots: Root[]; named: boolean; includeBundled: boolean | 'auto' }> {
    const s = this.settings();
    const roots: Root[] = [];
    this.missing = [];
    let named = false;
    if (!vscode.workspace.isTrusted) {
      if (s['sources.folders'].length) this.log.info('Restricted Mode: only the bundled sources are read; trust the workspace to index its source folders.');
      return { roots, named: false, includeBundled: s['sources.includeBundled'] };
    }
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const project = this.projects?.of(folder);
      const entries = project?.settings['sources.folders'] ?? s['sources.folders'];
      const origin = settingOrigin('sources.folders', folder, project);
      if (origin) named = true;
      const ignoreGlobs = project?.settings['sources.ignore'] ?? s['sources.ignore'];
      const ignore = matcher(ignoreGlobs);
      const base = folder.uri.toString().replace(/\/?$/, '/');
      const ignored = (uri: vscode.Uri) => {
        if (!ignoreGlobs.length) return false;
        const u = uri.toString();
        return u.startsWith(base) && ignore(u.slice(base.length).split('/').map(decodeURIComponent).join('/'));
      };
      for (const entry of entries) {
        if (isGlob(entry)) {
          roots.push({ uri: folder.uri, glob: entry, label: (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? `${folder.name}/${entry}` : entry, ignored });
          continue;
        }
        const uri = /^([a-z]:)?[\\/]/i.test(entry) ? vscode.Uri.file(entry) : vscode.Uri.joinPath(folder.uri, entry);
        try {
          const st = await vscode.workspace.fs.stat(uri);
          if (st.type & vscode.FileType.Directory) roots.push({ uri, label: vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1), ignored });
          else this.log.warn(`Sources folder ${entry} is not a folder; ignored.`);
        } catch {
          // Missing: the default "sources" folder is simply not there yet; one named by the user is reported.
          if (origin) this.missing.push({ entry, uri, origin: `${origin}${await this.caseHint(uri)}` });
        }
      }
    }
    const first = this.projects?.first();
    return { roots, named, includeBundled: first?.settings['sources.includeBundled'] ?? s['sources.includeBundled'] };
  }

  /** " (a folder "sources" exists: the case differs)" when only the case of the name is wrong. */
  private async caseHint(uri: vscode.Uri): Promise<string> {
    const name = uri.path.split('/').pop() ?? '';
    try {
      const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(uri, '..'));
      const near = entries.find(([n, t]) => t & vscode.FileType.Directory && n.toLowerCase() === name.toLowerCase());
      return near ? ` (a folder "${near[0]}" exists: the case differs)` : '';
    } catch {
      return '';
    }
  }

  /** One warning per missing folder (per session), with a button that creates it. */
  private warnMissing(): void {
    for (const m of this.missing) {
      const key = `${m.uri.toString()}|${m.origin}`;
      this.log.warn(`Sources folder "${m.entry}" named in ${m.origin} does not exist; it will be indexed when it appears.`);
      if (this.warned.has(key)) continue;
      this.warned.add(key);
      void vscode.window.showWarningMessage(`Corroborate: the sources folder "${m.entry}" named in ${m.origin} does not exist.`, 'Create Folder').then((pick) => {
        if (pick) void vscode.commands.executeCommand('corroborate.createSourcesFolder', m.entry);
      });
    }
  }

  /** Reads a root's source files; resolves to how many were found (read or skipped). */
  private async readRoot(root: Root): Promise<number> {
    const wanted = root.glob ? globToRegExp(root.glob) : undefined;
    const start = root.glob ? vscode.Uri.joinPath(root.uri, ...globBase(root.glob).split('/').filter(Boolean)) : root.uri;
    const seen = new Set<string>();
    let found = 0;
    const walk = async (dir: vscode.Uri, depth: number): Promise<void> => {
      if (depth > MAX_FOLDER_DEPTH || seen.has(dir.toString())) return;
      seen.add(dir.toString());
      let entries: [string, vscode.FileType][];
      try {
        entries = await vscode.workspace.fs.readDirectory(dir);
      } catch (e) {
        if (!wanted) this.problem(root, dir, `cannot list folder (${(e as Error).message})`);
        return;
      }
      for (const [name, type] of entries.sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
        if (isSkippedEntry(name)) continue;
        const uri = vscode.Uri.joinPath(dir, name);
        if (root.ignored(uri)) continue;
        // Symbolic links to folders are followed once (the `seen` set stops loops).
        if (type & vscode.FileType.Directory) await walk(uri, depth + 1);
        else if (!wanted && depth === 0 && name === MANIFEST_FILE) await this.readManifest(root, uri);
        else if (type & vscode.FileType.File && isSourcePath(name) && (!wanted || wanted.test(this.relPath(root, uri)))) {
          found++;
          await this.readFile(root, uri);
        }
      }
    };
    await walk(start, 0);
    return found;
  }

  private relPath(root: Root, uri: vscode.Uri): string {
    const base = root.uri.path.replace(/\/?$/, '/');
    return uri.path.startsWith(base) ? uri.path.slice(base.length) : uri.path;
  }

  /** The root a changed file belongs to (the most specific one), or undefined when it is in none or ignored. */
  private rootOf(uri: vscode.Uri): Root | undefined {
    const s = uri.toString();
    const match = this.roots.filter((r) => {
      const base = r.uri.toString().replace(/\/?$/, '/');
      return s.startsWith(base) && !r.ignored(uri) && (!r.glob || globToRegExp(r.glob).test(this.relPath(r, uri)));
    });
    return match.sort((a, b) => b.uri.toString().length - a.uri.toString().length)[0];
  }

  private problem(root: Root, uri: vscode.Uri, message: string): void {
    const path = this.relPath(root, uri);
    this.readProblems.push({ path, message: `${root.label}/${path}: ${message}` });
  }

  private async readManifest(root: Root, uri: vscode.Uri): Promise<void> {
    try {
      const text = decodeText(await vscode.workspace.fs.readFile(uri), MANIFEST_FILE);
      if (isProjectConfigText(text)) return; // the project file, in a folder that is also a sources folder
      this.manifests.set(uri.toString(), { text, label: `${root.label}/${MANIFEST_FILE}` });
    } catch (e) {
      this.problem(root, uri, (e as Error).message);
    }
  }

  private async readFile(root: Root, uri: vscode.Uri): Promise<void> {
    const path = this.relPath(root, uri);
    try {
      const st = await vscode.workspace.fs.stat(uri);
      if (st.size > MAX_SOURCE_BYTES) {
        this.problem(root, uri, tooLargeMessage(st.size));
        return;
      }
      const file = await extractSource(path, await vscode.workspace.fs.readFile(uri), root.uri.toString());
      this.files.set(uri.toString(), file);
      if (file.format === 'plain') {
        this.extracted.add(uri.toString());
        this.contentEmitter.fire(vscode.Uri.from({ scheme: EXTRACTED_SCHEME, path: `/${path} (extracted text)`, query: encodeURIComponent(uri.toString()) }));
      } else this.extracted.delete(uri.toString());
    } catch (e) {
      const msg = (e as Error).message;
      this.readProblems.push({ path, message: msg.startsWith(path) ? `${root.label}/${msg}` : `${root.label}/${path}: cannot read (${msg}); skipped` });
    }
  }

  /**
   * Builds the corpus from the files read so far, in slices that yield to the extension host (typing, hovers and
   * completion never wait for it), with the count of sources in the status bar. Until the first corpus is complete
   * the partial one is published, so features work on what is indexed. Unchanged files come from the on-disk
   * index cache; the others are shared with worker threads when there are enough of them (300); a newer rebuild (a
   * later file change) abandons this one and stops its workers.
   */
  private async rebuild(gen: number): Promise<MemoryIndex> {
    const t0 = Date.now();
    const files = [...this.files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.root! < b.root! ? -1 : 1));
    const cache = await this.readCache();
    const log = collectingLogger();
    // The build loop, with the files to analyse shared with worker threads (as the command line does) once there are
    // enough of them; this thread takes in the workers' snapshots between its slices. Nothing changed since the
    // snapshot: it is adopted whole without a pause (a large index is ready in about a second).
    const build = indexSourcesParallel(files, [...this.manifests.values()], { cache, log, background: true });
    let step = await build.next();
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
        step = await build.next();
        if (!step.done && Date.now() - slice > 15) {
          progress.report({ message: `indexing sources ${step.value.done} / ${step.value.total}` });
          if (partial && Date.now() - lastPublish > 2000) {
            lastPublish = Date.now();
            this.emitter.fire(corpus);
          }
          await new Promise<void>((r) => setImmediate(r));
          if (gen !== this.generation) {
            abandoned = true;
            await build.return(corpus); // stops the workers
            return;
          }
          slice = Date.now();
        }
      }
    });
    this.building = false;
    if (abandoned || gen !== this.generation) return this.corpus ?? corpus;
    if (!corpus.adopted) void this.writeCache(corpus);
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
      return decodeCache(await vscode.workspace.fs.readFile(uri), nativeDigest);
    } catch {
      return undefined; // no cache yet
    }
  }

  private async writeCache(corpus: MemoryIndex): Promise<void> {
    const uri = this.cacheUri;
    if (!uri || !this.storageUri) return;
    try {
      await vscode.workspace.fs.createDirectory(this.storageUri);
      await writeFileAtomic(uri, encodeCache(corpus.toCache(), nativeDigest));
    } catch (e) {
      this.log.warn(`Could not write the index cache: ${(e as Error).message}`);
    }
  }

  /**
   * Watches each root's files, and each configured folder by name: a folder that appears, disappears or is
   * renamed re-reads the sources (a missing folder is indexed as soon as it is created, without a reload).
   */
  private watch(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    const changed = (uri: vscode.Uri) => {
      if (!isSourcePath(uri.path) && !uri.path.endsWith('/' + MANIFEST_FILE)) return;
      this.pending.add(uri.toString());
      this.schedule(() => void this.applyPending());
    };
    for (const root of this.roots) {
      if (root.uri.scheme !== 'file' || root.uri.toString().startsWith(this.extensionUri.toString())) continue;
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(root.uri, root.glob ?? '**/*'));
      this.watchers.push(w, w.onDidCreate(changed), w.onDidChange(changed), w.onDidDelete(changed));
    }
    if (!vscode.workspace.isTrusted) return;
    const s = this.settings();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const entries = (this.projects?.of(folder)?.settings['sources.folders'] ?? s['sources.folders']).filter((e) => !isGlob(e) && !/^([a-z]:)?[\\/]/i.test(e));
      if (!entries.length) continue;
      const names = entries.map((e) => e.replace(/^\.\//, '').replace(/\/$/, '').replace(/[{}[\],*?]/g, '\\$&'));
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, names.length === 1 ? names[0] : `{${names.join(',')}}`), false, true, false);
      const folderEvent = (uri: vscode.Uri) => {
        this.log.info(`Sources folder ${vscode.workspace.asRelativePath(uri)} was ${this.roots.some((r) => r.uri.toString() === uri.toString()) ? 'removed or renamed' : 'created'}; re-reading the sources.`);
        this.schedule(() => void this.reload());
      };
      this.watchers.push(w, w.onDidCreate(folderEvent), w.onDidDelete(folderEvent));
    }
  }

  private schedule(run: () => void): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(run, 200);
  }

  /** Re-reads only the files that changed, then rebuilds the corpus. */
  private applyPending(): Promise<unknown> {
    return this.serially(() => this.readPending());
  }

  /** Runs a read of the sources after the ones before it have finished (failed ones too). */
  private serially<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async readPending(): Promise<void> {
    const uris = [...this.pending];
    this.pending.clear();
    if (!uris.length) return;
    const gen = ++this.generation;
    for (const s of uris) {
      const uri = vscode.Uri.parse(s);
      const root = this.rootOf(uri);
      if (!root) continue;
      this.files.delete(s);
      this.extracted.delete(s);
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
    for (const d of this.registrations) d.dispose();
    this.emitter.dispose();
  }
}
