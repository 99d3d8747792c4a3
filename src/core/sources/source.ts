import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { KEY_INNER, KEY_PATTERN } from '../drafts/citationSyntax';
import { blank, blankSpans, fencedBlocks, isAtxHeading, isSpaceCode, lineSpans, NextStop, replaceTags, Rewriter } from '../text/scan';
import { splitSentences } from '../text/sentences';
import { blankRegions, LineIndex, squash, stripBom, type Span } from '../text/text';

/** What a source file is, as the adapters hand it to the core: a path relative to its sources folder and its text. */
export interface SourceFile {
  /** Path relative to the sources folder, with `/` separators. Used in reports as `source`. */
  path: string;
  /** The file's text (already decoded; a BOM is stripped here). */
  text: string;
  /** Label of the sources folder, for messages and for absolute paths in adapters. */
  root?: string;
  /**
   * `plain`: `text` was extracted by an adapter (from a PDF, a Word document or a saved web page) and is read as
   * plain prose whatever the file's extension; without it the extension decides (Markdown, HTML, text).
   */
  format?: 'plain';
  /** For paged documents: the offset in `text` where each page starts (page 1 first). */
  pages?: number[];
  /** Regions of `text` that are shown but not read as claims (page headings of an extracted PDF, say). */
  blank?: Span[];
  /** Metadata the document itself gives (a PDF's or a web page's title, author, date): below the manifest's. */
  meta?: Partial<Omit<SourceMeta, 'file'>>;
  /**
   * The content hash of `text` by the index's hash function (`BuildInput.hash`), when the adapter computed it as it
   * read the file: the index and its snapshot use it instead of hashing the text again. Set only with the final text.
   */
  hash?: string;
}

/** Metadata a manifest or front matter may give for a source. */
export const sourceMetaSchema = z
  .object({
    file: z.string().min(1),
    key: z.string().regex(KEY_PATTERN, `a citation key is letters, digits and _${KEY_INNER} and starts with a letter, digit or _`).optional(),
    title: z.string().min(1).optional(),
    outlet: z.string().min(1).optional(),
    author: z.string().min(1).optional(),
    url: z.string().url().optional(),
    date: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'a date is YYYY, YYYY-MM or YYYY-MM-DD').optional(),
  })
  .strict();

/** `corroborate.json` in a sources folder. */
export const manifestSchema = z.object({ sources: z.array(sourceMetaSchema) }).strict();
export type SourceMeta = z.infer<typeof sourceMetaSchema>;
export type Manifest = z.infer<typeof manifestSchema>;
export const MANIFEST_FILE = 'corroborate.json';

/** Turns zod issues into one sentence naming the file and the field. */
export function describeIssues(file: string, error: z.ZodError): string {
  return error.issues
    .map((i) => `${file}: ${i.path.length ? `field "${i.path.join('.')}"` : 'the file'}: ${i.message}`)
    .join('; ');
}

/**
 * Parses a manifest's text. Throws an Error naming the file when it is not JSON or not `{ "sources": [...] }`;
 * an invalid entry is left out and reported in `problems` (naming the file, the entry and the field), so one bad
 * entry does not cost the others their metadata.
 */
export function parseManifest(text: string, file = MANIFEST_FILE, problems: string[] = []): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(stripBom(text));
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const shape = z.object({ sources: z.array(z.unknown()) }).strict().safeParse(json);
  if (!shape.success) throw new Error(describeIssues(file, shape.error));
  const sources: SourceMeta[] = [];
  shape.data.sources.forEach((entry, i) => {
    const r = sourceMetaSchema.safeParse(entry);
    if (r.success) sources.push(r.data);
    else problems.push(r.error.issues.map((x) => `${file}: field "sources.${i}.${x.path.join('.')}": ${x.message}`).join('; ') + '; entry ignored');
  });
  return { sources };
}

/** One sentence of a source: the unit of quoting. */
export interface Passage {
  /** Index of the passage in its source. */
  index: number;
  span: Span;
  /** The verbatim text of the span (for HTML: with tags blanked). */
  text: string;
  /** For paged documents (PDF): the 1-based page the passage starts on. */
  page?: number;
}

