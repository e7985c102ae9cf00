import type { Kysely } from 'kysely';

/** Copies each stored envelope's receipt number into its own column, a page at a time. */
export async function up(db: Kysely<any>): Promise<void> {
  let after = '';
  for (;;) {
    const rows: { id: string; envelope: string }[] = await db.selectFrom('applications').select(['id', 'envelope']).where('id', '>', after).orderBy('id').limit(500).execute();
    if (!rows.length) return;
    for (const row of rows) {
      const receiptNo = (JSON.parse(row.envelope) as { receipt?: { receiptNo?: string } }).receipt?.receiptNo;
      if (receiptNo) await db.updateTable('applications').set({ receipt_no: receiptNo }).where('id', '=', row.id).execute();
    }
    after = rows.at(-1)!.id;
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.updateTable('applications').set({ receipt_no: null }).execute();
}
