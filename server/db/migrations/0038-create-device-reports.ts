import type { Kysely } from 'kysely';

/**
 * The latest a device said of what it holds (its heartbeat, with every status pull) and when
 * it was last seen: one row per device, overwritten, never a log. Counts and storage figures
 * only: no applicant's data. The reconcile columns record the device's last reconciliation
 * and the data epoch it was against, so after a restore an office sees which devices have
 * refilled the server and which still must.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('device_reports')
    .addColumn('device_id', 'text', (col) => col.primaryKey())
    .addColumn('office_code', 'text', (col) => col.notNull())
    .addColumn('seen_at', 'text', (col) => col.notNull())
    .addColumn('app_version', 'text')
    .addColumn('drafts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('waiting', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('sending', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('attention', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('unconfirmed', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('oldest_unsent_at', 'text')
    .addColumn('storage_used', 'bigint')
    .addColumn('storage_quota', 'bigint')
    .addColumn('storage_persisted', 'integer')
    .addColumn('reconcile_epoch', 'text')
    .addColumn('reconciled_at', 'text')
    .addColumn('reconcile_open_days', 'integer')
    .execute();
  await db.schema.createIndex('device_reports_office').on('device_reports').columns(['office_code', 'seen_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('device_reports').execute();
}