/** A parsed source: metadata, text, passages. */
export interface Source {
  key: string;
  /** Path relative to the sources folder. */
  path: string;
  root?: string;
  title: string;
  outlet?: string;
  author?: string;
  url?: string;
  date?: string;
  /** The text passages index into (BOM stripped). */
  text: string;
  /** `text` with markup blanked (same length): what the engine reads. */
  mask: string;
  lines: LineIndex;
  passages: Passage[];
  /** Sources with the same (near-identical) text share a group; support counts groups, not files. */
  group: number;
}

/** A problem with one source, reported to the user; the source is skipped or read partly. */
export interface SourceProblem {
  path: string;
  message: string;
}

/** Files that are sources. PDF and Word documents reach the core as text an adapter extracted (`format: 'plain'`). */
export const SOURCE_EXTENSIONS = ['.txt', '.md', '.markdown', '.html', '.htm', '.pdf', '.docx'];

/** True when a file with this name is read as a source. */
export function isSourcePath(path: string): boolean {
  const p = path.toLowerCase();
  return SOURCE_EXTENSIONS.some((e) => p.endsWith(e));
}

const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/** Blanks everything that is not prose in an HTML file (tags, scripts, styles, comments), keeping offsets. Linear time. */
export function maskHtml(text: string): string {
  let t = blankRegions(text, '<!--', '-->');
  t = blankSpans(t, elementSpans(t, SKIPPED_ELEMENTS));
  // Block-level tags end a block: turn them into a blank line's worth of newlines where they stand.
  t = breakAtBlockTags(t);
  t = replaceTags(t, blank);
  // Entities stay in the quoted text verbatim, but must not end sentences or glue words.
  t = t.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (m) => ' '.repeat(m.length));
  return t;
}

const SKIPPED_ELEMENTS = /<(script|style|head|nav|footer|noscript|template)\b/gi;
// Tested at each `<` on the next few characters: the name is the whole word after `<` or `</`.
const BLOCK_TAG = /^<\/?(?:p|div|h[1-6]|li|ul|ol|br|tr|td|th|table|section|article|header|blockquote|pre|title)(?!\w)/i;

/** Replaces each block-level tag (up to its `>`) by two line breaks and spaces. */
function breakAtBlockTags(t: string): string {
  const w = new Rewriter(t);
  for (let p = t.indexOf('<'); p >= 0; p = t.indexOf('<', p + 1)) {
    const m = BLOCK_TAG.exec(t.slice(p, p + 14));
    if (!m) continue;
    const gt = t.indexOf('>', p + m[0].length);
    if (gt < 0) break; // no later tag has a `>` either
    w.put(p, gt + 1, '\n\n' + ' '.repeat(gt - 1 - p));
    p = gt;
  }
  return w.done();
}

/**
 * Spans of the elements `<name …>…</name>` that `open` finds (a global expression with the name as group 1), each
 * from its start tag to the first matching end tag; an element without an end tag is left alone. Linear time: the
 * end tags of each name are listed once, and a pointer walks each list.
 */
function elementSpans(t: string, open: RegExp): Span[] {
  const ends = new Map<string, { at: number; end: number }[]>();
  for (const m of t.matchAll(/<\/([a-z]+)/gi)) {
    let e = (m.index ?? 0) + m[0].length;
    while (e < t.length && /\s/.test(t[e])) e++;
    if (t[e] !== '>') continue;
    const name = m[1].toLowerCase();
    const list = ends.get(name) ?? ends.set(name, []).get(name)!;
    list.push({ at: m.index ?? 0, end: e + 1 });
  }
  const next = new Map<string, number>();
  const out: Span[] = [];
  let after = 0;
  for (const m of t.matchAll(open)) {
    const at = m.index ?? 0;
    if (at < after) continue;
    const name = m[1].toLowerCase();
    const list = ends.get(name) ?? [];
    let k = next.get(name) ?? 0;
    while (k < list.length && list[k].at < at + m[0].length) k++;
    next.set(name, k);
    if (k === list.length) continue;
    out.push({ start: at, end: list[k].end });
    after = list[k].end;
  }
  return out;
}

