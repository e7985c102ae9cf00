import type { Kysely } from 'kysely';

/** The fleet view names each device's operator from its latest fee entry: found by device, not by scanning the office. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('fee_entries_device_day').on('fee_entries').columns(['device_id', 'day']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('fee_entries_device_day').execute();
}
