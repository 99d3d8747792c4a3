import type { PassageFeatures, PassageHit, Vocabulary } from './passageIndex';

/** What a hit reads of its index: the two-sentence window from a passage (undefined at a paragraph's end). */
export interface WindowSource {
  window(pid: number): PassageFeatures | undefined;
}

/** A hit whose windows are built when first read: most candidates never need them. */
export class MemoryHit implements PassageHit {
  private next: PassageFeatures | undefined | null = null;
  private previous: PassageFeatures | undefined | null = null;

  constructor(
    private readonly index: WindowSource,
    private readonly pid: number,
    readonly features: PassageFeatures,
  ) {}

  get withNext(): PassageFeatures | undefined {
    if (this.next === null) this.next = this.index.window(this.pid);
    return this.next;
  }

  get withPrevious(): PassageFeatures | undefined {
    if (this.previous === null) this.previous = this.index.window(this.pid - 1);
    return this.previous;
  }
}

/** The `Vocabulary` of an index, read through to it (so it follows the index as sources are added). */
export function vocabularyOf(index: {
  readonly passageCount: number;
  stemId(stem: string): number | undefined;
  stemName(id: number): string;
  documentFrequency(id: number): number;
  vectorRowOf(id: number): number;
}): Vocabulary {
  return {
    get passageCount() {
      return index.passageCount;
    },
    idOf: (stem) => index.stemId(stem),
    stemOf: (id) => index.stemName(id),
    documentFrequency: (id) => index.documentFrequency(id),
    vectorRowOf: (id) => index.vectorRowOf(id),
  };
}
