import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect';

/**
 * The bytes of a tus upload under way (0049), each piece at the offset it starts from;
 * a piece is committed with the upload's new offset, so a process killed mid-PATCH loses
 * at most the piece it was filling, and the offset never claims bytes that are not here.
 * No foreign key to tus_uploads: removing an upload deletes both, and a restore drops and
 * rebuilds them in any order.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('upload_chunks')
    .addColumn('upload_id', 'text', (col) => col.notNull())
    .addColumn('start', 'bigint', (col) => col.notNull())
    .addColumn('bytes', isPostgres(db) ? 'bytea' : 'blob', (col) => col.notNull())
    .addPrimaryKeyConstraint('upload_chunks_pkey', ['upload_id', 'start'])
    .execute();
  // Photos and PDFs are compressed already: stored as they are, PostgreSQL does not try again on every write.
  if (isPostgres(db)) await sql`alter table ${sql.table('upload_chunks')} alter column bytes set storage external`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('upload_chunks').execute();
}
