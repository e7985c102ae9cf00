import type { Kysely } from 'kysely';

/**
 * The survey's day and the estimate as a projection of the latest events that set them,
 * for the applicant's page, the console and the CSV without reading every event. Nothing
 * to backfill: no event carried them before 0042.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('applications').addColumn('survey_date', 'text').execute();
  await db.schema.alterTable('applications').addColumn('estimate_amount', 'integer').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('applications').dropColumn('estimate_amount').execute();
  await db.schema.alterTable('applications').dropColumn('survey_date').execute();
}
