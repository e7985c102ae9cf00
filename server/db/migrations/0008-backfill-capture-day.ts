import type { Kysely } from 'kysely';
import { indiaDay } from '../../../src/domain/dates';

const PAGE = 1000;

/** Fills `capture_day` for applications stored before it existed, a page at a time. */
export async function up(db: Kysely<any>): Promise<void> {
  for (;;) {
    const rows: { id: string; captured_at: string }[] = await db
      .selectFrom('applications')
      .select(['id', 'captured_at'])
      .where('capture_day', 'is', null)
      .orderBy('id')
      .limit(PAGE)
      .execute();
    if (!rows.length) return;
    for (const row of rows) {
      await db.updateTable('applications').set({ capture_day: indiaDay(row.captured_at) }).where('id', '=', row.id).execute();
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.updateTable('applications').set({ capture_day: null }).execute();
}
