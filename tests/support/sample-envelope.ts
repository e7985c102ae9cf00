import { addDays, indiaDay } from '../../src/domain/dates';
import { SCHEMA_VERSION } from '../../src/domain/envelope';
import { newId } from '../../src/domain/ids';
import { REQUESTS, type DocumentKind, type RequestType } from '../../src/domain/requests';

const DOCUMENT_HASHES: Record<DocumentKind, string> = {
  photo: '1'.repeat(64),
  id_proof: '2'.repeat(64),
  ownership_proof: '3'.repeat(64),
  other: '4'.repeat(64),
};

/** References to the documents a request type requires (hashes made up; nothing is uploaded here). */
export function sampleDocuments(type: RequestType = 'new_connection') {
  return REQUESTS[type].requiredDocuments.map((kind) => ({ kind, sha256: DOCUMENT_HASHES[kind], mime: 'image/jpeg' as const, size: 120_000 }));
}

const fee = { amount: 100, mode: 'cash' as const };
const consent = { given: true as const, noticeVersion: '2026-01' };

function sampleNewConnection(captureDay: string, name: string, mobile = '9876543210', area = 'urban', smsLanguage?: 'hi' | 'en') {
  return {
    applicant: { name, relativeName: 'Ram Prasad', relation: 'father', mobile, ...(smsLanguage ? { smsLanguage } : {}), idProof: { type: 'aadhaar', last4: '2346' } },
    premises: { line1: 'H. No. 12, Gali 4', locality: 'Aliganj', district: 'Lucknow', pin: '226024', area },
    connection: { category: 'LMV-1', loadKw: 2, phase: 'single', meter: 'prepaid_smart' },
    survey: { preferredDates: [addDays(captureDay, 2), addDays(captureDay, 3), addDays(captureDay, 5)] },
    fee: { ...fee } as { amount: number; mode: string; upiRef?: string },
    consent: { ...consent } as { given: boolean; noticeVersion: string },
  };
}

/** Valid data of each request type, captured on `captureDay` (YYYY-MM-DD, India). */
export function sampleData(type: RequestType, captureDay: string, name = 'सीता'): Record<string, unknown> {
  switch (type) {
    case 'new_connection':
      return sampleNewConnection(captureDay, name);
    case 'prepaid_to_postpaid':
      return { account: { accountNo: '1234567890' }, applicant: { name, mobile: '9876543210' }, reason: 'Frequent recharges are hard for us', fee: { ...fee }, consent: { ...consent } };
    case 'load_change':
      return {
        account: { accountNo: '1234567890' },
        applicant: { name, mobile: '9876543210' },
        load: { currentKw: 2, requestedKw: 5 },
        reason: 'Air conditioner installed',
        fee: { ...fee },
        consent: { ...consent },
      };
    case 'name_change':
      return {
        account: { accountNo: '1234567890' },
        currentOwner: { name: 'Mohan Lal' },
        newOwner: { name, mobile: '9876543210', idProof: { type: 'pan', last4: '234F' } },
        transfer: { reason: 'inheritance' },
        fee: { ...fee },
        consent: { ...consent },
      };
  }
}

/** A complete, valid `new_connection` envelope captured at `capturedAt`. */
export function sampleEnvelope(options: { capturedAt?: Date; deviceId?: string; id?: string; name?: string; mobile?: string; area?: string; smsLanguage?: 'hi' | 'en' } = {}) {
  const capturedAt = options.capturedAt ?? new Date();
  return {
    id: options.id ?? newId(capturedAt.getTime()),
    schemaVersion: SCHEMA_VERSION,
    type: 'new_connection' as const,
    data: sampleNewConnection(indiaDay(capturedAt), options.name ?? 'सीता', options.mobile, options.area, options.smsLanguage),
    documents: sampleDocuments('new_connection') as { kind: string; sha256: string; mime: string; size: number }[],
    capturedAt: capturedAt.toISOString(),
    deviceId: options.deviceId ?? 'LKO1-D01',
    operatorId: 'op-17',
  };
}

/** Any request type's envelope. */
export function sampleEnvelopeOf(type: RequestType, options: { capturedAt?: Date; deviceId?: string } = {}) {
  const capturedAt = options.capturedAt ?? new Date();
  return {
    id: newId(capturedAt.getTime()),
    schemaVersion: SCHEMA_VERSION,
    type,
    data: sampleData(type, indiaDay(capturedAt)),
    documents: sampleDocuments(type) as { kind: string; sha256: string; mime: string; size: number }[],
    capturedAt: capturedAt.toISOString(),
    deviceId: options.deviceId ?? 'LKO1-D01',
    operatorId: 'op-17',
  };
}

export type SampleEnvelope = ReturnType<typeof sampleEnvelope>;
