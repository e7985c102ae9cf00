import type { Kysely } from 'kysely';

/**
 * A note the system writes, as a code and its parameters (JSON), rendered in the reader's
 * language; `note` keeps only an officer's own words. Both null on events without such a note.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('application_events').addColumn('note_code', 'text').execute();
  await db.schema.alterTable('application_events').addColumn('note_params', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('application_events').dropColumn('note_params').execute();
  await db.schema.alterTable('application_events').dropColumn('note_code').execute();
}
