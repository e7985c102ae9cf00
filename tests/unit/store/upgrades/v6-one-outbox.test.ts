import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../../../src/domain/ids';
import { SahejDatabase } from '../../../../src/store/database';
import { syncStateOf } from '../../../../src/store/queue';

const opened: Dexie[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await db.delete();
  }
});

// Version 5's stores exactly as they shipped.
const V5_STORES = {
  meta: 'key',
  drafts: 'id, updatedAt',
  filings: 'id, receiptNo, state, capturedAt, mobile, *nameWords',
  outbox: '++seq, filingId',
  documents: '[ownerId+kind+sha256], ownerId',
  uploads: '++key, fingerprint',
  ledger: 'filingId, day, [day+operatorId]',
  savedReceipts: 'receiptNo, savedAt',
  additions: 'id, filingId, state',
};

describe('device database version 6: one outbox for filings and additions', () => {
  it('keeps every queued filing in its place and backoff, and queues unsent answers after them', async () => {
    const name = `upgrade-${newId()}`;
    const old = new Dexie(name);
    old.version(5).stores(V5_STORES);
    opened.push(old);
    const filing = (id: string, state: string) => ({ id, state, receiptNo: `R-${id}`, capturedAt: '2026-11-01T10:00:00.000Z', envelope: {}, nameWords: [], mobile: '' });
    await old.table('filings').bulkPut([filing('F1', 'pending'), filing('F2', 'sending'), filing('F3', 'received'), filing('F4', 'attention'), filing('F5', 'attention')]);
    await old.table('outbox').bulkAdd([
      { filingId: 'F2', attempts: 3, notBefore: 5000, parked: false },
      { filingId: 'F1', attempts: 0, notBefore: 0, parked: false },
      { filingId: 'F4', attempts: 1, notBefore: 0, parked: true },
    ]);
    const addition = (id: string, state: string, capturedAt: string, attempts = 0, notBefore = 0) => ({ id, filingId: 'F3', state, attempts, notBefore, addition: { id, capturedAt, text: id } });
    await old.table('additions').bulkPut([
      addition('A-late', 'pending', '2026-11-03T00:00:00.000Z', 2, 9000),
      addition('A-early', 'pending', '2026-11-02T00:00:00.000Z'),
      addition('A-sent', 'received', '2026-11-01T00:00:00.000Z'),
      addition('A-refused', 'attention', '2026-11-04T00:00:00.000Z', 1),
    ]);
    old.close();

    const db = new SahejDatabase(name);
    opened.push(db);
    const entries = await db.outbox.orderBy('seq').toArray();
    expect(entries.map(({ seq: _seq, ...entry }) => entry)).toEqual([
      { kind: 'filing', id: 'F2', attempts: 3, notBefore: 5000, parked: false },
      { kind: 'filing', id: 'F1', attempts: 0, notBefore: 0, parked: false },
      { kind: 'filing', id: 'F4', attempts: 1, notBefore: 0, parked: true },
      // F5 needed attention with no entry (a conflict reconciliation found): parked now.
      { kind: 'filing', id: 'F5', attempts: 0, notBefore: 0, parked: true },
      { kind: 'addition', id: 'A-early', attempts: 0, notBefore: 0, parked: false },
      { kind: 'addition', id: 'A-late', attempts: 2, notBefore: 9000, parked: false },
      { kind: 'addition', id: 'A-refused', attempts: 1, notBefore: 0, parked: true },
    ]);
    expect(await db.outbox.where('[kind+id]').equals(['addition', 'A-late']).count()).toBe(1);
    // Every item's state is now what its entry says.
    const entryFor = (kind: string, id: string) => entries.find((entry) => entry.kind === kind && entry.id === id);
    for (const stored of await db.filings.toArray()) expect([stored.id, stored.state]).toEqual([stored.id, syncStateOf(entryFor('filing', stored.id))]);
    for (const stored of await db.additions.toArray()) {
      expect([stored.id, stored.state]).toEqual([stored.id, syncStateOf(entryFor('addition', stored.id))]);
      expect(stored).not.toHaveProperty('attempts');
      expect(stored).not.toHaveProperty('notBefore');
      expect(stored.addition.text).toBe(stored.id);
    }
  });
});
