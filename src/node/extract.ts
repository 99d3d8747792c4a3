import { decodeText, type SourceFile } from '../core';
import { fileHash, nativeHash } from './contentHash';

/** Files whose text is extracted here (the core reads the others' text directly). */
const EXTRACTED = /\.(pdf|docx|html?)$/i;

/** True when a source file's bytes go through `extractSource` rather than straight to the core as text. */
export function needsExtraction(path: string): boolean {
  return EXTRACTED.test(path);
}

type Meta = NonNullable<SourceFile['meta']>;
type Span = { start: number; end: number };

/** Builds an extracted document's text: blocks joined by blank lines, some shown but not read (headings). */
class TextBuilder {
  text = '';
  readonly blank: Span[] = [];
  readonly pages: number[] = [];
  block(s: string, read = true): void {
    const t = s.trim();
    if (!t) return;
    if (this.text) this.text += '\n\n';
    const start = this.text.length;
    this.text += t;
    if (!read) this.blank.push({ start, end: this.text.length });
  }
}

/**
 * Turns a source file's bytes into the `SourceFile` the core reads: text files are decoded; PDFs, Word documents
 * and saved web pages have their text extracted (`format: 'plain'`), with pages and metadata where the file has
 * them. Throws an Error with a one-line reason naming the file when it cannot be used (encrypted, no text layer,
 * broken, not UTF-8…).
 */
export async function extractSource(path: string, bytes: Uint8Array, root?: string): Promise<SourceFile> {
  // Each file is hashed once, here, as it is read: the index and its snapshot reuse it (see `SourceFile.hash`).
  const extracted = async (e: Promise<Extracted>) => {
    const x = await e;
    return { path, root, ...x, hash: nativeHash(x.text) };
  };
  const lower = path.toLowerCase();
  if (lower.endsWith('.pdf')) return extracted(extractPdf(bytes, path));
  if (lower.endsWith('.docx')) return extracted(extractDocx(bytes, path));
  const text = decodeText(bytes, path);
  if (lower.endsWith('.html') || lower.endsWith('.htm')) {
    if (text.includes('\u0000')) throw new Error(`${path}: looks like a binary file (contains NUL bytes); skipped`);
    return extracted(extractHtml(text, path));
  }
  return { path, root, text, hash: fileHash(bytes, text) };
}

type Extracted = Pick<SourceFile, 'text' | 'format' | 'pages' | 'blank' | 'meta'>;

/** The heading shown above each page of an extracted PDF (not read as a claim). */
export function pageHeading(n: number): string {
  return `[Page ${n}]`;
}

let unpdf: Promise<typeof import('unpdf')> | undefined;

/**
 * Loads pdf.js (the serverless build unpdf bundles: no worker, no network). Its polyfills assign
 * `globalThis.navigator` when it is unset; VS Code's extension host hides `navigator` behind a getter with no
 * setter, so a plain object stands in while the module initialises and the host's getter is put back after.
 */
function loadUnpdf(): Promise<typeof import('unpdf')> {
  return (unpdf ??= (async () => {
    const d = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    const hidden = d !== undefined && d.get !== undefined && d.set === undefined && d.configurable === true;
    if (hidden) Object.defineProperty(globalThis, 'navigator', { value: { platform: '', userAgent: '' }, configurable: true, writable: true });
    try {
      const m = await import('unpdf');
      await m.getResolvedPDFJS();
      return m;
    } finally {
      if (hidden) Object.defineProperty(globalThis, 'navigator', d);
    }
  })());
}

async function extractPdf(bytes: Uint8Array, path: string): Promise<Extracted> {
  let lib: typeof import('unpdf');
  try {
    lib = await loadUnpdf();
  } catch (e) {
    unpdf = undefined;
    throw new Error(`${path}: the PDF reader could not start (${reason(e)}); skipped`);
  }
  const { getDocumentProxy, extractText, getMeta } = lib;
  // pdf.js keeps the buffer; give it a copy so the caller's bytes stay usable. No network, no eval, no fonts.
  let pdf;
  try {
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, stopAtErrors: false });
  } catch (e) {
    const name = (e as Error).name;
    if (name === 'PasswordException') throw new Error(`${path}: the PDF is encrypted (it needs a password); skipped`);
    throw new Error(`${path}: not a readable PDF (${reason(e)}); skipped`);
  }
  try {
    let pages: string[];
    try {
      pages = (await extractText(pdf, { mergePages: false })).text;
    } catch (e) {
      throw new Error(`${path}: the PDF's text could not be read (${reason(e)}); skipped`);
    }
    if (!pages.some((p) => /[\p{L}\p{N}]/u.test(p))) {
      throw new Error(`${path}: the PDF has no text layer (${pages.length} page${pages.length === 1 ? '' : 's'} of images, as a scan is); run it through OCR first; skipped`);
    }
    const b = new TextBuilder();
    pages.forEach((p, i) => {
      b.pages.push(b.text ? b.text.length + 2 : 0);
      b.block(pageHeading(i + 1), false);
      b.block(p.replace(/[ \t]+\n/g, '\n'));
    });
    const meta: Meta = {};
    try {
      const info = (await getMeta(pdf)).info as Record<string, unknown>;
      if (typeof info.Title === 'string' && info.Title.trim()) meta.title = oneLine(info.Title);
      if (typeof info.Author === 'string' && info.Author.trim()) meta.author = oneLine(info.Author);
      const d = typeof info.CreationDate === 'string' ? /^D:(\d{4})(\d{2})?(\d{2})?/.exec(info.CreationDate) : null;
      if (d) meta.date = [d[1], d[2], d[3]].filter(Boolean).join('-');
    } catch {
      // Metadata is optional: the title then comes from the first line.
    }
    return { text: b.text, format: 'plain', pages: b.pages, blank: b.blank, meta };
  } finally {
    await pdf.destroy();
  }
}

