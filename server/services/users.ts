import type { Kysely } from 'kysely';
import { ROLES, type Officer, type Role } from '../../src/domain/wire';
import type { DB } from '../db/schema';
import { DECOY_HASH, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from '../auth/passwords';
import { admitSignIn, clearSignInFailures } from '../auth/sign-in-locks';
import { ApiError } from '../http-errors';
import { ensureOffice } from './offices';

export { ROLES, type Officer, type Role };

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
 * Checks a user name and password from a client address. Every name, known or not, takes
 * the same steps — the counted attempt, the lookup, one scrypt (on a decoy hash for an
 * unknown or disabled name) — so neither the answer nor its time nor the lock tells names
 * apart. Ten wrong passwords for a name from one address lock that name at that address
 * for 15 minutes (429 with Retry-After), the right password included.
 */
export async function checkCredentials(db: Kysely<DB>, username: string, password: string, address: string, now = new Date()): Promise<Officer> {
  const admission = await admitSignIn(db, username, address, now);
  if (!admission.admitted) throw new ApiError('rate_limited', { retryAfterSeconds: admission.retryAfterSeconds });
  const found = await db.selectFrom('users').selectAll().where('username', '=', username.trim().toLowerCase()).executeTakeFirst();
  const user = found && !found.disabled_at ? found : undefined;
  const right = await verifyPassword(password, user?.password_hash ?? DECOY_HASH);
  if (!user || !right) throw new ApiError('bad_credentials');
  await clearSignInFailures(db, username, address, now);
  return { username: user.username, displayName: user.display_name, role: user.role as Role, officeCode: user.office_code };
}
