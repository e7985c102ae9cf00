import type { Kysely } from 'kysely';
import { forEachPage } from './paging';

/** Copies each stored envelope's receipt number into its own column, a page at a time. */
export async function up(db: Kysely<any>): Promise<void> {
  await forEachPage<{ id: string; envelope: string }>(db, { table: 'applications', key: 'id', columns: ['id', 'envelope'], pageSize: 500 }, async (rows) => {
    for (const row of rows) {
      const receiptNo = (JSON.parse(row.envelope) as { receipt?: { receiptNo?: string } }).receipt?.receiptNo;
      if (receiptNo) await db.updateTable('applications').set({ receipt_no: receiptNo }).where('id', '=', row.id).execute();
    }
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.updateTable('applications').set({ receipt_no: null }).execute();
}
