import type { Kysely } from 'kysely';

/**
 * One row per background loop that only one server process at a time may run (the
 * objection timer, the SMS queues, the upload cleaner): who holds it and until when.
 * A holder renews well before `expires_at`; a process that dies stops renewing and
 * another takes the lease once it has run out (server/leases/). Times are ISO text like
 * every other timestamp here.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('leases')
    .addColumn('name', 'text', (col) => col.primaryKey())
    .addColumn('holder', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'text', (col) => col.notNull())
    .addColumn('acquired_at', 'text', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('leases').execute();
}
