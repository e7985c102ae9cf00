import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../../../src/domain/ids';
import { SahejDatabase } from '../../../../src/store/database';

const opened: Dexie[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await db.delete();
  }
});

// Version 6's stores exactly as they shipped.
const V6_STORES = {
  meta: 'key',
  drafts: 'id, updatedAt',
  filings: 'id, receiptNo, state, capturedAt, mobile, *nameWords',
  outbox: '++seq, [kind+id]',
  documents: '[ownerId+kind+sha256], ownerId',
  uploads: '++key, fingerprint',
  ledger: 'filingId, day, [day+operatorId]',
  savedReceipts: 'receiptNo, savedAt',
  additions: 'id, filingId, state',
};

describe('device database version 7: the last status seen per receipt', () => {
  it('adds an empty table and leaves every existing row as it was', async () => {
    const name = `upgrade-${newId()}`;
    const old = new Dexie(name);
    old.version(6).stores(V6_STORES);
    opened.push(old);
    const saved = { receiptNo: 'LKO1-D01-000042', payload: 'PAYLOAD', savedAt: '2026-11-01T10:00:00.000Z' };
    const filing = { id: 'F1', state: 'received', receiptNo: 'LKO1-D01-000042', capturedAt: '2026-11-01T10:00:00.000Z', envelope: {}, nameWords: [], mobile: '' };
    const entry = { kind: 'filing', id: 'F2', attempts: 3, notBefore: 5000, parked: false };
    await old.table('savedReceipts').put(saved);
    await old.table('filings').put(filing);
    // A copy: Dexie writes the new key into the object it adds.
    await old.table('outbox').add({ ...entry });
    old.close();

    const db = new SahejDatabase(name);
    opened.push(db);
    expect(await db.savedReceipts.toArray()).toEqual([saved]);
    expect(await db.filings.toArray()).toEqual([filing]);
    expect((await db.outbox.toArray()).map(({ seq: _seq, ...rest }) => rest)).toEqual([entry]);
    expect(await db.seenStatuses.count()).toBe(0);
    expect(db.verno).toBe(7);
    await db.seenStatuses.put({ receiptNo: 'LKO1-D01-000042', applicationNo: 'A1', status: 'received', fetchedAt: '2026-11-02T00:00:00.000Z' });
    expect((await db.seenStatuses.get('LKO1-D01-000042'))!.status).toBe('received');
  });
});
