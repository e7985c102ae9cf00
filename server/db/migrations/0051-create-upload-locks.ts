import type { Kysely } from 'kysely';
import { isPostgres } from './dialect';

/**
 * One lock per tus upload shared by every server process (issue 17): a lease row. The
 * holder renews it while its request runs; a process that dies stops renewing, and once
 * `expires_at` (the database's clock, so no two servers' clocks are compared) has passed
 * anyone may take it over. `release_requested` is how a newer request asks the holder on
 * another process to let go (tus's lock semantics: the older request is likely a dead
 * connection).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('upload_locks')
    .addColumn('upload_id', 'text', (col) => col.primaryKey())
    .addColumn('holder', 'text', (col) => col.notNull())
    .addColumn('expires_at', isPostgres(db) ? 'timestamptz' : 'text', (col) => col.notNull())
    .addColumn('release_requested', isPostgres(db) ? 'boolean' : 'integer', (col) => col.notNull().defaultTo(isPostgres(db) ? false : 0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('upload_locks').execute();
}
