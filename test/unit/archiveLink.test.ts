import { strict as assert } from 'node:assert';
import {
  ArchiveLink,
  retryDelay,
  RETRY_FIRST_MS,
  RETRY_MAX_MS,
  type LinkState,
  type Timers,
} from '../../src/vscode/archiveLink';

/** Timers run by hand: `fire()` runs the next due timer and says how long it was set for. */
function fakeTimers() {
  const pending: { run: () => void; ms: number; id: number }[] = [];
  let next = 0;
  const timers: Timers = {
    set: (run, ms) => {
      const id = ++next;
      pending.push({ run, ms, id });
      return id;
    },
    clear: (handle) => {
      const i = pending.findIndex((p) => p.id === handle);
      if (i >= 0) pending.splice(i, 1);
    },
  };
  return {
    timers,
    pending,
    fire(): number {
      const t = pending.shift();
      if (!t) throw new Error('no timer pending');
      t.run();
      return t.ms;
    },
  };
}

/** Resolves once every promise callback queued so far has run. */
const settle = () => new Promise<void>((r) => setImmediate(r));

class FakeArchive {
  closed = 0;
  async close() {
    this.closed++;
  }
}

function link(open: (url: string) => Promise<FakeArchive>) {
  const clock = fakeTimers();
  const states: LinkState<FakeArchive>[] = [];
  const l = new ArchiveLink<FakeArchive>(
    open,
    (e) => (e as Error).message,
    (s) => states.push(s),
    clock.timers,
  );
  return { l, clock, states, kinds: () => states.map((s) => s.kind) };
}

describe('the archive link (retries with backoff)', () => {
  it('waits 5 s after the first failure, doubling each time, never more than 5 minutes', () => {
    const delays = Array.from({ length: 10 }, (_, i) => retryDelay(i + 1));
    assert.deepEqual(delays, [5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000, 300_000]);
    assert.equal(RETRY_FIRST_MS, 5_000);
    assert.equal(RETRY_MAX_MS, 300_000);
    assert.equal(retryDelay(1000), RETRY_MAX_MS);
  });

  it('retries an unreachable archive on that schedule, and reports it connected when it comes back', async () => {
    let up = false;
    let opens = 0;
    const { l, clock, states } = link(async () => {
      opens++;
      if (!up) throw new Error('connection refused');
      return new FakeArchive();
    });
    l.configure('postgres://db/archive');
    await settle();
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const s = l.current;
      assert.equal(s.kind, 'unavailable');
      assert.equal(s.kind === 'unavailable' && s.reason, 'connection refused');
      waits.push(clock.fire());
      await settle();
    }
    assert.deepEqual(waits, [5_000, 10_000, 20_000, 40_000]);
    assert.equal(opens, 5);
    up = true;
    assert.equal(clock.fire(), 80_000);
    await settle();
    const s = l.current;
    assert.equal(s.kind, 'connected');
    assert.equal(s.kind === 'connected' && s.recovered, 5);
    assert.equal(clock.pending.length, 0, 'no retry is pending once connected');
    assert.equal(states.filter((x) => x.kind === 'unavailable').length, 5);
  });

  it('after losing an open archive, closes it and starts the schedule again from 5 s', async () => {
    const opened: FakeArchive[] = [];
    let up = true;
    const { l, clock } = link(async () => {
      if (!up) throw new Error('timed out');
      const a = new FakeArchive();
      opened.push(a);
      return a;
    });
    l.configure('postgres://db/archive');
    await settle();
    const first = l.current;
    assert.equal(first.kind, 'connected');
    assert.equal(first.kind === 'connected' && first.recovered, 0);
    up = false;
    l.lost(opened[0], new Error('lost the archive: connection reset'));
    await settle();
    assert.equal(opened[0].closed, 1);
    assert.equal(l.current.kind, 'unavailable');
    assert.equal(clock.pending[0]?.ms, 5_000);
    // A second report of the same loss changes nothing.
    l.lost(opened[0], new Error('again'));
    assert.equal(clock.pending.length, 1);
    up = true;
    clock.fire();
    await settle();
    assert.equal(l.current.kind, 'connected');
    assert.equal(opened.length, 2);
  });

  it('stops retrying when the URL is cleared, and closes an archive whose open finished after the URL changed', async () => {
    const resolvers: ((a: FakeArchive) => void)[] = [];
    const { l, clock, kinds } = link((url) =>
      url.endsWith('slow')
        ? new Promise<FakeArchive>((r) => resolvers.push(r))
        : Promise.reject(new Error('unknown host')),
    );
    l.configure('postgres://db/bad');
    await settle();
    assert.equal(clock.pending.length, 1);
    l.configure('');
    assert.equal(clock.pending.length, 0, 'the retry is cancelled');
    assert.equal(l.current.kind, 'off');
    l.configure('postgres://db/slow');
    l.configure('postgres://db/other');
    const late = new FakeArchive();
    resolvers[0](late);
    await settle();
    assert.equal(late.closed, 1, 'the stale open is closed unused');
    const now = l.current as LinkState<FakeArchive>;
    assert.equal(now.kind, 'unavailable');
    assert.equal(now.kind === 'unavailable' && now.url, 'postgres://db/other');
    assert.deepEqual(kinds(), ['connecting', 'unavailable', 'off', 'connecting', 'connecting', 'unavailable']);
  });

  it('configuring the same URL again does not reconnect; reconnect does, with the count reset', async () => {
    let opens = 0;
    const { l, clock } = link(async () => {
      opens++;
      throw new Error('authentication failed');
    });
    l.configure('postgres://db/a');
    await settle();
    clock.fire();
    await settle();
    assert.equal(opens, 2);
    l.configure('postgres://db/a');
    await settle();
    assert.equal(opens, 2);
    l.reconnect();
    await settle();
    assert.equal(opens, 3);
    assert.equal(l.current.kind === 'unavailable' && l.current.failures, 1);
    assert.equal(clock.pending.length, 1);
    assert.equal(clock.pending[0].ms, 5_000);
    l.dispose();
    assert.equal(clock.pending.length, 0);
  });
});
