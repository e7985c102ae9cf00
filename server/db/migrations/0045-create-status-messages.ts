import type { Kysely } from 'kysely';

/**
 * The outbox of status messages to applicants (server/notify/): one row per application
 * event worth an SMS, keyed by the event's sequence number, so an event is messaged at most
 * once however many processes scan the events. The text is kept as sent (it carries the
 * application number, initials and what the stage needs, nothing more), with its DLT
 * template id and language. Sending is a queue (`next_send_at`) shared by every server
 * process like the OTP codes' (0031). No foreign key to the events: the outbox is
 * rebuilt empty by a restore, and a row outlives nothing it points at.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('status_messages')
    .addColumn('event_seq', 'bigint', (col) => col.primaryKey())
    .addColumn('application_id', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull())
    .addColumn('mobile', 'text', (col) => col.notNull())
    .addColumn('template_id', 'text', (col) => col.notNull())
    .addColumn('language', 'text', (col) => col.notNull())
    .addColumn('text', 'text', (col) => col.notNull())
    .addColumn('state', 'text', (col) => col.notNull())
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_send_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (col) => col.notNull())
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('status_messages_queue').on('status_messages').columns(['state', 'next_send_at']).execute();
  await db.schema.createIndex('status_messages_mobile_sent').on('status_messages').columns(['mobile', 'sent_at']).execute();
  await db.schema.createIndex('status_messages_application').on('status_messages').columns(['application_id', 'event_seq']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('status_messages').execute();
}
