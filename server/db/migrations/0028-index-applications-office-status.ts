import type { Kysely } from 'kysely';

/** The console's backlog: an office's applications by stage, oldest first. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('applications_office_status_received').on('applications').columns(['office_code', 'status', 'received_at']).execute();
  await db.schema.createIndex('applications_applicant_mobile').on('applications').column('applicant_mobile').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('applications_applicant_mobile').execute();
  await db.schema.dropIndex('applications_office_status_received').execute();
}
