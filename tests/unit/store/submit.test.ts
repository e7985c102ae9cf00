import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentHash } from '../../../src/domain/content-hash';
import { indiaDay } from '../../../src/domain/dates';
import { toBase64url } from '../../../src/domain/receipt/base64url';
import { verifySignature } from '../../../src/domain/receipt/ecdsa';
import { deviceStatement } from '../../../src/domain/receipt/statements';
import { newId } from '../../../src/domain/ids';
import { REQUEST_TYPES } from '../../../src/domain/requests';
import { attachDocument, listDocuments } from '../../../src/store/documents';
import { discardDraft, saveDraft } from '../../../src/store/drafts';
import { submitFiling } from '../../../src/store/filings';
import type { DeviceRecord } from '../../../src/store/types';
import { attachSampleDocuments, createClientFixture, sampleDocument, type ClientFixture } from '../../support/client-fixture';
import { sampleData } from '../../support/sample-envelope';

const draftOf = (id: string) => ({ id, type: 'new_connection' as const, values: { 'applicant.name': 'x' }, step: 'fee', name: 'x' });

describe('capturing a filing on the device', () => {
  let fx: ClientFixture;
  beforeEach(async () => {
    fx = await createClientFixture();
  });
  afterEach(async () => {
    await fx.close();
  });

  const today = () => indiaDay(fx.now());

  it('writes the filing, its outbox entry and receipt number, and removes the draft, together', async () => {
    const id = newId();
    await saveDraft(fx.db, draftOf(id));
    await attachSampleDocuments(fx.db, id, 'new_connection');
    const result = await submitFiling(fx.db, { id, type: 'new_connection', data: sampleData('new_connection', today()) });
    expect(result.ok).toBe(true);
    expect(await fx.db.drafts.get(id)).toBeUndefined();
    expect(await fx.db.outbox.toArray()).toEqual([expect.objectContaining({ kind: 'filing', id, attempts: 0, parked: false })]);
    const filing = await fx.db.filings.get(id);
    expect(filing).toMatchObject({ state: 'pending', receiptNo: `${fx.enrollment.deviceId}-000001`, name: 'सीता', nameWords: ['सीता'], mobile: '9876543210' });
    expect(filing!.envelope.receipt).toEqual({ receiptNo: filing!.receiptNo, issuedAt: filing!.capturedAt, signature: expect.any(String) });
    // Signed by this device's key over the statement that names the content hash.
    const device = (await fx.db.meta.get('device')) as DeviceRecord;
    const rawKey = new Uint8Array(await crypto.subtle.exportKey('raw', device.keyPair.publicKey));
    const statement = deviceStatement({ receiptNo: filing!.receiptNo, issuedAt: filing!.capturedAt, deviceId: fx.enrollment.deviceId, hash: await contentHash(filing!.envelope) });
    expect(await verifySignature(toBase64url(rawKey), filing!.envelope.receipt!.signature!, statement)).toBe(true);
    // The documents stay with the filing (same id) and are listed in its envelope.
    const documents = await listDocuments(fx.db, id);
    expect(filing!.envelope.documents.map((d) => d.sha256).sort()).toEqual(documents.map((d) => d.sha256).sort());
    expect(filing!.envelope.documents.map((d) => d.kind).sort()).toEqual(['id_proof', 'ownership_proof', 'photo']);
  });

  it('captures every request type', async () => {
    for (const type of REQUEST_TYPES) {
      const filing = await fx.submit('गीता', type);
      expect(filing.type).toBe(type);
      expect(filing.envelope.type).toBe(type);
    }
    expect(await fx.db.filings.count()).toBe(4);
  });

  it('refuses a filing whose required documents are missing, and writes nothing', async () => {
    const id = newId();
    await saveDraft(fx.db, draftOf(id));
    await attachDocument(fx.db, draftOf(id), await sampleDocument('photo', id));
    const result = await submitFiling(fx.db, { id, type: 'new_connection', data: sampleData('new_connection', today()) });
    expect(result).toEqual({
      ok: false,
      issues: [
        { path: 'documents.id_proof', code: 'document.missing' },
        { path: 'documents.ownership_proof', code: 'document.missing' },
      ],
    });
    expect(await fx.db.filings.count()).toBe(0);
    expect(await fx.db.drafts.get(id)).toBeDefined();
  });

  it('gives increasing receipt numbers that are never reused', async () => {
    const numbers = [];
    for (let i = 0; i < 5; i++) numbers.push((await fx.submit()).receiptNo);
    expect(numbers).toEqual([1, 2, 3, 4, 5].map((n) => `${fx.enrollment.deviceId}-${String(n).padStart(6, '0')}`));
  });

  it('treats the same draft submitted twice as one filing', async () => {
    const id = newId();
    await attachSampleDocuments(fx.db, id, 'new_connection');
    const data = sampleData('new_connection', today());
    const [a, b] = await Promise.all([submitFiling(fx.db, { id, type: 'new_connection', data }), submitFiling(fx.db, { id, type: 'new_connection', data })]);
    expect(a.ok && b.ok && a.filing.receiptNo === b.filing.receiptNo).toBe(true);
    expect(await fx.db.filings.count()).toBe(1);
    expect(await fx.db.outbox.count()).toBe(1);
  });

  it('writes nothing when the data is invalid', async () => {
    const id = newId();
    await saveDraft(fx.db, draftOf(id));
    await attachSampleDocuments(fx.db, id, 'new_connection');
    const data = sampleData('new_connection', today()) as { applicant: { mobile: string } };
    data.applicant.mobile = '123';
    const result = await submitFiling(fx.db, { id, type: 'new_connection', data });
    expect(result).toEqual({ ok: false, issues: [{ path: 'data.applicant.mobile', code: 'mobile.format' }] });
    expect(await fx.db.filings.count()).toBe(0);
    expect(await fx.db.outbox.count()).toBe(0);
    expect(await fx.db.drafts.get(id)).toBeDefined();
    expect(await fx.db.meta.get('receiptSequence')).toBeUndefined();
  });

  it('does not bring back a submitted draft when a late autosave arrives, nor change its documents', async () => {
    const filing = await fx.submit();
    await saveDraft(fx.db, draftOf(filing.id));
    expect(await fx.db.drafts.count()).toBe(0);
    await expect(attachDocument(fx.db, draftOf(filing.id), await sampleDocument('other', 'late'))).rejects.toThrow();
    await discardDraft(fx.db, filing.id);
    expect(await listDocuments(fx.db, filing.id)).toHaveLength(3);
  });

  it('stores a document with its draft change in one transaction, replacing a single-kind document', async () => {
    const id = newId();
    await attachDocument(fx.db, draftOf(id), await sampleDocument('photo', 'first'));
    expect(await fx.db.drafts.get(id)).toMatchObject({ id, step: 'fee' });
    await attachDocument(fx.db, draftOf(id), await sampleDocument('photo', 'second'));
    await attachDocument(fx.db, draftOf(id), await sampleDocument('other', 'a'));
    await attachDocument(fx.db, draftOf(id), await sampleDocument('other', 'b'));
    const documents = await listDocuments(fx.db, id);
    expect(documents.map((d) => d.kind).sort()).toEqual(['other', 'other', 'photo']);
    // The same bytes may be attached as two kinds.
    const scan = await sampleDocument('id_proof', 'scan');
    await attachDocument(fx.db, draftOf(id), scan);
    await attachDocument(fx.db, draftOf(id), { ...scan, kind: 'ownership_proof' });
    expect((await listDocuments(fx.db, id)).filter((d) => d.sha256 === scan.sha256).map((d) => d.kind).sort()).toEqual(['id_proof', 'ownership_proof']);
    expect(documents.find((d) => d.kind === 'photo')!.sha256).toBe((await sampleDocument('photo', 'second')).sha256);
    const stored = documents[0]!;
    expect(stored.blob).toBeInstanceOf(Blob);
    expect(stored.blob.size).toBe(stored.size);
  });

  it('discards a draft with its documents', async () => {
    const id = newId();
    await attachDocument(fx.db, draftOf(id), await sampleDocument('photo', id));
    await discardDraft(fx.db, id);
    expect(await fx.db.drafts.get(id)).toBeUndefined();
    expect(await listDocuments(fx.db, id)).toEqual([]);
  });
});
