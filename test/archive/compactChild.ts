// A compaction in its own process, for compact.test.ts to kill: `node -r tsx/cjs compactChild.ts URL`. Merges
// every stem's rows in transactions of a few rows, and prints a line after each commit.
import { connectArchive } from '../../src/archive/postgres/connect';
import { compactPostings } from '../../src/archive/postgres/compact';

(async () => {
  const client = await connectArchive(process.argv[2]);
  await compactPostings(client, { full: true, rowsPerTransaction: 20, onCommit: (p) => process.stdout.write(`${p.rowsBefore}\n`) });
  await client.end();
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
