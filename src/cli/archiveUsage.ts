// The archive commands' synopsis, apart from their code: `corroborate --help` prints it without loading the
// PostgreSQL client.
export const ARCHIVE_USAGE = `  corroborate archive init --db URL
  corroborate archive add --db URL DIR... [--batch N] [--no-compact]
  corroborate archive compact --db URL
  corroborate archive remove --db URL PATH...
  corroborate archive status --db URL [--format text|json]`;
