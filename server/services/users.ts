import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { DECOY_HASH, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from '../auth/passwords';
import { ApiError } from '../http-errors';
import { ensureOffice } from './offices';

export const ROLES = ['officer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** A person signed in to the console. An officer sees one office; an admin every office. */
export interface Officer {
  username: string;
  displayName: string;
  role: Role;
  officeCode: string | null;
}

// After this many wrong passwords in a row the account waits, whoever is guessing.
const MAX_FAILED_LOGINS = 10;
const LOCK_MS = 15 * 60 * 1000;

export async function createUser(
  db: Kysely<DB>,
  input: { username: string; displayName?: string; role: string; office?: string; password: string },
  now = new Date(),
): Promise<Officer> {
  const username = input.username.trim().toLowerCase();
  if (!/^[a-z0-9._-]{3,40}$/.test(username)) throw new Error('The user name must be 3–40 letters, digits, dots, dashes or underscores');
  if (!(ROLES as readonly string[]).includes(input.role)) throw new Error(`The role must be one of: ${ROLES.join(', ')}`);
  const role = input.role as Role;
  if (role === 'officer' && !input.office) throw new Error('An officer needs an office (--office CODE)');
  if (input.password.length < MIN_PASSWORD_LENGTH) throw new Error(`The password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  const officeCode = role === 'officer' ? input.office!.toUpperCase() : null;
  if (officeCode) await ensureOffice(db, officeCode, now);
  const existing = await db.selectFrom('users').select('username').where('username', '=', username).executeTakeFirst();
  if (existing) throw new Error(`There is already a user ${username}`);
  await db
    .insertInto('users')
    .values({ username, display_name: input.displayName?.trim() || username, role, office_code: officeCode, password_hash: await hashPassword(input.password), locked_until: null, created_at: now.toISOString(), disabled_at: null })
    .execute();
  return { username, displayName: input.displayName?.trim() || username, role, officeCode };
}

/**
 * Checks a user name and password. Unknown names cost the same scrypt as known ones; ten
 * wrong passwords in a row lock the account for 15 minutes (429 with Retry-After).
 */
export async function checkCredentials(db: Kysely<DB>, username: string, password: string, now = new Date()): Promise<Officer> {
  const user = await db.selectFrom('users').selectAll().where('username', '=', username.trim().toLowerCase()).executeTakeFirst();
  if (!user || user.disabled_at) {
    await verifyPassword(password, DECOY_HASH);
    throw new ApiError('bad_credentials');
  }
  if (user.locked_until && user.locked_until > now.toISOString()) {
    throw new ApiError('rate_limited', { retryAfterSeconds: Math.ceil((new Date(user.locked_until).getTime() - now.getTime()) / 1000) });
  }
  if (!(await verifyPassword(password, user.password_hash))) {
    const failed = user.failed_logins + 1;
    await db
      .updateTable('users')
      .set({ failed_logins: failed >= MAX_FAILED_LOGINS ? 0 : failed, locked_until: failed >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCK_MS).toISOString() : user.locked_until })
      .where('username', '=', user.username)
      .execute();
    throw new ApiError('bad_credentials');
  }
  if (user.failed_logins || user.locked_until) await db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('username', '=', user.username).execute();
  return { username: user.username, displayName: user.display_name, role: user.role as Role, officeCode: user.office_code };
}
