import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { DB } from '../../server/db/schema';
import { acquireLease } from '../../server/leases/lease';
import { newHolderId } from '../../server/leases/holder-id';
import { LEASE_TTL_MS, leaseTickMs, runUnderLease, type LeaseRunner, type LeaseRunnerOptions } from '../../server/leases/run-under-lease';
import { testClock } from '../support/office-fixture';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../support/test-database';

const TTL_MS = 45_000;
const INTERVAL_MS = 3_000;

/** Work that, once started, waits until the test lets it finish. */
function heldWork() {
  let open!: () => void;
  let signal!: () => void;
  const started = new Promise<void>((resolve) => (signal = resolve));
  const gate = new Promise<void>((resolve) => (open = resolve));
  return { started, open, wait: () => (signal(), gate) };
}

// Two server processes on one database: each runner has its own connection to it and its
// own holder id, and both read one clock the test moves (no real waiting, no timers).
describeEachDatabase('leases: one process runs each background loop', (dialect) => {
  let test: TestDatabase;
  let clock: ReturnType<typeof testClock>;
  let runners: LeaseRunner[];
  let errors: unknown[];
  beforeEach(async () => {
    test = await createTestDatabase(dialect);
    clock = testClock(new Date('2026-05-04T10:00:00.000Z'));
    runners = [];
    errors = [];
  });
  afterEach(async () => {
    for (const runner of runners) await runner.stop({ release: false });
    await test.dispose();
  });

  /** A process: its own connection and holder id, a count of the runs of its work. */
  const server = (db: Kysely<DB>, options: Partial<LeaseRunnerOptions> = {}) => {
    const runs: string[] = [];
    const runner = runUnderLease(db, {
      name: 'objection-cancel',
      holder: newHolderId(),
      run: async () => void runs.push(clock.now().toISOString()),
      intervalMs: INTERVAL_MS,
      ttlMs: TTL_MS,
      now: clock.now,
      onError: (error) => errors.push(error),
      timers: false,
      ...options,
    });
    runners.push(runner);
    return { runner, runs };
  };
  const leaseRow = (name = 'objection-cancel') => test.database.db.selectFrom('leases').selectAll().where('name', '=', name).executeTakeFirst();

  it('runs the work in one of two processes only, every interval, renewing as it goes', async () => {
    const a = server(test.database.db);
    const b = server(test.openAnother().db);
    for (let i = 0; i < 20; i++) {
      // Either may tick first: whoever got the lease keeps it.
      await (i % 2 ? [a, b] : [b, a]).reduce((done, p) => done.then(() => p.runner.tick()), Promise.resolve());
      clock.advanceMs(INTERVAL_MS);
    }
    // Twenty intervals, twenty runs, all by the process that ticked first; the other never ran.
    expect([a.runs.length, b.runs.length]).toEqual([0, 20]);
    expect([a.runner.holding(), b.runner.holding()]).toEqual([false, true]);
    // 60 s past the first take, the lease is still the first's, and runs out a TTL after its last renewal.
    const row = await leaseRow();
    expect(row).toEqual({ name: 'objection-cancel', holder: expect.any(String), acquired_at: '2026-05-04T10:00:00.000Z', expires_at: new Date(clock.now().getTime() - INTERVAL_MS + TTL_MS).toISOString() });
    expect(errors).toEqual([]);
  });

  it('does not run the work twice at once in one process, nor before its interval has passed', async () => {
    const held = heldWork();
    let runs = 0;
    const one = server(test.database.db, { run: async () => (++runs === 1 ? held.wait() : undefined) });
    const first = one.runner.tick();
    await held.started;
    clock.advanceMs(INTERVAL_MS);
    await one.runner.tick();
    expect(runs).toBe(1);
    held.open();
    await first;
    // Due again (an interval since the first began), then not until the next interval.
    await one.runner.tick();
    clock.advanceMs(INTERVAL_MS / 3);
    await one.runner.tick();
    expect(runs).toBe(2);
    clock.advanceMs(INTERVAL_MS - INTERVAL_MS / 3);
    await one.runner.tick();
    expect(runs).toBe(3);
  });

  it('keeps the lease while a long run goes on: the holder renews during it and nobody else starts', async () => {
    const held = heldWork();
    const a = server(test.database.db, { run: held.wait, intervalMs: 10 * 60 * 1000 });
    const b = server(test.openAnother().db, { intervalMs: 10 * 60 * 1000 });
    const long = a.runner.tick();
    await held.started;
    // Two TTLs of work, a renewal every third of a TTL as the timer would.
    for (let i = 0; i < 6; i++) {
      clock.advanceMs(TTL_MS / 3);
      await a.runner.tick();
      await b.runner.tick();
      expect([i, b.runner.holding(), b.runs.length]).toEqual([i, false, 0]);
    }
    held.open();
    await long;
    expect([a.runner.holding(), b.runs.length]).toEqual([true, 0]);
  });

  it('a holder killed without releasing: the other waits out the lease, then takes over and runs at once', async () => {
    const a = server(test.database.db);
    const b = server(test.openAnother().db);
    await a.runner.tick();
    await b.runner.tick();
    expect([a.runs.length, b.runs.length]).toEqual([1, 0]);
    // Killed: no more renewals, nothing released.
    await a.runner.stop({ release: false });
    expect((await leaseRow())?.holder).toBeDefined();
    const lastRenewal = clock.now().getTime();
    while (clock.now().getTime() + INTERVAL_MS < lastRenewal + TTL_MS) {
      clock.advanceMs(INTERVAL_MS);
      await b.runner.tick();
      expect([clock.now(), b.runner.holding(), b.runs.length]).toEqual([clock.now(), false, 0]);
    }
    clock.advanceMs(lastRenewal + TTL_MS - 1 - clock.now().getTime());
    await b.runner.tick();
    expect(b.runner.holding()).toBe(false);
    // The lease ran out TTL after its last renewal: the next ask gets it, and the work runs then.
    clock.advanceMs(1);
    await b.runner.tick();
    expect([b.runner.holding(), b.runs]).toEqual([true, [clock.now().toISOString()]]);
    expect(await leaseRow()).toMatchObject({ acquired_at: clock.now().toISOString(), expires_at: new Date(clock.now().getTime() + TTL_MS).toISOString() });
  });

  it('a graceful stop finishes the run under way, gives the lease up, and the other takes over at its next tick', async () => {
    const held = heldWork();
    let aRuns = 0;
    const a = server(test.database.db, { run: () => (aRuns++, held.wait()) });
    const b = server(test.openAnother().db);
    const running = a.runner.tick();
    await held.started;
    const stopping = a.runner.stop();
    // Not given up while its work is under way.
    await b.runner.tick();
    expect(b.runner.holding()).toBe(false);
    held.open();
    await Promise.all([running, stopping]);
    expect([aRuns, await leaseRow()]).toEqual([1, undefined]);
    // No wait for the TTL: the same instant.
    await b.runner.tick();
    expect([b.runner.holding(), b.runs.length]).toEqual([true, 1]);
    // A stopped runner runs nothing more even when ticked.
    await a.runner.tick();
    expect(aRuns).toBe(1);
  });

  it('never holds a lease past its expiry: a holder that missed its renewals stops running the moment it ran out', async () => {
    const a = server(test.database.db);
    const b = server(test.openAnother().db);
    await a.runner.tick();
    clock.advanceMs(TTL_MS - 1);
    expect(a.runner.holding()).toBe(true);
    clock.advanceMs(1);
    // Its own clock says so before any statement is sent.
    expect(a.runner.holding()).toBe(false);
    await b.runner.tick();
    expect(b.runner.holding()).toBe(true);
    // The old holder comes back (a long pause): its renewal is refused, it does not run.
    clock.advanceMs(INTERVAL_MS);
    await a.runner.tick();
    expect([a.runner.holding(), a.runs.length]).toEqual([false, 1]);
    await b.runner.tick();
    expect([b.runner.holding(), b.runs.length]).toEqual([true, 2]);
  });

  it('gives the lease to exactly one of many processes asking at the same instant', async () => {
    const handles = [test.database, test.openAnother(), test.openAnother(), test.openAnother()];
    const holders = handles.map(() => newHolderId());
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all(handles.map((handle, i) => acquireLease(handle.db, 'otp-send', holders[i]!, TTL_MS, clock.now())));
      // The first round races for a free lease, the later ones for one that just ran out.
      expect([round, answers.filter(Boolean).length]).toEqual([round, 1]);
      clock.advanceMs(TTL_MS);
    }
  });

  it('keeps separate loops separate: one process may hold one lease while another holds the next', async () => {
    const a = server(test.database.db, { name: 'otp-send' });
    const b = server(test.openAnother().db, { name: 'upload-clean' });
    await a.runner.tick();
    await b.runner.tick();
    expect([a.runs.length, b.runs.length]).toEqual([1, 1]);
  });
});

it('a process id is unique per process start, not the pid alone', () => {
  const first = newHolderId();
  const second = newHolderId();
  expect(first).not.toBe(second);
  expect(first.split(':').slice(0, -1)).toEqual(second.split(':').slice(0, -1));
});

it('asks at least every third of the TTL, so a dead holder is replaced within a minute of its last renewal', () => {
  // The objection timer and upload cleaner run every ten minutes, the SMS queues every three seconds.
  expect([leaseTickMs(10 * 60 * 1000, LEASE_TTL_MS), leaseTickMs(3_000, LEASE_TTL_MS)]).toEqual([15_000, 3_000]);
  expect(LEASE_TTL_MS + leaseTickMs(10 * 60 * 1000, LEASE_TTL_MS)).toBeLessThanOrEqual(60_000);
});
