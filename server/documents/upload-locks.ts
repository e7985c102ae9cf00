import { randomUUID } from 'node:crypto';
import { ERRORS, type Lock, type Locker, type RequestRelease } from '@tus/server';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';

export interface UploadLockTimes {
  /** How long a lock outlives its holder's last renewal: a killed process's lock lapses this long after. */
  leaseMs: number;
  /** How often a holder renews its lease (and sees whether another request asked it to let go). */
  renewMs: number;
  /** How long a request waits for the lock before tus's lock-timeout refusal. */
  acquireTimeoutMs: number;
  /** How often a waiting request tries again. */
  retryMs: number;
}

export const DEFAULT_UPLOAD_LOCK_TIMES: UploadLockTimes = { leaseMs: 15_000, renewMs: 3_000, acquireTimeoutMs: 10_000, retryMs: 100 };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * tus's per-upload lock shared by every server process on one PostgreSQL: a lease row in
 * `upload_locks` (0051) instead of tus's in-memory map, so two PATCHes of one upload on two
 * processes never interleave. The semantics are tus's own: a request that finds the lock
 * held asks the holder to let go (a device that sends HEAD or PATCH again has given up on
 * its earlier request, which is likely a dead connection), waits for it, and is refused
 * with tus's lock timeout if it does not come. A holder in this process is asked at once;
 * one in another process sees the request at its next renewal. A process that dies holds
 * nothing past its lease: nobody renews it, and an expired lease is taken over. Times are
 * the database's clock, never one server's against another's.
 */
export class DatabaseUploadLocker implements Locker {
  /** Locks this process holds, by upload: so a newer request here reaches the holder without waiting for a renewal. */
  readonly held = new Map<string, RequestRelease>();

  constructor(
    readonly db: Kysely<DB>,
    readonly times: UploadLockTimes = DEFAULT_UPLOAD_LOCK_TIMES,
  ) {}

  newLock(id: string): Lock {
    return new LeaseLock(this, id);
  }
}

class LeaseLock implements Lock {
  private readonly holder = randomUUID();
  private renewal: NodeJS.Timeout | undefined;
  private release: RequestRelease | undefined;

  constructor(
    private readonly locker: DatabaseUploadLocker,
    private readonly id: string,
  ) {}

  async lock(signal: AbortSignal, requestRelease: RequestRelease): Promise<void> {
    const { times } = this.locker;
    const deadline = Date.now() + times.acquireTimeoutMs;
    let asked = false;
    for (;;) {
      if (await this.take()) break;
      if (!asked) {
        asked = true;
        await this.askHolderToRelease();
      }
      if (signal.aborted || Date.now() >= deadline) throw ERRORS.ERR_LOCK_TIMEOUT;
      await sleep(times.retryMs);
    }
    this.release = requestRelease;
    this.locker.held.set(this.id, requestRelease);
    let releaseAsked = false;
    const askOnce = () => {
      if (releaseAsked) return;
      releaseAsked = true;
      void requestRelease();
    };
    this.renewal = setInterval(() => {
      this.renew().then(
        (state) => {
          // Lost (it lapsed and another took it) or asked for: stop writing, tus unlocks.
          if (state !== 'kept') askOnce();
        },
        // The database unreachable: the lease lapses by itself, and every write checks the offset it writes at.
        () => undefined,
      );
    }, times.renewMs);
    this.renewal.unref();
  }

  async unlock(): Promise<void> {
    clearInterval(this.renewal);
    if (this.release && this.locker.held.get(this.id) === this.release) this.locker.held.delete(this.id);
    await sql`delete from upload_locks where upload_id = ${this.id} and holder = ${this.holder}`.execute(this.locker.db);
  }

  /** Inserts the lease, or takes over one that has expired; true if it is now this lock's. */
  private async take(): Promise<boolean> {
    const { rows } = await sql<{ holder: string }>`
      insert into upload_locks (upload_id, holder, expires_at, release_requested)
      values (${this.id}, ${this.holder}, now() + ${this.locker.times.leaseMs}::integer * interval '1 millisecond', false)
      on conflict (upload_id) do update set holder = excluded.holder, expires_at = excluded.expires_at, release_requested = false
      where upload_locks.expires_at < now()
      returning holder`.execute(this.locker.db);
    return rows[0]?.holder === this.holder;
  }

  private async askHolderToRelease(): Promise<void> {
    const here = this.locker.held.get(this.id);
    if (here) await here();
    await sql`update upload_locks set release_requested = true where upload_id = ${this.id} and holder <> ${this.holder}`.execute(this.locker.db);
  }

  private async renew(): Promise<'kept' | 'lost' | 'asked'> {
    const { rows } = await sql<{ release_requested: boolean }>`
      update upload_locks set expires_at = now() + ${this.locker.times.leaseMs}::integer * interval '1 millisecond'
      where upload_id = ${this.id} and holder = ${this.holder}
      returning release_requested`.execute(this.locker.db);
    if (!rows[0]) return 'lost';
    return rows[0].release_requested ? 'asked' : 'kept';
  }
}
