import { describe, expect, it } from 'vitest';
import { validateEnvelope } from '../../../src/domain/envelope';
import { pinOutsideRegion, type NewConnection } from '../../../src/domain/requests/new-connection';
import { sampleEnvelope } from '../../support/sample-envelope';

type Mutator = (envelope: ReturnType<typeof sampleEnvelope>) => void;

function issuesAfter(mutate: Mutator) {
  const envelope = sampleEnvelope();
  mutate(envelope);
  const result = validateEnvelope(envelope);
  return result.ok ? [] : result.issues;
}

describe('new_connection schema', () => {
  it('accepts a complete filing', () => {
    expect(validateEnvelope(sampleEnvelope())).toMatchObject({ ok: true });
  });

  it('accepts a single-word Devanagari name and a Latin one', () => {
    expect(issuesAfter((e) => (e.data.applicant.name = 'रामू'))).toEqual([]);
    expect(issuesAfter((e) => (e.data.applicant.name = 'Ramu'))).toEqual([]);
  });

  it('accepts a filing without the optional relative', () => {
    expect(
      issuesAfter((e) => {
        delete (e.data.applicant as Partial<typeof e.data.applicant>).relativeName;
        delete (e.data.applicant as Partial<typeof e.data.applicant>).relation;
      }),
    ).toEqual([]);
  });

  it('rejects a 9-digit mobile', () => {
    expect(issuesAfter((e) => (e.data.applicant.mobile = '987654321'))).toEqual([{ path: 'data.applicant.mobile', code: 'mobile.format' }]);
  });

  it('rejects a mobile starting 0–5 after stripping, and strips +91, 91 and 0', () => {
    expect(issuesAfter((e) => (e.data.applicant.mobile = '5876543210'))).toEqual([{ path: 'data.applicant.mobile', code: 'mobile.format' }]);
    for (const typed of ['+91 98765 43210', '919876543210', '09876543210', '98765-43210']) {
      const envelope = sampleEnvelope();
      envelope.data.applicant.mobile = typed;
      const result = validateEnvelope(envelope);
      expect(result.ok && (result.envelope.data as NewConnection).applicant.mobile, typed).toBe('9876543210');
    }
  });

  it('rejects a PIN starting with 0, and of the wrong length', () => {
    expect(issuesAfter((e) => (e.data.premises.pin = '026024'))).toEqual([{ path: 'data.premises.pin', code: 'pin.format' }]);
    expect(issuesAfter((e) => (e.data.premises.pin = '22602'))).toEqual([{ path: 'data.premises.pin', code: 'pin.format' }]);
  });

  it('warns, without refusing, on a PIN outside 20xxxx–28xxxx', () => {
    expect(issuesAfter((e) => (e.data.premises.pin = '110001'))).toEqual([]);
    expect(pinOutsideRegion('110001')).toBe(true);
    expect(pinOutsideRegion('226024')).toBe(false);
  });

  it('rejects a load of 0 and rounds a fractional load up', () => {
    expect(issuesAfter((e) => (e.data.connection.loadKw = 0))).toEqual([{ path: 'data.connection.loadKw', code: 'load.min' }]);
    expect(issuesAfter((e) => (e.data.connection.loadKw = -3))).toEqual([{ path: 'data.connection.loadKw', code: 'load.min' }]);
    const envelope = sampleEnvelope();
    envelope.data.connection.loadKw = 2.1;
    const result = validateEnvelope(envelope);
    expect(result.ok && (result.envelope.data as NewConnection).connection.loadKw).toBe(3);
  });

  it('needs three distinct survey dates after the capture day', () => {
    expect(issuesAfter((e) => (e.data.survey.preferredDates = e.data.survey.preferredDates.slice(0, 2)))).toEqual([
      { path: 'data.survey.preferredDates', code: 'dates.count' },
    ]);
    expect(issuesAfter((e) => (e.data.survey.preferredDates[2] = e.data.survey.preferredDates[0]!))).toEqual([
      { path: 'data.survey.preferredDates', code: 'date.distinct' },
    ]);
    expect(issuesAfter((e) => (e.data.survey.preferredDates[1] = '2025-02-30'))).toEqual([{ path: 'data.survey.preferredDates.1', code: 'date.format' }]);
    expect(issuesAfter((e) => (e.data.survey.preferredDates[0] = e.capturedAt.slice(0, 10)))).toContainEqual({
      path: 'data.survey.preferredDates.0',
      code: 'date.future',
    });
  });

  it('judges future dates against capturedAt, not today', () => {
    const longAgo = sampleEnvelope({ capturedAt: new Date(Date.now() - 40 * 86_400_000) });
    expect(longAgo.data.survey.preferredDates.every((day) => day < new Date().toISOString().slice(0, 10))).toBe(true);
    expect(validateEnvelope(longAgo)).toMatchObject({ ok: true });
  });

  it('needs a UPI reference for a UPI payment', () => {
    expect(issuesAfter((e) => (e.data.fee = { amount: 100, mode: 'upi' }))).toEqual([{ path: 'data.fee.upiRef', code: 'upi_ref.required' }]);
    expect(issuesAfter((e) => (e.data.fee = { amount: 100, mode: 'upi', upiRef: '412345678901' } as typeof e.data.fee))).toEqual([]);
  });

  it('needs consent and keeps only four identity characters', () => {
    expect(issuesAfter((e) => ((e.data.consent as { given: boolean }).given = false))).toEqual([{ path: 'data.consent.given', code: 'consent.required' }]);
    expect(issuesAfter((e) => (e.data.applicant.idProof.last4 = '234123412346'))).toEqual([{ path: 'data.applicant.idProof.last4', code: 'id.last4' }]);
  });

  it('reports missing fields as required and refuses unknown fields', () => {
    expect(issuesAfter((e) => delete (e.data.premises as Partial<typeof e.data.premises>).district)).toEqual([{ path: 'data.premises.district', code: 'required' }]);
    expect(issuesAfter((e) => ((e as Record<string, unknown>).aadhaarNumber = '234123412346'))).toEqual([{ path: 'aadhaarNumber', code: 'unknown_field' }]);
  });

  it('checks the envelope: ULID id, version, type, timestamps', () => {
    expect(issuesAfter((e) => (e.id = 'not-a-ulid'))).toEqual([{ path: 'id', code: 'envelope.id' }]);
    expect(issuesAfter((e) => ((e as { schemaVersion: number }).schemaVersion = 2))).toEqual([{ path: 'schemaVersion', code: 'envelope.schema_version' }]);
    expect(issuesAfter((e) => ((e as { type: string }).type = 'solar_rooftop'))).toEqual([{ path: 'type', code: 'envelope.type' }]);
    expect(issuesAfter((e) => (e.capturedAt = 'yesterday'))).toEqual([{ path: 'capturedAt', code: 'envelope.datetime' }]);
  });

  it('normalises names to NFC and trims them, so the same name always hashes the same', () => {
    const envelope = sampleEnvelope();
    envelope.data.applicant.name = '  Ame\u0301lie  ';
    const result = validateEnvelope(envelope);
    expect(result.ok && (result.envelope.data as NewConnection).applicant.name).toBe('Am\u00e9lie');
  });
});
