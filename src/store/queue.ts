import type { SahejDatabase } from './database';
import type { OutboxEntry, QueueRef, SyncState } from './types';

/**
 * The one rule for where an item stands on its way to the server: no entry, the server has
 * it all; a parked entry, it needs the operator; otherwise it waits, or is in a request.
 */
export function syncStateOf(entry: Pick<OutboxEntry, 'parked' | 'sending'> | undefined): SyncState {
  if (!entry) return 'received';
  if (entry.parked) return 'attention';
  return entry.sending ? 'sending' : 'pending';
}

export function newEntry(ref: QueueRef): OutboxEntry {
  return { kind: ref.kind, id: ref.id, attempts: 0, notBefore: 0, parked: false };
}

export function entryOf(db: SahejDatabase, ref: QueueRef): Promise<OutboxEntry | undefined> {
  return db.outbox.where('[kind+id]').equals([ref.kind, ref.id]).first();
}

/**
 * Writes on the filing or addition what its entry now says, with any other fields of the
 * same change. The only writer of `state`: call it, in the transaction that changed the
 * entry, with the entry as it now is (undefined once removed).
 */
export async function showEntryState(db: SahejDatabase, ref: QueueRef, entry: Pick<OutboxEntry, 'parked' | 'sending'> | undefined, fields: object = {}): Promise<void> {
  const update = { ...fields, state: syncStateOf(entry) };
  if (ref.kind === 'filing') await db.filings.update(ref.id, update);
  else await db.additions.update(ref.id, update);
}
