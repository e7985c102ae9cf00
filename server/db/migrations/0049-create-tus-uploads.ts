import type { Kysely } from 'kysely';

/**
 * A tus upload under way in the database store (issue 17): what tus keeps per upload (its
 * length, its metadata as JSON, when it started) and how many bytes have arrived, so a
 * PATCH may land on any server process and a resume continues from what any of them
 * stored. The id is the upload's (`{sha256}-{deviceId}`). Removed, with its pieces, when
 * the upload completes, is refused, abandoned or expires.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('tus_uploads')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('size', 'bigint')
    .addColumn('upload_offset', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('metadata', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('tus_uploads').execute();
}
