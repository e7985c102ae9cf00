import { describe, expect, it } from 'vitest';
import { validateAddition } from '../../../src/domain/addition';
import { newId } from '../../../src/domain/ids';
import { ageInDays, areaOf, deadlineMissed, isBreached, serviceDaysLeft, serviceDueAt } from '../../../src/domain/service-clock';
import { sampleEnvelope, sampleEnvelopeOf } from '../../support/sample-envelope';

describe('service clock', () => {
  it('gives 3, 7, 15 and 30 days by area, counts days left, and stops at a final stage', () => {
    const start = '2026-11-01T06:00:00.000Z';
    expect(['metro', 'urban', 'rural', 'hilly_rural'].map((area) => serviceDueAt(start, area as never))).toEqual([
      '2026-11-04T06:00:00.000Z',
      '2026-11-08T06:00:00.000Z',
      '2026-11-16T06:00:00.000Z',
      '2026-12-01T06:00:00.000Z',
    ]);
    const due = serviceDueAt(start, 'metro');
    expect(serviceDaysLeft(due, new Date('2026-11-01T06:00:00Z'))).toBe(3);
    expect(serviceDaysLeft(due, new Date('2026-11-03T07:00:00Z'))).toBe(1);
    expect(serviceDaysLeft(due, new Date('2026-11-06T06:00:00Z'))).toBe(-2);
    expect(isBreached(due, 'survey_scheduled', new Date('2026-11-04T06:00:01Z'))).toBe(true);
    expect(isBreached(due, 'survey_scheduled', new Date('2026-11-04T05:59:59Z'))).toBe(false);
    expect(isBreached(due, 'connected', new Date('2026-12-30T00:00:00Z'))).toBe(false);
    expect(isBreached(null, 'received', new Date('2030-01-01T00:00:00Z'))).toBe(false);
    expect(ageInDays(start, new Date('2026-11-09T05:59:59Z'))).toBe(7);
  });

  it('runs only for new connections, which carry an area', () => {
    expect(areaOf(sampleEnvelope({ area: 'hilly_rural' }) as never)).toBe('hilly_rural');
    expect(areaOf(sampleEnvelopeOf('load_change') as never)).toBeUndefined();
  });
});

describe('additions', () => {
  const valid = { id: newId(), applicationId: newId(), kind: 'objection_answer', text: '  उत्तर  ', documents: [], capturedAt: '2026-11-28T06:00:00.000Z', deviceId: 'LKO1-D01', operatorId: 'op-17' };
  it('normalises the text and refuses what is missing, unknown or too much', () => {
    expect(validateAddition(valid)).toMatchObject({ ok: true, addition: { text: 'उत्तर' } });
    expect(validateAddition({ ...valid, kind: 'complaint' })).toEqual({ ok: false, issues: [{ path: 'kind', code: 'choice' }] });
    expect(validateAddition({ ...valid, id: 'not-a-ulid' })).toEqual({ ok: false, issues: [{ path: 'id', code: 'addition.id' }] });
    expect(validateAddition({ ...valid, text: 'x'.repeat(1001) })).toEqual({ ok: false, issues: [{ path: 'text', code: 'text.too_long' }] });
    const document = { kind: 'other', sha256: 'a'.repeat(64), mime: 'image/jpeg', size: 1000 };
    expect(validateAddition({ ...valid, documents: Array(6).fill(document) })).toEqual({ ok: false, issues: [{ path: 'documents', code: 'document.too_many' }] });
  });
});

describe('the deadline as the applicant is told of it', () => {
  const due = '2026-11-10T00:00:00.000Z';
  const after = new Date('2026-11-12T00:00:00.000Z');
  it('missed while open past it; not before it', () => {
    expect(deadlineMissed(due, 'survey_scheduled', after, '2026-11-05T00:00:00.000Z')).toBe(true);
    expect(deadlineMissed(due, 'survey_scheduled', new Date('2026-11-09T00:00:00.000Z'), undefined)).toBe(false);
  });
  it('once connected, missed only if the connection came after it', () => {
    expect(deadlineMissed(due, 'connected', after, '2026-11-11T00:00:00.000Z')).toBe(true);
    expect(deadlineMissed(due, 'connected', after, '2026-11-09T00:00:00.000Z')).toBe(false);
  });
  it('never for an application that owes no connection', () => {
    expect(deadlineMissed(due, 'rejected', after, '2026-11-11T00:00:00.000Z')).toBe(false);
    expect(deadlineMissed(due, 'cancelled', after, '2026-11-11T00:00:00.000Z')).toBe(false);
  });
});
