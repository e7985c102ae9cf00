import type { Kysely } from 'kysely';

/** What a kiosk adds to a filing after capture (an objection's answer, new documents), kept once by its client id. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('application_additions')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('application_id', 'text', (col) => col.notNull().references('applications.id'))
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('content_hash', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('device_id', 'text', (col) => col.notNull())
    .addColumn('captured_at', 'text', (col) => col.notNull())
    .addColumn('received_at', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('application_additions_application').on('application_additions').column('application_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('application_additions').execute();
}
