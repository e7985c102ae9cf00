import type { Kysely } from 'kysely';
import type { Envelope } from '../../../src/domain/envelope';
import { areaOf, serviceDueAt } from '../../../src/domain/service-clock';

/** Clocks for applications stored before clocks existed: started when the server received them. */
export async function up(db: Kysely<any>): Promise<void> {
  let after = '';
  for (;;) {
    const rows: { id: string; envelope: string; received_at: string }[] = await db
      .selectFrom('applications')
      .select(['id', 'envelope', 'received_at'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(500)
      .execute();
    if (!rows.length) return;
    for (const row of rows) {
      const area = areaOf(JSON.parse(row.envelope) as Envelope);
      if (!area) continue;
      await db.updateTable('applications').set({ area, clock_started_at: row.received_at, due_at: serviceDueAt(row.received_at, area) }).where('id', '=', row.id).execute();
    }
    after = rows.at(-1)!.id;
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.updateTable('applications').set({ area: null, clock_started_at: null, due_at: null }).execute();
}