async function extractDocx(bytes: Uint8Array, path: string): Promise<Extracted> {
  const mammoth = await import('mammoth');
  let value: string;
  try {
    ({ value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) }));
  } catch (e) {
    throw new Error(`${path}: not a readable Word document (${reason(e)}); skipped`);
  }
  const b = new TextBuilder();
  for (const para of value.split(/\n\s*\n/)) b.block(para.replace(/\s*\n\s*/g, ' '));
  if (!b.text) throw new Error(`${path}: the Word document has no text; skipped`);
  return { text: b.text, format: 'plain', blank: b.blank, meta: {} };
}

const BLOCK = new Set(['ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TBODY', 'TD', 'TH', 'THEAD', 'TR', 'UL', 'BODY']);
const HEADING = /^H[1-6]$/;
/** Never part of an article: removed before Readability looks for it (a header inside an article is kept: it holds the title and byline). */
const NEVER = 'script, style, noscript, template, iframe, svg, nav, body > header, footer, aside, button, dialog, [role="navigation"], [role="banner"], [role="contentinfo"], [role="dialog"], [role="alertdialog"], [aria-hidden="true"], [hidden]';

interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}
interface DomDocument {
  body: DomNode | null;
  querySelector(selector: string): DomNode | null;
  querySelectorAll(selector: string): Iterable<DomNode & { remove(): void; closest(selector: string): unknown }>;
}
interface Article {
  title?: string | null;
  byline?: string | null;
  publishedTime?: string | null;
  siteName?: string | null;
  content?: DomNode | null;
}

/** Appends a DOM subtree's prose to `b`: one block per paragraph-like element; headings are shown, not read. */
function collect(node: DomNode, b: TextBuilder): void {
  let line = '';
  const flush = (read = true) => {
    b.block(line.replace(/[ \t\r\n\u00a0]+/g, ' '), read);
    line = '';
  };
  const walk = (n: DomNode) => {
    if (n.nodeType === 3) {
      line += n.textContent ?? '';
      return;
    }
    if (n.nodeType !== 1) return;
    const tag = n.nodeName.toUpperCase();
    if (tag === 'BR') {
      line += ' ';
      return;
    }
    if (HEADING.test(tag)) {
      flush();
      line = n.textContent ?? '';
      flush(false);
      return;
    }
    const block = BLOCK.has(tag);
    if (block) flush();
    for (let i = 0; i < n.childNodes.length; i++) walk(n.childNodes[i]);
    if (block) flush();
  };
  walk(node);
  flush();
}

/**
 * A saved web page's article, found by Mozilla's Readability over a real HTML parser (linkedom): its title, byline
 * and date become metadata and a heading, its body paragraphs the text. Navigation, banners, scripts and "related"
 * boxes are not part of it. A page Readability finds no article in is read from its body, less navigation and
 * the like.
 */
async function extractHtml(html: string, path: string): Promise<Extracted> {
  const { parseHTML } = await import('linkedom');
  const { Readability } = await import('@mozilla/readability');
  const parse = (text: string) => (parseHTML(text) as unknown as { document: DomDocument }).document;
  let document: DomDocument;
  try {
    document = parse(html);
  } catch (e) {
    throw new Error(`${path}: the web page could not be parsed (${reason(e)}); skipped`);
  }
  const pageTitle = oneLine(document.querySelector('title')?.textContent ?? '');
  const strip = (doc: DomDocument) => {
    for (const el of [...doc.querySelectorAll(NEVER)]) el.remove();
    for (const el of [...doc.querySelectorAll('header')]) if (!el.closest('article, main')) el.remove();
  };
  strip(document);
  let article: Article | null = null;
  try {
    article = new Readability<DomNode>(document as never, { serializer: (n) => n as unknown as DomNode, charThreshold: 100 }).parse();
  } catch {
    article = null; // fall back to the body below
  }
  const b = new TextBuilder();
  const meta: Meta = {};
  const title = oneLine(article?.title ?? '') || pageTitle;
  if (title) meta.title = title;
  const byline = oneLine(article?.byline ?? '').replace(/^by\s+/i, '');
  if (byline) meta.author = byline;
  const date = /^(\d{4}-\d{2}-\d{2})/.exec(article?.publishedTime ?? '')?.[1];
  if (date) meta.date = date;
  if (article?.siteName) meta.outlet = oneLine(article.siteName);
  b.block([title, [byline && `By ${byline}`, date].filter(Boolean).join(' · ')].filter(Boolean).join('\n'), false);
  const head = b.text.length;
  if (article?.content) collect(article.content, b);
  else {
    const again = parse(html);
    strip(again);
    if (again.body) collect(again.body, b);
  }
  // A byline left in the body ("By Ana Ortiz") is metadata, not a claim: shown, not read.
  if (byline) {
    const at = b.text.indexOf(`By ${byline}`, head);
    const end = at + `By ${byline}`.length;
    if (at >= 0 && (b.text[end] ?? '\n') === '\n') b.blank.push({ start: at, end });
  }
  if (!b.text.replace(/\s/g, '')) throw new Error(`${path}: the web page has no text; skipped`);
  return { text: b.text, format: 'plain', blank: b.blank, meta };
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** The first clause of a library's error message (no advice or links meant for developers). */
function reason(e: unknown): string {
  return oneLine((e as Error).message ?? String(e)).split(/ : | \(|\. /)[0].replace(/[.]$/, '');
}
