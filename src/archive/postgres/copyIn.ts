import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/**
 * Sends finished binary COPY data (a `BinaryCopyWriter`'s) with `statement` (`COPY … FROM STDIN WITH (FORMAT
 * binary)`), in pieces of 1 MB: COPY data may break anywhere, and pieces keep the socket's writes moderate.
 */
export async function copyBinaryIn(client: ClientBase, statement: string, data: Uint8Array): Promise<void> {
  await pipeline(Readable.from(slices(data)), client.query(copyFrom(statement)));
}

function* slices(b: Uint8Array): Generator<Buffer> {
  for (let at = 0; at < b.length; at += 1 << 20)
    yield Buffer.from(b.buffer, b.byteOffset + at, Math.min(1 << 20, b.length - at));
}
