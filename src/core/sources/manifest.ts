import { MANIFEST_FILE, parseManifest, type Manifest, type SourceFile, type SourceProblem } from './source';

/** A folder's `corroborate.json` text, with a label for messages. */
export interface ManifestText {
  text: string;
  label?: string;
}

/** Merges folders' manifests, reporting invalid ones and entries for files that are not there. */
export function mergeManifests(
  manifests: ManifestText[],
  files: SourceFile[],
): { manifest: Manifest; problems: SourceProblem[] } {
  const manifest: Manifest = { sources: [] };
  const problems: SourceProblem[] = [];
  const paths = new Set(files.map((f) => f.path));
  for (const m of manifests) {
    const label = m.label ?? MANIFEST_FILE;
    try {
      const entryProblems: string[] = [];
      const parsed = parseManifest(m.text, label, entryProblems);
      for (const message of entryProblems) problems.push({ path: label, message });
      manifest.sources.push(...parsed.sources);
      for (const s of parsed.sources)
        if (!paths.has(s.file))
          problems.push({ path: label, message: `${label}: lists "${s.file}", which is not in the folder` });
    } catch (e) {
      problems.push({ path: label, message: (e as Error).message + '; its metadata is ignored' });
    }
  }
  return { manifest, problems };
}
