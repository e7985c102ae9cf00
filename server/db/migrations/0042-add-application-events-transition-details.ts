import type { Kysely } from 'kysely';

/**
 * What a move says besides the office's own note (src/domain/transition.ts): the words
 * meant for the applicant, the survey's day, the estimate in rupees. Null on every event
 * that did not carry them, which is every event before this migration.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('application_events').addColumn('applicant_note', 'text').execute();
  await db.schema.alterTable('application_events').addColumn('survey_date', 'text').execute();
  await db.schema.alterTable('application_events').addColumn('estimate_amount', 'integer').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('application_events').dropColumn('estimate_amount').execute();
  await db.schema.alterTable('application_events').dropColumn('survey_date').execute();
  await db.schema.alterTable('application_events').dropColumn('applicant_note').execute();
}
