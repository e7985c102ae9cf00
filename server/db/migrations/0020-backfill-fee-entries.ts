import type { Kysely } from 'kysely';
import { indiaDay } from '../../../src/domain/dates';

/** Ledger entries for applications stored before the ledger existed, from their envelopes. */
export async function up(db: Kysely<any>): Promise<void> {
  let after = '';
  for (;;) {
    const rows: { id: string; envelope: string; office_code: string; device_id: string | null }[] = await db
      .selectFrom('applications')
      .select(['id', 'envelope', 'office_code', 'device_id'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(500)
      .execute();
    if (!rows.length) return;
    const entries = rows.flatMap((row) => {
      const envelope = JSON.parse(row.envelope) as { capturedAt: string; operatorId: string; deviceId: string; receipt?: { receiptNo: string }; data: { fee?: { amount: number; mode: string; upiRef?: string } } };
      const fee = envelope.data.fee;
      if (!fee) return [];
      return [
        {
          application_id: row.id,
          office_code: row.office_code,
          device_id: row.device_id ?? envelope.deviceId,
          operator_id: envelope.operatorId,
          day: indiaDay(envelope.capturedAt),
          receipt_no: envelope.receipt?.receiptNo ?? null,
          amount: fee.amount,
          mode: fee.mode,
          upi_ref: fee.upiRef ?? null,
        },
      ];
    });
    if (entries.length) await db.insertInto('fee_entries').values(entries).onConflict((conflict) => conflict.doNothing()).execute();
    after = rows.at(-1)!.id;
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('fee_entries').execute();
}
