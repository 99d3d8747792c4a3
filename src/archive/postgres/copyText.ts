/**
 * Rows in PostgreSQL's COPY text format (tab-separated, `\N` for NULL, backslash escapes), for pg-copy-streams.
 * Values are data, never SQL: COPY parses no statement, only these escapes.
 */
export type CopyValue = string | number | boolean | null | undefined | readonly string[] | Uint8Array;

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeText(s: string): string {
  return /[\\\n\r\t]/.test(s) ? s.replace(/[\\\n\r\t]/g, (c) => ESCAPES[c]) : s;
}

/** An array literal of text elements: each quoted, with `"` and `\` escaped. */
function arrayLiteral(items: readonly string[]): string {
  return '{' + items.map((s) => '"' + s.replace(/[\\"]/g, '\\$&') + '"').join(',') + '}';
}

export function copyField(v: CopyValue): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (v instanceof Uint8Array) return '\\\\x' + Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex');
  if (typeof v === 'string') return escapeText(v);
  return escapeText(arrayLiteral(v));
}

export function copyRow(values: readonly CopyValue[]): string {
  return values.map(copyField).join('\t') + '\n';
}
