/** A growable Int32Array: columnar storage for millions of entries without per-entry objects. */
export class IntList {
  data: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(Math.max(4, this.data.length * 2));
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  /** A list over an existing array (not copied). */
  static of(data: Int32Array): IntList {
    const l = new IntList(0);
    l.data = data;
    l.length = data.length;
    return l;
  }

  get(i: number): number {
    return this.data[i];
  }

  /** A copy of exactly the used part. */
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}
