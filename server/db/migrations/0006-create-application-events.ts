import type { Kysely } from 'kysely';
import { withSerialKey } from './dialect';

export async function up(db: Kysely<unknown>): Promise<void> {
  await withSerialKey(db, db.schema.createTable('application_events'), 'seq')
    .addColumn('application_id', 'text', (col) => col.notNull().references('applications.id'))
    .addColumn('office_code', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('status', 'text')
    .addColumn('note', 'text')
    .addColumn('actor', 'text')
    .addColumn('at', 'text', (col) => col.notNull())
    .execute();
  // The device's /changes feed reads its office's events in order.
  await db.schema.createIndex('application_events_office_seq').on('application_events').columns(['office_code', 'seq']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('application_events').execute();
}
