import { indiaDay } from '../domain/dates';
import type { SahejDatabase } from './database';
import type { Filing, LedgerEntry } from './types';

/** The ledger entry of a filing's fee. */
export function ledgerEntryOf(filing: Pick<Filing, 'id' | 'receiptNo' | 'capturedAt' | 'envelope'>, fee: { amount: number; mode: 'cash' | 'upi'; upiRef?: string }): LedgerEntry {
  return {
    filingId: filing.id,
    receiptNo: filing.receiptNo,
    day: indiaDay(filing.capturedAt),
    operatorId: filing.envelope.operatorId,
    amount: fee.amount,
    mode: fee.mode,
    ...(fee.upiRef ? { upiRef: fee.upiRef } : {}),
    at: filing.capturedAt,
  };
}

export interface DayReport {
  day: string;
  operators: { operatorId: string; count: number; cash: number; upi: number; entries: LedgerEntry[] }[];
  total: { count: number; cash: number; upi: number };
}

/** The day-end report: per operator, the count and the cash and UPI totals, and every entry. */
export async function dayReport(db: SahejDatabase, day: string): Promise<DayReport> {
  const entries = (await db.ledger.where('day').equals(day).toArray()).sort((a, b) => a.at.localeCompare(b.at));
  const operators = new Map<string, DayReport['operators'][number]>();
  const total = { count: 0, cash: 0, upi: 0 };
  for (const entry of entries) {
    const operator = operators.get(entry.operatorId) ?? { operatorId: entry.operatorId, count: 0, cash: 0, upi: 0, entries: [] };
    operator.entries.push(entry);
    for (const totals of [operator, total]) {
      totals.count++;
      totals[entry.mode] += entry.amount;
    }
    operators.set(entry.operatorId, operator);
  }
  return { day, operators: [...operators.values()].sort((a, b) => a.operatorId.localeCompare(b.operatorId)), total };
}
