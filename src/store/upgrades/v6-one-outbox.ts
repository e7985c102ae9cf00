import type { Transaction } from 'dexie';

// The shapes as version 5 left them, frozen here: this upgrade must do what it did when it
// shipped, whatever store/types.ts becomes.
interface EntryAt5 {
  seq: number;
  filingId: string;
  attempts: number;
  notBefore: number;
  parked: boolean;
}
interface AdditionAt5 {
  id: string;
  state: 'pending' | 'received' | 'attention';
  attempts: number;
  notBefore: number;
  addition: { capturedAt: string };
}
interface FilingAt5 {
  id: string;
  state: 'pending' | 'sending' | 'received' | 'attention';
}

/**
 * Version 6's upgrade: filings and objection answers share one outbox of `{ kind, id }`.
 * A filing's entry keeps its place and its backoff; an answer still to send (or refused)
 * joins the end of the queue with its own, oldest first; a filing marked for attention
 * without an entry (a conflict found by reconciliation) gets a parked one, so that every
 * item's state can be read from its entry alone.
 */
export async function oneOutboxAtVersion6(tx: Transaction): Promise<void> {
  const outbox = tx.table('outbox');
  const entries: EntryAt5[] = await outbox.toArray();
  const queued = new Set(entries.map((entry) => entry.filingId));
  await outbox.bulkPut(entries.map(({ filingId, ...entry }) => ({ ...entry, kind: 'filing', id: filingId })));

  const filings: FilingAt5[] = await tx.table('filings').toArray();
  const conflicts = filings.filter((filing) => filing.state === 'attention' && !queued.has(filing.id));
  await outbox.bulkAdd(conflicts.map((filing) => ({ kind: 'filing', id: filing.id, attempts: 0, notBefore: 0, parked: true })));
  // "sending" was left by a tab that died mid-send; the entry is the truth.
  await tx.table('filings').where('state').equals('sending').modify({ state: 'pending' });

  const additions: AdditionAt5[] = await tx.table('additions').toArray();
  const unsent = additions.filter((record) => record.state !== 'received').sort((a, b) => a.addition.capturedAt.localeCompare(b.addition.capturedAt));
  await outbox.bulkAdd(unsent.map((record) => ({ kind: 'addition', id: record.id, attempts: record.attempts, notBefore: record.notBefore, parked: record.state === 'attention' })));
  await tx
    .table('additions')
    .toCollection()
    .modify((record: Partial<AdditionAt5>) => {
      delete record.attempts;
      delete record.notBefore;
    });
}
