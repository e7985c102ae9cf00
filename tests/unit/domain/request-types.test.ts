import { describe, expect, it } from 'vitest';
import { validateEnvelope } from '../../../src/domain/envelope';
import { REQUEST_TYPES } from '../../../src/domain/requests';
import { sampleEnvelopeOf } from '../../support/sample-envelope';

type Envelope = ReturnType<typeof sampleEnvelopeOf>;

function issuesAfter(type: (typeof REQUEST_TYPES)[number], mutate: (envelope: Envelope & { data: Record<string, any> }) => void) {
  const envelope = sampleEnvelopeOf(type) as Envelope & { data: Record<string, any> };
  mutate(envelope);
  const result = validateEnvelope(envelope);
  return result.ok ? [] : result.issues;
}

describe('the four request types', () => {
  it.each(REQUEST_TYPES)('%s: a complete filing is valid', (type) => {
    expect(validateEnvelope(sampleEnvelopeOf(type))).toMatchObject({ ok: true });
  });

  it.each(['prepaid_to_postpaid', 'load_change', 'name_change'] as const)('%s: the account number is 8–12 digits', (type) => {
    expect(issuesAfter(type, (e) => (e.data.account.accountNo = '12345'))).toEqual([{ path: 'data.account.accountNo', code: 'account.format' }]);
    expect(issuesAfter(type, (e) => (e.data.account.accountNo = '12345678AB'))).toEqual([{ path: 'data.account.accountNo', code: 'account.format' }]);
  });

  it('load_change: the new load must differ, and rounds up', () => {
    expect(issuesAfter('load_change', (e) => (e.data.load.requestedKw = 2))).toEqual([{ path: 'data.load.requestedKw', code: 'load.same' }]);
    expect(issuesAfter('load_change', (e) => (e.data.load.requestedKw = 1.5))).toEqual([{ path: 'data.load.requestedKw', code: 'load.same' }]);
    expect(issuesAfter('load_change', (e) => (e.data.load.currentKw = 0))).toEqual([{ path: 'data.load.currentKw', code: 'load.min' }]);
  });

  it('name_change: needs the new owner identified, a reason, and proof of ownership', () => {
    expect(issuesAfter('name_change', (e) => (e.data.transfer.reason = 'lottery'))).toEqual([{ path: 'data.transfer.reason', code: 'choice' }]);
    expect(issuesAfter('name_change', (e) => (e.data.newOwner.mobile = '12345'))).toEqual([{ path: 'data.newOwner.mobile', code: 'mobile.format' }]);
    expect(issuesAfter('name_change', (e) => (e.documents = e.documents.filter((d) => d.kind !== 'ownership_proof')))).toEqual([
      { path: 'documents.ownership_proof', code: 'document.missing' },
    ]);
  });

  it('new_connection: needs a photo, an identity document and proof of ownership', () => {
    expect(issuesAfter('new_connection', (e) => (e.documents = []))).toEqual([
      { path: 'documents.photo', code: 'document.missing' },
      { path: 'documents.id_proof', code: 'document.missing' },
      { path: 'documents.ownership_proof', code: 'document.missing' },
    ]);
  });

  it('prepaid_to_postpaid: the reason is required and bounded', () => {
    expect(issuesAfter('prepaid_to_postpaid', (e) => (e.data.reason = '   '))).toEqual([{ path: 'data.reason', code: 'required' }]);
    expect(issuesAfter('prepaid_to_postpaid', (e) => (e.data.reason = 'x'.repeat(501)))).toEqual([{ path: 'data.reason', code: 'text.too_long' }]);
  });

  it('documents: only photos and PDFs of at most 5 MB, at most 20', () => {
    expect(issuesAfter('prepaid_to_postpaid', (e) => e.documents.push({ kind: 'other', sha256: 'a'.repeat(64), mime: 'text/html', size: 10 }))).toEqual([
      { path: 'documents.0.mime', code: 'document.mime' },
    ]);
    expect(issuesAfter('prepaid_to_postpaid', (e) => e.documents.push({ kind: 'other', sha256: 'a'.repeat(64), mime: 'application/pdf', size: 6 * 1024 * 1024 }))).toEqual([
      { path: 'documents.0.size', code: 'document.size' },
    ]);
    expect(
      issuesAfter('prepaid_to_postpaid', (e) => {
        for (let i = 0; i < 21; i++) e.documents.push({ kind: 'other', sha256: String(i % 10).repeat(64), mime: 'image/jpeg', size: 10 });
      }),
    ).toEqual([{ path: 'documents', code: 'document.too_many' }]);
  });
});
