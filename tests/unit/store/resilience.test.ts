import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { newId } from '../../../src/domain/ids';
import { SahejDatabase } from '../../../src/store/database';
import { saveDraft } from '../../../src/store/drafts';
import { flattenLegacyDraftValues } from '../../../src/store/legacy-drafts';
import { withReopen } from '../../../src/store/resilient';
import { classifyStorageError } from '../../../src/store/storage-errors';

const opened: Dexie[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await db.delete();
  }
});

describe('storage resilience', () => {
  it('reopens the database and retries a write after the browser closed the connection', async () => {
    const db = new SahejDatabase(`resilience-${newId()}`);
    opened.push(db);
    await db.open();
    // What iOS Safari does under memory pressure: the connection goes away underneath Dexie.
    db.backendDB().close();
    const id = newId();
    await saveDraft(db, { id, type: 'new_connection', values: { 'applicant.name': 'राधा' }, step: 'applicant', name: 'राधा' });
    expect(await db.drafts.get(id)).toMatchObject({ name: 'राधा' });
  });

  it('retries a write the browser aborted while closing the connection, whatever error it gave', async () => {
    const db = new SahejDatabase(`resilience-${newId()}`);
    opened.push(db);
    await db.open();
    const id = newId();
    let calls = 0;
    // Chromium's forced close: the transaction in flight is aborted with an UnknownError
    // ("Connection is closing"), not a DatabaseClosedError, and the connection is closing.
    await withReopen(db, () =>
      db.transaction('rw', db.drafts, async () => {
        calls++;
        await db.drafts.put({ id, type: 'new_connection', values: {}, step: 'applicant', name: `try ${calls}`, createdAt: '', updatedAt: '' });
        if (calls === 1) {
          db.backendDB().close();
          throw new DOMException('Connection is closing.', 'UnknownError');
        }
      }),
    );
    expect(calls).toBe(2);
    expect(await db.drafts.toArray()).toEqual([expect.objectContaining({ id, name: 'try 2' })]);
  });

  it('does not retry a failed write while the connection is healthy', async () => {
    const db = new SahejDatabase(`resilience-${newId()}`);
    opened.push(db);
    await db.open();
    let calls = 0;
    const failing = () =>
      db.transaction('rw', db.drafts, () => {
        calls++;
        throw new DOMException('disk trouble', 'UnknownError');
      });
    await expect(withReopen(db, failing)).rejects.toMatchObject({ name: 'UnknownError' });
    expect(calls).toBe(1);
    await expect(withReopen(db, () => db.transaction('rw', db.drafts, () => Promise.reject(new DOMException('full', 'QuotaExceededError'))))).rejects.toMatchObject({ name: 'QuotaExceededError' });
  });

  it('names quota and closed-connection failures, however Dexie wraps them', () => {
    expect(classifyStorageError(new DOMException('full', 'QuotaExceededError'))).toBe('quota');
    expect(classifyStorageError(Object.assign(new Error('x'), { name: 'AbortError', inner: new DOMException('full', 'QuotaExceededError') }))).toBe('quota');
    expect(classifyStorageError(new Dexie.DatabaseClosedError())).toBe('closed');
    expect(classifyStorageError(new Dexie.MissingAPIError())).toBe('unavailable');
    expect(classifyStorageError(new Error('?'))).toBe('unknown');
  });

  it('upgrades a version-1 database: filings get search keys, drafts become flat', async () => {
    const name = `upgrade-${newId()}`;
    const old = new Dexie(name);
    old.version(1).stores({ meta: 'key', drafts: 'id, updatedAt', filings: 'id, receiptNo, state, capturedAt', outbox: '++seq, filingId' });
    opened.push(old);
    await old.table('filings').put({
      id: 'F1',
      receiptNo: 'LKO1-D01-000001',
      state: 'pending',
      capturedAt: '2026-11-01T00:00:00.000Z',
      envelope: { type: 'new_connection', data: { applicant: { name: 'Sita Devi', mobile: '9876543210' } } },
    });
    await old.table('drafts').put({
      id: 'D1',
      type: 'new_connection',
      values: { applicant: { name: 'गीता', idType: 'aadhaar', idLast4: '1234' }, survey: { dates: ['2026-12-01', '', ''] }, consent: { given: true } },
      section: 'premises',
      updatedAt: '2026-11-01T00:00:00.000Z',
    });
    old.close();

    const db = new SahejDatabase(name);
    opened.push(db);
    expect(await db.filings.where('nameWords').startsWith('dev').first()).toMatchObject({ id: 'F1', mobile: '9876543210' });
    expect(await db.drafts.get('D1')).toMatchObject({
      step: 'premises',
      name: 'गीता',
      values: {
        'applicant.name': 'गीता',
        'applicant.idProof.type': 'aadhaar',
        'applicant.idProof.last4': '1234',
        'survey.preferredDates.0': '2026-12-01',
        'consent.given': true,
      },
    });
    expect(flattenLegacyDraftValues(null)).toEqual({});
  });

  it('upgrades a version-3 database: each filing with a fee gets its ledger entry, dated by the India day', async () => {
    const name = `upgrade-${newId()}`;
    const old = new Dexie(name);
    old.version(3).stores({ meta: 'key', drafts: 'id, updatedAt', filings: 'id, receiptNo, state, capturedAt, mobile, *nameWords', outbox: '++seq, filingId', documents: '[ownerId+kind+sha256], ownerId', uploads: '++key, fingerprint' });
    opened.push(old);
    const filing = (id: string, capturedAt: string, fee?: object) => ({ id, receiptNo: `LKO1-D01-00000${id.slice(1)}`, state: 'received', capturedAt, envelope: { type: 'new_connection', operatorId: 'op-7', data: fee ? { fee } : {} } });
    await old.table('filings').bulkPut([
      filing('F1', '2026-11-01T18:45:00.000Z', { amount: 100, mode: 'upi', upiRef: '123456789012' }), // 00:15 on 2 November in India
      filing('F2', '2026-11-01T10:00:00.000Z', { amount: 100, mode: 'cash' }),
      filing('F3', '2026-11-01T10:00:00.000Z'), // no fee: no entry
    ]);
    old.close();

    const db = new SahejDatabase(name);
    opened.push(db);
    expect(await db.ledger.orderBy('filingId').toArray()).toEqual([
      { filingId: 'F1', receiptNo: 'LKO1-D01-000001', day: '2026-11-02', operatorId: 'op-7', amount: 100, mode: 'upi', upiRef: '123456789012', at: '2026-11-01T18:45:00.000Z' },
      { filingId: 'F2', receiptNo: 'LKO1-D01-000002', day: '2026-11-01', operatorId: 'op-7', amount: 100, mode: 'cash', at: '2026-11-01T10:00:00.000Z' },
    ]);
  });
});
