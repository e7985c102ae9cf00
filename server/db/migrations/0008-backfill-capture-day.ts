import type { Kysely } from 'kysely';
import { forEachPage } from './paging';

// Frozen as of this migration: a copy of `indiaDay` from src/domain/dates.ts as it was when
// 0008 shipped. It must never follow the domain (a later change there would change what
// this migration writes into a database that has not run it yet).
const IST_OFFSET_MS = (5 * 60 + 30) * 60 * 1000;
function indiaDay(instant: string): string {
  const ms = new Date(instant).getTime();
  return new Date(ms + IST_OFFSET_MS).toISOString().slice(0, 10);
}

/** Fills `capture_day` for applications stored before it existed, a page at a time. */
export async function up(db: Kysely<any>): Promise<void> {
  // From the very first id (`after: null`): this one read the rows still without a day from the start each time.
  await forEachPage<{ id: string; captured_at: string }>(
    db,
    { table: 'applications', key: 'id', columns: ['id', 'captured_at'], pageSize: 1000, where: (select) => select.where('capture_day', 'is', null), after: null },
    async (rows) => {
      for (const row of rows) {
        await db.updateTable('applications').set({ capture_day: indiaDay(row.captured_at) }).where('id', '=', row.id).execute();
      }
    },
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.updateTable('applications').set({ capture_day: null }).execute();
}
