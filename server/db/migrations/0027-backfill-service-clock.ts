import type { Kysely } from 'kysely';
import { forEachPage } from './paging';

// Frozen as of this migration: copies of `areaOf` and `serviceDueAt` from
// src/domain/service-clock.ts and of `SERVICE_DAYS` from src/domain/status.ts as they were
// when 0027 shipped. They must never follow the domain (new rules or days would change the
// clocks this migration writes into a database that has not run it yet).
const SERVICE_DAYS = { metro: 3, urban: 7, rural: 15, hilly_rural: 30 } as const;
type Area = keyof typeof SERVICE_DAYS;
const DAY_MS = 24 * 60 * 60 * 1000;

function areaOf(envelope: { type: string; data: unknown }): Area | undefined {
  return envelope.type === 'new_connection' ? (envelope.data as { premises: { area: Area } }).premises.area : undefined;
}

function serviceDueAt(startedAt: string, area: Area): string {
  return new Date(new Date(startedAt).getTime() + SERVICE_DAYS[area] * DAY_MS).toISOString();
}

/** Clocks for applications stored before clocks existed: started when the server received them. */
export async function up(db: Kysely<any>): Promise<void> {
  await forEachPage<{ id: string; envelope: string; received_at: string }>(
    db,
    { table: 'applications', key: 'id', columns: ['id', 'envelope', 'received_at'], pageSize: 500 },
    async (rows) => {
      for (const row of rows) {
        const area = areaOf(JSON.parse(row.envelope) as { type: string; data: unknown });
        if (!area) continue;
        await db.updateTable('applications').set({ area, clock_started_at: row.received_at, due_at: serviceDueAt(row.received_at, area) }).where('id', '=', row.id).execute();
      }
    },
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.updateTable('applications').set({ area: null, clock_started_at: null, due_at: null }).execute();
}
