import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect';

/**
 * A document's bytes inside the database (PostgreSQL's document store, issue 17): content
 * addressed by the document's SHA-256, in pieces of at most 256 KB numbered from 0, so a
 * backup, restore or replica of the database carries the documents too, and a document is
 * read piece by piece, never whole in memory. Written in the transaction that records the
 * `documents` row. Made on SQLite too (one schema for both), where the directory store
 * keeps the bytes and this table stays empty. No foreign key: a document's pieces are
 * written before its row, in the same transaction.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('document_chunks')
    .addColumn('sha256', 'text', (col) => col.notNull())
    .addColumn('seq', 'integer', (col) => col.notNull())
    .addColumn('bytes', isPostgres(db) ? 'bytea' : 'blob', (col) => col.notNull())
    .addPrimaryKeyConstraint('document_chunks_pkey', ['sha256', 'seq'])
    .execute();
  // Photos and PDFs are compressed already: stored as they are, PostgreSQL does not try again on every write.
  if (isPostgres(db)) await sql`alter table ${sql.table('document_chunks')} alter column bytes set storage external`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('document_chunks').execute();
}
