import type { Filing, LedgerEntry } from '../types';

const IST_OFFSET_MS = 5.5 * 60 * 60 * 1000;

/**
 * Version 4's upgrade: the ledger entry of a filing taken before the ledger existed.
 * Frozen as it shipped, like a server migration: an upgrade must do what it did then,
 * whatever the ledger code (store/ledger.ts) and the domain become later, and it must not
 * import the store it upgrades.
 */
export function ledgerEntryAtVersion4(filing: Filing): LedgerEntry[] {
  const fee = (filing.envelope.data as { fee?: { amount: number; mode: 'cash' | 'upi'; upiRef?: string } }).fee;
  if (!fee) return [];
  return [
    {
      filingId: filing.id,
      receiptNo: filing.receiptNo,
      day: new Date(new Date(filing.capturedAt).getTime() + IST_OFFSET_MS).toISOString().slice(0, 10),
      operatorId: filing.envelope.operatorId,
      amount: fee.amount,
      mode: fee.mode,
      ...(fee.upiRef ? { upiRef: fee.upiRef } : {}),
      at: filing.capturedAt,
    },
  ];
}
