import type { Kysely } from 'kysely';
import { forEachPage } from './paging';

// Frozen as of this migration: a copy of `indiaDay` from src/domain/dates.ts as it was when
// 0020 shipped. It must never follow the domain (a later change there would change the
// ledger days this migration writes into a database that has not run it yet).
const IST_OFFSET_MS = (5 * 60 + 30) * 60 * 1000;
function indiaDay(instant: string): string {
  const ms = new Date(instant).getTime();
  return new Date(ms + IST_OFFSET_MS).toISOString().slice(0, 10);
}

/** Ledger entries for applications stored before the ledger existed, from their envelopes. */
export async function up(db: Kysely<any>): Promise<void> {
  await forEachPage<{ id: string; envelope: string; office_code: string; device_id: string | null }>(
    db,
    { table: 'applications', key: 'id', columns: ['id', 'envelope', 'office_code', 'device_id'], pageSize: 500 },
    async (rows) => {
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
    },
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('fee_entries').execute();
}
