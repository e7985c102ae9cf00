import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';

const CURSOR_KEY = 'status_messages.cursor';

/**
 * The last event sequence number the producer has settled: every event at or below it
 * was looked at (server_meta, one row). With no row yet — the first run after this feature
 * shipped, or after a restore, which rebuilds server_meta and the outbox empty — it starts
 * at the events already there before `since`: the history is never messaged in bulk (a
 * restored server would otherwise send again what the old one sent, and a first run would
 * text every applicant of years past). Concurrent first runs agree: the first insert wins.
 */
export async function statusCursor(db: Kysely<DB>, since: string): Promise<number> {
  const row = await db.selectFrom('server_meta').select('value').where('key', '=', CURSOR_KEY).executeTakeFirst();
  if (row) return Number(row.value);
  const before = await db.selectFrom('application_events').select((eb) => eb.fn.max('seq').as('seq')).where('at', '<', since).executeTakeFirst();
  await db
    .insertInto('server_meta')
    .values({ key: CURSOR_KEY, value: String(Number(before?.seq ?? 0)) })
    .onConflict((conflict) => conflict.column('key').doNothing())
    .execute();
  const stored = await db.selectFrom('server_meta').select('value').where('key', '=', CURSOR_KEY).executeTakeFirstOrThrow();
  return Number(stored.value);
}

/** Moves the cursor from `from` to `to` unless another process moved it meanwhile (then it has looked at these events too). */
export async function advanceStatusCursor(db: Kysely<DB>, from: number, to: number): Promise<void> {
  if (to <= from) return;
  await db.updateTable('server_meta').set({ value: String(to) }).where('key', '=', CURSOR_KEY).where('value', '=', String(from)).execute();
}
