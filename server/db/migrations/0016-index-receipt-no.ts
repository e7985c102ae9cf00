import type { Kysely } from 'kysely';

// An applicant holding a receipt looks the filing up by its number.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('applications_receipt_no').on('applications').column('receipt_no').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('applications_receipt_no').execute();
}
