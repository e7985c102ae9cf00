import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';

export async function recordDocument(db: Kysely<DB>, document: { sha256: string; size: number; mime: string }, now = new Date()): Promise<void> {
  await db
    .insertInto('documents')
    .values({ ...document, stored_at: now.toISOString() })
    .onConflict((conflict) => conflict.column('sha256').doNothing())
    .execute();
}

export async function hasDocument(db: Kysely<DB>, sha256: string): Promise<boolean> {
  return (await db.selectFrom('documents').select('sha256').where('sha256', '=', sha256).executeTakeFirst()) !== undefined;
}
