import type { Kysely } from 'kysely';

/** An officer's objection to a filing: open until answered (21 days), then answered or cancelled. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('objections')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('application_id', 'text', (col) => col.notNull().references('applications.id'))
    .addColumn('office_code', 'text', (col) => col.notNull())
    .addColumn('reason', 'text', (col) => col.notNull())
    .addColumn('raised_by', 'text', (col) => col.notNull())
    .addColumn('raised_at', 'text', (col) => col.notNull())
    .addColumn('answer_due_at', 'text', (col) => col.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('outcome', 'text')
    .addColumn('addition_id', 'text')
    .execute();
  await db.schema.createIndex('objections_application').on('objections').column('application_id').execute();
  await db.schema.createIndex('objections_open_due').on('objections').columns(['closed_at', 'answer_due_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('objections').execute();
}
