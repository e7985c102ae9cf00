import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';

/**
 * Takes the lease `name` for `holder` until `now + ttlMs`, or renews it if `holder` has it
 * already, in one statement: the row is written only if nobody holds it, its holder's time
 * ran out, or it is `holder`'s own. Two processes asking at once cannot both get it (the
 * second's conflict sees the first's row). Returns the new expiry if `holder` now holds the
 * lease, undefined if someone else does.
 */
export async function acquireLease(db: Kysely<DB>, name: string, holder: string, ttlMs: number, now: Date): Promise<string | undefined> {
  const at = now.toISOString();
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  const row = await db
    .insertInto('leases')
    .values({ name, holder, expires_at: expiresAt, acquired_at: at })
    .onConflict((conflict) =>
      conflict
        .column('name')
        .doUpdateSet({
          holder,
          expires_at: expiresAt,
          // A renewal keeps the time the holder first took it: an operator sees how long one process has run the loop.
          acquired_at: sql<string>`case when leases.holder = ${holder} then leases.acquired_at else ${at} end`,
        })
        .where(sql<boolean>`leases.expires_at <= ${at} or leases.holder = ${holder}`),
    )
    .returning('expires_at')
    .executeTakeFirst();
  return row?.expires_at;
}

/** Gives the lease up at once (a graceful stop), if `holder` still has it: the next process need not wait out its time. */
export async function releaseLease(db: Kysely<DB>, name: string, holder: string): Promise<void> {
  await db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
}
