import type { Kysely } from 'kysely';

/** The applicant's name as a phonetic key (src/domain/phonetic-key.ts), so the console finds a name typed in the other script. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('applications').addColumn('applicant_name_key', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('applications').dropColumn('applicant_name_key').execute();
}
