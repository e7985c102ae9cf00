import type { Kysely } from 'kysely';

/** When the applicant proved the mobile (an OTP or its link); null means the filing is flagged, never blocked. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('applications').addColumn('mobile_verified_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('applications').dropColumn('mobile_verified_at').execute();
}
