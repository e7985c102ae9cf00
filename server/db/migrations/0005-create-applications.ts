import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('applications')
    // The client-made id is the key: a resend can never insert twice.
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('application_no', 'text', (col) => col.notNull().unique())
    .addColumn('office_code', 'text', (col) => col.notNull().references('offices.code'))
    .addColumn('device_id', 'text', (col) => col.references('devices.id'))
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('schema_version', 'integer', (col) => col.notNull())
    .addColumn('content_hash', 'text', (col) => col.notNull())
    .addColumn('envelope', 'text', (col) => col.notNull())
    .addColumn('captured_at', 'text', (col) => col.notNull())
    .addColumn('received_at', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('applications_office_received').on('applications').columns(['office_code', 'received_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('applications').execute();
}
