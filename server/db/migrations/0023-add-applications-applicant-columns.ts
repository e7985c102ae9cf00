import type { Kysely } from 'kysely';

/** The applicant's name (lower case, for search) and mobile as columns, so the console searches without reading envelopes. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('applications').addColumn('applicant_name', 'text').execute();
  await db.schema.alterTable('applications').addColumn('applicant_mobile', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('applications').dropColumn('applicant_mobile').execute();
  await db.schema.alterTable('applications').dropColumn('applicant_name').execute();
}
