import type { Kysely } from 'kysely';

/** The service clock: the area it runs for, when it started (the complete application) and when it runs out. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('applications').addColumn('area', 'text').execute();
  await db.schema.alterTable('applications').addColumn('clock_started_at', 'text').execute();
  await db.schema.alterTable('applications').addColumn('due_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('applications').dropColumn('due_at').execute();
  await db.schema.alterTable('applications').dropColumn('clock_started_at').execute();
  await db.schema.alterTable('applications').dropColumn('area').execute();
}
