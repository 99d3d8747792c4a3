import type { SourceProblem } from './sources/source';

/**
 * Where the core reports what it could not use (an unreadable source, a bad manifest entry, a duplicate key). The
 * core never throws for bad input and keeps no public list of problems: adapters pass a logger and show what it got.
 */
export interface Logger {
  problem(p: SourceProblem): void;
}

/** Drops everything. */
export const nullLogger: Logger = { problem: () => {} };

/** A logger that keeps what it is told, in order (the CLI prints them; the extension lists them). */
export function collectingLogger(): Logger & { readonly problems: SourceProblem[] } {
  const problems: SourceProblem[] = [];
  return { problems, problem: (p) => void problems.push(p) };
}
