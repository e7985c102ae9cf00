import type { Kysely } from 'kysely';

/** The server's copy of the kiosks' cash ledger: one entry per fee on a received filing. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('fee_entries')
    .addColumn('application_id', 'text', (col) => col.primaryKey().references('applications.id'))
    .addColumn('office_code', 'text', (col) => col.notNull())
    .addColumn('device_id', 'text', (col) => col.notNull())
    .addColumn('operator_id', 'text', (col) => col.notNull())
    .addColumn('day', 'text', (col) => col.notNull())
    .addColumn('receipt_no', 'text')
    .addColumn('amount', 'integer', (col) => col.notNull())
    .addColumn('mode', 'text', (col) => col.notNull())
    .addColumn('upi_ref', 'text')
    .execute();
  await db.schema.createIndex('fee_entries_office_day').on('fee_entries').columns(['office_code', 'day']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('fee_entries').execute();
}
