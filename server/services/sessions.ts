import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { hashSecret } from '../auth/tokens';
import type { Officer, Role } from './users';

/** A console session lasts a working day; then the officer signs in again. */
export const SESSION_MS = 12 * 60 * 60 * 1000;

export async function openSession(db: Kysely<DB>, username: string, now = new Date()): Promise<{ token: string; expiresAt: string }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_MS).toISOString();
  await db.insertInto('sessions').values({ token_hash: hashSecret(token), username, created_at: now.toISOString(), expires_at: expiresAt }).execute();
  // Expired sessions of anyone are cleared as new ones open: the table stays small without a job.
  await db.deleteFrom('sessions').where('expires_at', '<', now.toISOString()).execute();
  return { token, expiresAt };
}

export async function findSession(db: Kysely<DB>, token: string, now = new Date()): Promise<Officer | undefined> {
  const row = await db
    .selectFrom('sessions as session')
    .innerJoin('users as user', 'user.username', 'session.username')
    .select(['user.username', 'user.display_name', 'user.role', 'user.office_code', 'user.disabled_at', 'session.expires_at'])
    .where('session.token_hash', '=', hashSecret(token))
    .executeTakeFirst();
  if (!row || row.disabled_at || row.expires_at <= now.toISOString()) return undefined;
  return { username: row.username, displayName: row.display_name, role: row.role as Role, officeCode: row.office_code };
}

export async function closeSession(db: Kysely<DB>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', hashSecret(token)).execute();
}
