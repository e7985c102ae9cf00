import type { Kysely } from 'kysely';

/**
 * Mobile verification: one row per code sent (or to be sent) for an application. The
 * code and the link token are kept only as hashes; sending is a queue (`next_send_at`)
 * that several server processes can share.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('otp_challenges')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('application_id', 'text', (col) => col.notNull().references('applications.id'))
    .addColumn('mobile', 'text', (col) => col.notNull())
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('code_hash', 'text')
    .addColumn('link_hash', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('send_attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_send_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('sent_at', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('link_expires_at', 'text')
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('verified_at', 'text')
    .execute();
  await db.schema.createIndex('otp_challenges_application').on('otp_challenges').column('application_id').execute();
  await db.schema.createIndex('otp_challenges_queue').on('otp_challenges').columns(['state', 'next_send_at']).execute();
  await db.schema.createIndex('otp_challenges_mobile_sent').on('otp_challenges').columns(['mobile', 'sent_at']).execute();
  await db.schema.createIndex('otp_challenges_link').on('otp_challenges').column('link_hash').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('otp_challenges').execute();
}
