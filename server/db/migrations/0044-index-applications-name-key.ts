import type { Kysely } from 'kysely';

/**
 * The office search (server/services/backlog.ts) matches a name anywhere in it (`like
 * '%…%'`), which no B-tree can seek: it reads every filing of the office. This index holds
 * every column that search reads, so it reads the index alone and never the rows (each
 * carries its envelope, a few kilobytes): office_code first, as every officer's search is
 * one office's range of it; then the phonetic key and the name as typed, which a name
 * search always reads; the mobile and the two numbers, matched exactly; received_at and id,
 * the order within a rank. Only the page's 50 rows are then read from the table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('applications_office_name_key')
    .on('applications')
    .columns(['office_code', 'applicant_name_key', 'applicant_name', 'applicant_mobile', 'application_no', 'receipt_no', 'received_at', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('applications_office_name_key').execute();
}
