// Growth checks that hold on a slow or busy machine: time the same work on n and on 4n characters, in the same
// test, and compare. Linear work grows about 4 times; quadratic work 16 times. Time is this process's CPU time,
// which other processes on the machine do not inflate as they do the wall clock's.

/** Milliseconds of CPU time (user and system) this process spends running `f`. */
const elapsed = (f: () => unknown) => {
  const t0 = process.cpuUsage();
  f();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / 1000;
};

const collect = (globalThis as { gc?: () => void }).gc ?? (() => {});

/**
 * How many times longer `run` takes on `make(4n)` than on `make(n)`. Both are run the same number of times in a row,
 * enough for the small text to take at least 10 ms (shorter times are mostly timer noise), with small inputs, so
 * that the garbage collector's work stays proportional; the fastest of `rounds` alternating timings of each counts
 * (the one least disturbed by other work), after a warm-up.
 */
export function growth(make: (n: number) => string, run: (text: string) => unknown, n: number, rounds = 5): number {
  const small = make(n);
  const large = make(4 * n);
  let k = 1;
  const times = (text: string) => () => {
    for (let i = 0; i < k; i++) run(text);
  };
  run(small);
  run(large);
  while (k < 256 && elapsed(times(small)) < 10) k *= 2;
  let a = Infinity;
  let b = Infinity;
  for (let r = 0; r < rounds; r++) {
    collect();
    a = Math.min(a, elapsed(times(small)));
    collect();
    b = Math.min(b, elapsed(times(large)));
  }
  return b / Math.max(a, 0.001);
}

/** The most 4 times the input may multiply the time by: 4 for linear work, with room for a noisy machine; 16 is quadratic. */
export const MAX_GROWTH = 6;

/**
 * The growth ratio of `run` on `make`, measured again (up to `attempts` times) while it exceeds MAX_GROWTH, each time
 * on inputs twice as long: a quadratic scan grows more clearly the longer the input (towards 16), while the timer
 * and the garbage collector, the usual sources of a noisy ratio on a shared machine, matter less.
 */
export function steadyGrowth(make: (n: number) => string, run: (text: string) => unknown, n: number, attempts = 4): number {
  let g = Infinity;
  for (let i = 0; i < attempts && g >= MAX_GROWTH; i++) g = Math.min(g, growth(make, run, n * 2 ** i));
  return g;
}

/** `unit` repeated to at least n characters. */
export const repeated = (unit: string) => (n: number) => unit.repeat(Math.ceil(n / unit.length));
