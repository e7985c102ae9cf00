import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('devices')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('office_code', 'text', (col) => col.notNull().references('offices.code'))
    .addColumn('label', 'text')
    .addColumn('token_hash', 'text', (col) => col.notNull().unique())
    .addColumn('public_key_jwk', 'text', (col) => col.notNull())
    .addColumn('enrolled_at', 'text', (col) => col.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('devices').execute();
}
