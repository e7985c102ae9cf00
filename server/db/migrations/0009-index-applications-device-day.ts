import type { Kysely } from 'kysely';

// Reconciliation reads one device's filings of a few days at a time.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('applications_device_day').on('applications').columns(['device_id', 'capture_day']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('applications_device_day').execute();
}
