import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';

// After this many wrong passwords in a row for one name from one address, that address waits.
export const MAX_FAILED_SIGN_INS = 10;
export const SIGN_IN_LOCK_MS = 15 * 60 * 1000;
// Counts untouched this long are dropped, so names tried once do not pile up for ever.
const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;
// Real user names have at most 40 characters; a longer one only has to lock like the rest.
const NAME_KEY_LENGTH = 64;

/** The name as the user lookup reads it (trimmed, lowercased), cut to a bounded key (by code point). */
export function lockName(username: string): string {
  return Array.from(username.trim().toLowerCase()).slice(0, NAME_KEY_LENGTH).join('');
}

export type Admission = { admitted: true } | { admitted: false; retryAfterSeconds: number };

/**
 * Counts a sign-in attempt before its password is checked, in one statement, so that
 * parallel guesses cannot all read the same old count: the first ten since the last
 * success are checked (the tenth starts the lock), every later one is refused until the
 * lock runs out, and the first attempt after that starts counting again.
 */
export async function admitSignIn(db: Kysely<DB>, username: string, address: string, now: Date): Promise<Admission> {
  const at = now.toISOString();
  const lockUntil = new Date(now.getTime() + SIGN_IN_LOCK_MS).toISOString();
  const expired = sql<boolean>`login_failures.locked_until <= ${at}`;
  const counted = await db
    .insertInto('login_failures')
    .values({ username: lockName(username), address, failed: 1, locked_until: null, updated_at: at })
    .onConflict((conflict) =>
      conflict.columns(['username', 'address']).doUpdateSet({
        failed: sql<number>`case when ${expired} then 1 else login_failures.failed + 1 end`,
        locked_until: sql<string | null>`case when ${expired} then null when login_failures.locked_until is null and login_failures.failed + 1 >= ${sql.lit(MAX_FAILED_SIGN_INS)} then ${lockUntil} else login_failures.locked_until end`,
        updated_at: at,
      }),
    )
    .returning(['failed', 'locked_until'])
    .executeTakeFirstOrThrow();
  if (counted.failed <= MAX_FAILED_SIGN_INS) return { admitted: true };
  const until = counted.locked_until ? new Date(counted.locked_until).getTime() : now.getTime() + SIGN_IN_LOCK_MS;
  return { admitted: false, retryAfterSeconds: Math.max(1, Math.ceil((until - now.getTime()) / 1000)) };
}

/** A right password: this name starts afresh at this address (other addresses keep their counts). */
export async function clearSignInFailures(db: Kysely<DB>, username: string, address: string, now: Date): Promise<void> {
  await db.deleteFrom('login_failures').where('username', '=', lockName(username)).where('address', '=', address).execute();
  await db.deleteFrom('login_failures').where('updated_at', '<', new Date(now.getTime() - FORGET_AFTER_MS).toISOString()).execute();
}
