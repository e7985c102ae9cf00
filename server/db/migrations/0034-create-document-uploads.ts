import type { Kysely } from 'kysely';

/**
 * Who sent which document's bytes: one row per (document, device), made when the device
 * starts its upload and completed when the bytes it sent hashed right. A document's bytes
 * are shown only through a filing of an office one of whose devices sent them, so knowing
 * a hash (printed in every receipt's QR) is never enough to read a document. Unfinished
 * rows are also what limits and expires uploads per device.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('document_uploads')
    .addColumn('sha256', 'text', (col) => col.notNull())
    .addColumn('device_id', 'text', (col) => col.notNull())
    .addColumn('size', 'integer', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('completed_at', 'text')
    .addPrimaryKeyConstraint('document_uploads_pkey', ['sha256', 'device_id'])
    .execute();
  await db.schema.createIndex('document_uploads_device_open').on('document_uploads').columns(['device_id', 'completed_at']).execute();
  await db.schema.createIndex('document_uploads_created').on('document_uploads').column('created_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('document_uploads').execute();
}
