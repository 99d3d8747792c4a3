import { parseSource, type Passage, type Source, type SourceFile, type SourceMeta } from '../sources/source';
import { LineIndex, stripBom, type Span } from '../text/text';

/** What a snapshot keeps of a source besides its path, hash and group: what `parseSource` gave it. */
export interface SnapshotMeta {
  key: string;
  title: string;
  outlet?: string;
  author?: string;
  url?: string;
  date?: string;
  /** The citation key the source asked for (front matter or manifest), when another source had it first. */
  wanted?: string;
}

/**
 * A source adopted from a snapshot: its metadata is the snapshot's, and its file is parsed (markup masked, passages
 * quoted from the snapshot's spans) only when its mask or passages are first read, which a check does only for the
 * sources its candidates come from. The parse is `parseSource`'s, with the same file, metadata and spans, so it gives
 * what an eager adoption would have.
 */
export class SnapshotSource implements Source {
  readonly key: string;
  readonly path: string;
  readonly root?: string;
  readonly title: string;
  readonly outlet?: string;
  readonly author?: string;
  readonly url?: string;
  readonly date?: string;
  group: number;
  private parsed: { mask: string; passages: Passage[] } | undefined;
  private lineIndex: LineIndex | undefined;
  private body: string | undefined;

  constructor(
    private readonly file: SourceFile,
    meta: SnapshotMeta,
    group: number,
    private readonly manifestMeta: Partial<SourceMeta> | undefined,
    private readonly spans: () => Span[],
  ) {
    this.key = meta.key;
    this.path = file.path;
    this.root = file.root;
    this.title = meta.title;
    // Absent fields stay absent (as parseSource's undefined ones), so reports list the same fields.
    this.outlet = meta.outlet;
    this.author = meta.author;
    this.url = meta.url;
    this.date = meta.date;
    this.group = group;
  }

  get text(): string {
    return (this.body ??= stripBom(this.file.text));
  }

  get mask(): string {
    return this.parse().mask;
  }

  get passages(): Passage[] {
    return this.parse().passages;
  }

  get lines(): LineIndex {
    return (this.lineIndex ??= new LineIndex(this.text));
  }

  /** True once the file has been parsed (for tests and timings: adoption parses none). */
  get isParsed(): boolean {
    return this.parsed !== undefined;
  }

  private parse(): { mask: string; passages: Passage[] } {
    if (this.parsed) return this.parsed;
    const p = parseSource(this.file, this.manifestMeta, this.spans());
    return (this.parsed = { mask: p.mask, passages: p.passages });
  }
}
