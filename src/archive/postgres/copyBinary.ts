/**
 * Rows in PostgreSQL's binary COPY format (`COPY ... FROM STDIN WITH (FORMAT binary)`), for pg-copy-streams: a
 * header, then per row a field count and each field as a length and its bytes in the type's binary (`recv`)
 * form, then a trailer. Against the text format, nothing is escaped here and nothing is parsed by the server
 * (bytea goes as its bytes, not as hex twice its size; arrays as lengths and elements, not quoted literals).
 * Values are data, never SQL. Made on the loader's worker threads, one growing buffer per COPY.
 */

/** Element type OIDs of the arrays written (the server checks them against the column's element type). */
const TEXT_OID = 25;
const INT4_OID = 23;
const INT8_OID = 20;

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

export class BinaryCopyWriter {
  private buf: Buffer;
  private at = 0;

  constructor(initialBytes = 1 << 20) {
    // Not from Node's shared pool: the finished buffer is transferred to another thread whole.
    this.buf = Buffer.allocUnsafeSlow(Math.max(64, initialBytes));
    SIGNATURE.copy(this.buf, 0);
    this.at = SIGNATURE.length;
    this.int32(0); // flags: no OIDs
    this.int32(0); // header extension length
  }

  /** Starts a row of `fields` values (each written next by one of the field methods). */
  row(fields: number): this {
    this.ensure(2);
    this.buf.writeInt16BE(fields, this.at);
    this.at += 2;
    return this;
  }

  null(): this {
    return this.int32(-1);
  }

  int4(v: number): this {
    this.int32(4);
    return this.int32(v);
  }

  /** A bigint column; `v` is a safe integer (article ids). */
  int8(v: number): this {
    this.int32(8);
    this.int64(v);
    return this;
  }

  bool(v: boolean): this {
    this.int32(1);
    this.ensure(1);
    this.buf[this.at++] = v ? 1 : 0;
    return this;
  }

  text(s: string): this {
    // UTF-8 takes at most 3 bytes per UTF-16 unit; the length is written once the bytes are.
    this.ensure(4 + s.length * 3);
    const n = this.buf.write(s, this.at + 4, 'utf8');
    this.buf.writeInt32BE(n, this.at);
    this.at += 4 + n;
    return this;
  }

  optionalText(s: string | undefined): this {
    return s === undefined ? this.null() : this.text(s);
  }

  bytea(b: Uint8Array): this {
    this.int32(b.byteLength);
    this.ensure(b.byteLength);
    this.buf.set(b, this.at);
    this.at += b.byteLength;
    return this;
  }

  textArray(items: readonly string[]): this {
    const lengthAt = this.arrayHeader(TEXT_OID, items.length);
    for (const s of items) {
      this.ensure(4 + s.length * 3);
      const n = this.buf.write(s, this.at + 4, 'utf8');
      this.buf.writeInt32BE(n, this.at);
      this.at += 4 + n;
    }
    return this.endArray(lengthAt);
  }

  int4Array(items: ArrayLike<number>): this {
    const lengthAt = this.arrayHeader(INT4_OID, items.length);
    this.ensure(items.length * 8);
    for (let i = 0; i < items.length; i++) {
      this.buf.writeInt32BE(4, this.at);
      this.buf.writeInt32BE(items[i], this.at + 4);
      this.at += 8;
    }
    return this.endArray(lengthAt);
  }

  int8Array(items: ArrayLike<number>): this {
    const lengthAt = this.arrayHeader(INT8_OID, items.length);
    this.ensure(items.length * 12);
    for (let i = 0; i < items.length; i++) {
      this.buf.writeInt32BE(8, this.at);
      this.at += 4;
      this.int64(items[i]);
    }
    return this.endArray(lengthAt);
  }

  /** The finished COPY data (trailer included); the writer is not used after. */
  finish(): Uint8Array {
    this.ensure(2);
    this.buf.writeInt16BE(-1, this.at);
    this.at += 2;
    return new Uint8Array(this.buf.buffer, this.buf.byteOffset, this.at);
  }

  /** An array's header (one dimension, no NULLs, lower bound 1); returns where its field length goes. */
  private arrayHeader(oid: number, n: number): number {
    const lengthAt = this.at;
    this.ensure(24);
    this.at += 4;
    if (n === 0) {
      // An empty array has no dimensions.
      this.buf.writeInt32BE(0, this.at);
      this.buf.writeInt32BE(0, this.at + 4);
      this.buf.writeInt32BE(oid, this.at + 8);
      this.at += 12;
      return lengthAt;
    }
    this.buf.writeInt32BE(1, this.at);
    this.buf.writeInt32BE(0, this.at + 4);
    this.buf.writeInt32BE(oid, this.at + 8);
    this.buf.writeInt32BE(n, this.at + 12);
    this.buf.writeInt32BE(1, this.at + 16);
    this.at += 20;
    return lengthAt;
  }

  private endArray(lengthAt: number): this {
    this.buf.writeInt32BE(this.at - lengthAt - 4, lengthAt);
    return this;
  }

  private int32(v: number): this {
    this.ensure(4);
    this.buf.writeInt32BE(v, this.at);
    this.at += 4;
    return this;
  }

  private int64(v: number): void {
    if (!Number.isSafeInteger(v)) throw new Error(`not a safe integer: ${v}`);
    this.ensure(8);
    // Two's complement in two halves (no BigInt per value: postings hold millions).
    const high = Math.floor(v / 4294967296);
    this.buf.writeInt32BE(high, this.at);
    this.buf.writeUInt32BE(v - high * 4294967296, this.at + 4);
    this.at += 8;
  }

  private ensure(n: number): void {
    if (this.at + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.at + n) size *= 2;
    const grown = Buffer.allocUnsafeSlow(size);
    this.buf.copy(grown, 0, 0, this.at);
    this.buf = grown;
  }
}
