/**
 * Glob patterns as the CLI and the editor both read them, on `/`-separated relative paths: `*` and `?` within a
 * path segment, `**` across segments, `{a,b}` alternatives and `[...]` classes. A pattern with no `/` matches a
 * name at any depth (as `.gitignore` does), so `"*.tmp"` ignores every `.tmp` file.
 */
export function globToRegExp(glob: string): RegExp {
  let g = glob.replace(/\\/g, '/').replace(/^\.\//, '');
  if (!g.includes('/')) g = `**/${g}`;
  let re = '';
  let depth = 0;
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*') {
      if (g[i + 1] === '*') {
        // "**/" matches zero or more folders; a trailing "**" everything below.
        const slash = g[i + 2] === '/';
        re += slash ? '(?:[^/]*/)*' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      depth++;
      re += '(?:';
    } else if (c === '}' && depth) {
      depth--;
      re += ')';
    } else if (c === ',' && depth) re += '|';
    else if (c === '[') {
      const end = g.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += '[' + g.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']';
        i = end;
      }
    } else re += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  // A pattern naming a folder matches everything in it too.
  return new RegExp(`^${re}(?:/.*)?$`);
}

/** True when the pattern has glob characters (else it names a folder or a file). */
export function isGlob(entry: string): boolean {
  return /[*?{[]/.test(entry);
}

/** The folder part of a glob before its first wildcard segment (`papers/2024/**\/*.pdf` → `papers/2024`). */
export function globBase(glob: string): string {
  const parts = glob.replace(/\\/g, '/').split('/');
  const i = parts.findIndex((p) => isGlob(p));
  return parts.slice(0, i < 0 ? parts.length : i).join('/');
}

/** A matcher for a list of patterns (true when any matches); no patterns: nothing matches. */
export function matcher(globs: readonly string[]): (relPath: string) => boolean {
  const res = globs.map(globToRegExp);
  return (p) => res.some((r) => r.test(p));
}
