/** Durations of the extension's own work (providers, checks), kept for the test API and the output channel. */
export class Timings {
  private readonly samples = new Map<string, number[]>();

  /** Runs `f`, recording its duration under `name` (for a promise, until it settles: an archive's round trip counts). */
  time<T>(name: string, f: () => T): T {
    const t0 = performance.now();
    let pending = false;
    try {
      const out = f();
      if (out instanceof Promise) {
        pending = true;
        const done = () => this.record(name, performance.now() - t0);
        out.then(done, done);
      }
      return out;
    } finally {
      if (!pending) this.record(name, performance.now() - t0);
    }
  }

  record(name: string, ms: number): void {
    let list = this.samples.get(name);
    if (!list) this.samples.set(name, (list = []));
    list.push(ms);
    if (list.length > 1000) list.shift();
  }

  /** Median and 95th percentile of each kind of work, in milliseconds. */
  summary(): Record<string, { n: number; median: number; p95: number }> {
    const out: Record<string, { n: number; median: number; p95: number }> = {};
    for (const [name, xs] of this.samples) {
      const s = [...xs].sort((a, b) => a - b);
      const at = (p: number) => +s[Math.min(s.length - 1, Math.floor(p * s.length))].toFixed(2);
      out[name] = { n: s.length, median: at(0.5), p95: at(0.95) };
    }
    return out;
  }
}
