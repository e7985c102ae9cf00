import type { Kysely } from 'kysely';
import type { LedgerReport, LedgerTotals } from '../../src/domain/wire';
import type { DB } from '../db/schema';

export type { LedgerReport, LedgerTotals };

/** An office's fees of one India calendar day, per operator and device, as the synced filings tell them. */
export async function ledgerReport(db: Kysely<DB>, office: string, day: string): Promise<LedgerReport> {
  const rows = await db.selectFrom('fee_entries').select(['operator_id', 'device_id', 'amount', 'mode']).where('office_code', '=', office).where('day', '=', day).execute();
  const total: LedgerTotals = { count: 0, cash: 0, upi: 0 };
  const byOperator = new Map<string, { operatorId: string; deviceId: string } & LedgerTotals>();
  for (const row of rows) {
    const key = `${row.device_id}/${row.operator_id}`;
    const entry = byOperator.get(key) ?? { operatorId: row.operator_id, deviceId: row.device_id, count: 0, cash: 0, upi: 0 };
    for (const totals of [entry, total]) {
      totals.count++;
      if (row.mode === 'upi') totals.upi += row.amount;
      else totals.cash += row.amount;
    }
    byOperator.set(key, entry);
  }
  return { office, day, total, operators: [...byOperator.values()].sort((a, b) => a.deviceId.localeCompare(b.deviceId) || a.operatorId.localeCompare(b.operatorId)) };
}