/** The text of the first `<title>` element of an HTML file, if any. */
function htmlTitle(text: string): string | undefined {
  const open = /<title/i.exec(text);
  if (!open) return undefined;
  const gt = text.indexOf('>', open.index);
  if (gt < 0) return undefined;
  const close = /<\/title>/gi;
  close.lastIndex = gt + 1;
  const end = close.exec(text);
  return end ? text.slice(gt + 1, end.index) : undefined;
}

/** Front matter of a Markdown source, if any, and the offset where its body starts. */
export function readFrontMatter(text: string, file: string): { meta: Record<string, unknown>; bodyStart: number } {
  const m = FRONT_MATTER.exec(text);
  if (!m) return { meta: {}, bodyStart: 0 };
  let meta: unknown;
  try {
    meta = parseYaml(m[1]);
  } catch (e) {
    throw new Error(`${file}: front matter is not valid YAML (${(e as Error).message.split('\n')[0]})`);
  }
  if (meta === null || meta === undefined) meta = {};
  if (typeof meta !== 'object' || Array.isArray(meta)) throw new Error(`${file}: front matter must be a mapping of fields`);
  return { meta: meta as Record<string, unknown>, bodyStart: m[0].length };
}

/** A title for a source with none given: its first line when that reads as a headline, else its first sentence. */
export function deriveTitle(text: string, passages: Passage[]): string {
  const firstLine = text.trim().split(/\r?\n/)[0]?.trim() ?? '';
  if (firstLine && firstLine.length <= 120 && !/[.!?,;:]$/.test(firstLine)) return firstLine.replace(/^#+\s*/, '');
  const first = passages[0]?.text ?? '';
  const s = squash(first);
  if (s.length <= 90) return s.replace(/[.]$/, '');
  const cut = s.slice(0, 90);
  return cut.slice(0, cut.lastIndexOf(' ')) + '…';
}

const KEY_STOP = new Set(['the', 'a', 'an', 'of', 'on', 'in', 'for', 'and', 'to', 'is', 'at', 'why', 'how', 'what', 'with']);

/** A readable citation key from a title: its first three significant words, lower-case, joined by dashes. */
export function deriveKey(title: string, fallback: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .match(/[a-z0-9]+/g)
    ?.filter((w) => !KEY_STOP.has(w))
    .slice(0, 3);
  return words?.length ? words.join('-') : fallback.replace(/\.[^.]+$/, '').replace(/[^\p{L}\p{N}_-]+/gu, '-');
}

/**
 * Parses one source file into passages (`spans`, from an index cache, skips sentence splitting). Throws an Error
 * with a message for the user when the file cannot be read as a source.
 */
export function parseSource(file: SourceFile, meta: Partial<SourceMeta> = {}, spans?: Span[]): Omit<Source, 'key' | 'group'> & { key?: string } {
  const text = stripBom(file.text);
  if (text.includes('\u0000')) throw new Error(`${file.path}: looks like a binary file (contains NUL bytes); skipped`);
  const lower = file.path.toLowerCase();
  const plain = file.format === 'plain';
  if (!plain && (lower.endsWith('.pdf') || lower.endsWith('.docx'))) throw new Error(`${file.path}: needs its text extracted first; skipped`);
  let mask = text;
  let fm: Record<string, unknown> = {};
  if (plain) {
    for (const b of file.blank ?? []) mask = mask.slice(0, b.start) + mask.slice(b.start, b.end).replace(/[^\r\n]/g, ' ') + mask.slice(b.end);
  } else if (lower.endsWith('.html') || lower.endsWith('.htm')) {
    mask = maskHtml(text);
    const title = htmlTitle(text);
    if (title !== undefined && !meta.title) fm.title = squash(decodeEntities(title));
  } else if (lower.endsWith('.md') || lower.endsWith('.markdown')) {
    const { meta: m, bodyStart } = readFrontMatter(text, file.path);
    fm = m;
    mask = blankRegions(text.slice(0, bodyStart).replace(/[^\r\n]/g, ' ') + text.slice(bodyStart), '<!--', '-->');
    // Markdown that is not prose: headings (titles, not claims), code, link targets.
    const lines = lineSpans(mask);
    mask = blankSpans(mask, fencedBlocks(mask, lines));
    mask = blankSpans(mask, lines.filter((l) => isAtxHeading(mask, l)));
    mask = blankLinkTargets(mask);
  }
  const fromFront = fm.title !== undefined || fm.key !== undefined || fm.author !== undefined ? sourceMetaSchema.partial().safeParse(normaliseFront(fm)) : null;
  if (fromFront && !fromFront.success) throw new Error(describeIssues(`${file.path} (front matter)`, fromFront.error));
  const merged: Partial<SourceMeta> = { ...file.meta, ...(fromFront?.success ? fromFront.data : {}), ...meta };
  const html = !plain && (lower.endsWith('.html') || lower.endsWith('.htm'));
  // Quotes are verbatim spans of the file; in HTML, the span's text without its tags, entities decoded.
  const quote = (span: Span) => (html ? squash(decodeEntities(replaceTags(text.slice(span.start, span.end), () => ' '))) : text.slice(span.start, span.end));
  const pageOf = (at: number) => {
    let n = 0;
    while (n < file.pages!.length && file.pages![n] <= at) n++;
    return Math.max(1, n);
  };
  const passages: Passage[] = (spans ?? splitSentences(mask)).map((span, index) => (file.pages?.length ? { index, span, text: quote(span), page: pageOf(span.start) } : { index, span, text: quote(span) }));
  const source = {
    key: merged.key,
    path: file.path,
    root: file.root,
    title: merged.title ?? deriveTitle(mask.trimStart().length ? mask : text, passages),
    outlet: merged.outlet,
    author: merged.author,
    url: merged.url,
    date: merged.date,
    text,
    mask,
    passages,
  };
  // Line starts are computed when a range is first asked for (most sources of a large corpus never are).
  let lines: LineIndex | undefined;
  return Object.defineProperty(source, 'lines', { get: () => (lines ??= new LineIndex(text)), enumerable: true }) as typeof source & { lines: LineIndex };
}

/**
 * Blanks Markdown link targets `](target)` and `](target "title")`, as `/\]\([^)\s]*(?:\s+"[^"]*")?\)/g` would, in
 * linear time: a run of `](` without a `)` shares one scan.
 */
function blankLinkTargets(m: string): string {
  const w = new Rewriter(m);
  const target = new NextStop(m, (c) => c === 41 || isSpaceCode(c));
  const space = new NextStop(m, (c) => !isSpaceCode(c));
  const quote = new NextStop(m, (c) => c === 34);
  for (let p = m.indexOf(']('); p >= 0; p = m.indexOf('](', p + 1)) {
    let e = target.from(p + 2);
    if (m.charCodeAt(e) !== 41) {
      if (e >= m.length) continue;
      const q = space.from(e);
      if (m.charCodeAt(q) !== 34) continue;
      e = quote.from(q + 1) + 1;
      if (m.charCodeAt(e) !== 41) continue;
    }
    w.put(p, e + 1, ' '.repeat(e + 1 - p));
    p = e;
  }
  return w.done();
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', mdash: '—', ndash: '–', hellip: '…', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“' };

/** Decodes HTML character references (numeric, and the common named ones). */
export function decodeEntities(s: string): string {
  return s.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

function normaliseFront(fm: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['key', 'title', 'outlet', 'author', 'url', 'date']) {
    const v = fm[k];
    if (v === undefined || v === null) continue;
    out[k] = v instanceof Date ? v.toISOString().slice(0, 10) : Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? v : String(v);
  }
  out.file = 'front matter';
  return out;
}
