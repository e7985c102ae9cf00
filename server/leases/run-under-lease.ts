import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { acquireLease, releaseLease } from './lease';

/**
 * How long a lease lasts unrenewed. A holder renews it every third of that; a process that
 * dies stops renewing, and the others, asking as often, get it within TTL + a third after
 * its last renewal: a minute.
 */
export const LEASE_TTL_MS = 45_000;

/** How often a runner renews or asks: every interval, and at least every third of the TTL. */
export function leaseTickMs(intervalMs: number, ttlMs: number): number {
  return Math.max(1, Math.min(intervalMs, Math.floor(ttlMs / 3)));
}

export interface LeaseRunnerOptions {
  /** The loop's lease (LOOP_LEASES). */
  name: string;
  /** This process (newHolderId()). */
  holder: string;
  /** The loop's work; runs only while this process holds the lease, never twice at once. */
  run: () => Promise<unknown>;
  /** How often the work runs. */
  intervalMs: number;
  onError: (error: unknown) => void;
  ttlMs?: number;
  /** The clock leases are dated by (tests move it; all processes must agree on it to well within the TTL). */
  now?: () => Date;
  /** Told when this process gains or loses the lease (a log line). */
  onHolderChange?: (holding: boolean) => void;
  /** False: no timer, the caller ticks (tests). */
  timers?: boolean;
}

export interface LeaseRunner {
  /** Renews or tries to take the lease, then runs the work if it is held and due; resolves when both are done. */
  tick(): Promise<void>;
  /** Whether the last renewal got the lease and it has not run out since. */
  holding(): boolean;
  /**
   * Stops the timer, waits for work under way, and gives the lease up; `release: false`
   * leaves it to run out, as a killed process would.
   */
  stop(options?: { release?: boolean }): Promise<void>;
}

/**
 * Runs a background loop in only one of however many server processes share the database:
 * each process ticks every `min(intervalMs, ttl / 3)`, renewing the lease if it holds it or
 * trying to take it if not; only the holder runs the work, every `intervalMs`, and a new
 * holder at once (what the old one missed). The work itself must still be safe to run
 * twice (the queues claim rows by conditional update): a holder stalled past its lease
 * (a long pause) may finish a run after another took over.
 */
export function runUnderLease(db: Kysely<DB>, options: LeaseRunnerOptions): LeaseRunner {
  const ttlMs = options.ttlMs ?? LEASE_TTL_MS;
  const now = options.now ?? (() => new Date());
  const tickMs = leaseTickMs(options.intervalMs, ttlMs);
  let heldUntil: number | undefined;
  let lastRunAt: number | undefined;
  let renewing: Promise<void> | undefined;
  let working: Promise<void> | undefined;
  let stopped = false;

  const holding = () => heldUntil !== undefined && now().getTime() < heldUntil;

  const renew = async () => {
    const wasHolding = holding();
    try {
      const expiresAt = await acquireLease(db, options.name, options.holder, ttlMs, now());
      heldUntil = expiresAt ? new Date(expiresAt).getTime() : undefined;
    } catch (error) {
      // Not knowing is not holding: the work waits until a renewal gets through.
      heldUntil = undefined;
      options.onError(error);
    }
    if (holding() !== wasHolding) {
      if (!holding()) lastRunAt = undefined;
      options.onHolderChange?.(holding());
    }
  };

  // A tick shortly early still counts, so timer jitter does not skip a whole interval.
  const due = () => lastRunAt === undefined || now().getTime() - lastRunAt + tickMs / 2 >= options.intervalMs;

  const work = async () => {
    lastRunAt = now().getTime();
    try {
      await options.run();
    } catch (error) {
      options.onError(error);
    }
  };

  const tick = async () => {
    if (stopped) return;
    renewing ??= renew().finally(() => (renewing = undefined));
    await renewing;
    if (stopped || working || !holding() || !due()) return;
    working = work().finally(() => (working = undefined));
    await working;
  };

  let timer: NodeJS.Timeout | undefined;
  if (options.timers !== false) {
    void tick();
    timer = setInterval(() => void tick(), tickMs);
    timer.unref();
  }

  return {
    tick,
    holding,
    async stop({ release = true } = {}) {
      stopped = true;
      clearInterval(timer);
      await renewing;
      await working;
      heldUntil = undefined;
      if (release) await releaseLease(db, options.name, options.holder).catch(options.onError);
    },
  };
}
