import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('application_documents')
    .addColumn('application_id', 'text', (col) => col.notNull().references('applications.id'))
    .addColumn('sha256', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('application_documents_pk', ['application_id', 'sha256', 'kind'])
    .execute();
  await db.schema.createIndex('application_documents_sha256').on('application_documents').column('sha256').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('application_documents').execute();
}
