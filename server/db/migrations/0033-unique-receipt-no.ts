import { sql, type Kysely } from 'kysely';

/**
 * A receipt number names one filing, made by the device the number names: the column
 * the public lookup reads becomes unique. Rows stored before the server checked this may
 * hold a number they may not keep, and the index cannot be built over them, so first:
 * - a row whose number names another device (or that has no device) loses it;
 * - of rows sharing a number, the first the server received keeps it (ties: lowest id).
 * Only the `receipt_no` column is cleared: every row stays, and its envelope still says
 * what the device sent, so an officer can see it. The cleared row is no longer found by
 * number, and the number's real owner can still file under it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    update applications set receipt_no = null
    where receipt_no is not null
      and (device_id is null
        or substr(receipt_no, 1, length(device_id) + 1) <> device_id || '-'
        or substr(receipt_no, length(device_id) + 2) like '%-%')
  `.execute(db);
  // The row kept is never cleared, so each later row always finds it, however the engine orders the update.
  await sql`
    update applications set receipt_no = null
    where receipt_no is not null
      and exists (
        select 1 from applications as earlier
        where earlier.receipt_no = applications.receipt_no
          and (earlier.received_at < applications.received_at or (earlier.received_at = applications.received_at and earlier.id < applications.id))
      )
  `.execute(db);
  await db.schema.dropIndex('applications_receipt_no').execute();
  await db.schema.createIndex('applications_receipt_no_unique').on('applications').column('receipt_no').unique().execute();
}

/** Back to the plain index; the numbers cleared above stay cleared (they were never those rows' own). */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('applications_receipt_no_unique').execute();
  await db.schema.createIndex('applications_receipt_no').on('applications').column('receipt_no').execute();
}
