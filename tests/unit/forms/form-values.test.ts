import { describe, expect, it } from 'vitest';
import { addDays, indiaDay } from '../../../src/domain/dates';
import { validateRequestData } from '../../../src/domain/envelope';
import { REQUEST_TYPES, REQUESTS, type RequestType } from '../../../src/domain/requests';
import type { LoadChange } from '../../../src/domain/requests/load-change';
import { allFields, reviewedText, stepOfIssue, toRequestData } from '../../../src/forms/form-values';
import { roundedLoad } from '../../../src/forms/shared-fields';
import { FORMS } from '../../../src/forms/registry';
import type { FormValues } from '../../../src/store/types';
import { sampleData } from '../../support/sample-envelope';
import { canonicalJson } from '../../../src/domain/canonical-json';

/** What an operator would have typed to produce the sample data. */
function typedValues(type: RequestType): FormValues {
  const values: FormValues = {};
  const walk = (value: unknown, path: string) => {
    if (value && typeof value === 'object') for (const [key, inner] of Object.entries(value)) walk(inner, path ? `${path}.${key}` : key);
    else if (typeof value === 'boolean') values[path] = value;
    else values[path] = String(value);
  };
  walk(sampleData(type, indiaDay(Date.now())), '');
  delete values['fee.amount'];
  delete values['consent.noticeVersion'];
  return values;
}

const documentsOf = (type: RequestType) => REQUESTS[type].requiredDocuments.map((kind) => ({ kind }));
const now = () => new Date().toISOString();

describe.each(REQUEST_TYPES)('the %s form', (type) => {
  const spec = FORMS[type];

  it('turns what was typed into valid request data, with the fee and notice version filled in', () => {
    const data = toRequestData(spec, typedValues(type));
    expect(validateRequestData(type, data, now(), documentsOf(type))).toMatchObject({ ok: true });
    expect(data).toMatchObject({ fee: { amount: 100 }, consent: { given: true, noticeVersion: '2026-01' } });
  });

  it('has a field for every value of the request', () => {
    const typed = Object.keys(typedValues(type)).sort();
    const paths = allFields(spec)
      .flatMap((field) => (field.kind === 'id-proof' ? [`${field.path}.type`, `${field.path}.last4`] : field.kind === 'fee-amount' ? [] : [field.path]))
      .sort();
    expect(paths).toEqual(expect.arrayContaining(typed));
  });

  it('puts every problem on the step of its field, so a mistake blocks only its own step', () => {
    for (const field of allFields(spec).filter((candidate) => candidate.required)) {
      const values = typedValues(type);
      for (const path of Object.keys(values)) if (path === field.path || path.startsWith(`${field.path}.`)) delete values[path];
      if (field.kind === 'text' && field.path === 'fee.upiRef') values['fee.mode'] = 'upi';
      const result = validateRequestData(type, toRequestData(spec, values), now(), documentsOf(type));
      expect(result.ok, field.path).toBe(false);
      const issues = result.ok ? [] : result.issues;
      const owner = spec.steps.find((step) => step.fields.includes(field))!;
      expect(issues.map((issue) => stepOfIssue(spec, issue.path)?.id), field.path).toEqual(issues.map(() => owner.id));
    }
  });

  it('asks the applicant’s SMS language on the step of their mobile: left unchosen the filing has none (Hindi) and hashes as a filing made before the field; chosen, it is', () => {
    const person = type === 'name_change' ? 'newOwner' : 'applicant';
    const field = allFields(spec).find((candidate) => candidate.path === `${person}.smsLanguage`);
    expect(field).toMatchObject({ kind: 'select', options: ['hi', 'en'] });
    expect(field!.required).toBeFalsy();
    expect(spec.steps.find((step) => step.fields.includes(field!))).toBe(spec.steps.find((step) => step.fields.some((candidate) => candidate.path === `${person}.mobile`)));

    const unchosen = validateRequestData(type, toRequestData(spec, typedValues(type)), now(), documentsOf(type));
    if (!unchosen.ok) throw new Error(JSON.stringify(unchosen.issues));
    expect((unchosen.data as Record<string, { smsLanguage?: string }>)[person]!.smsLanguage).toBeUndefined();
    // The same canonical form, so the same content hash, as a filing made before the field existed.
    const before = validateRequestData(type, sampleData(type, indiaDay(Date.now())), now(), documentsOf(type));
    expect(before.ok && canonicalJson(before.data)).toBe(canonicalJson(unchosen.data));

    const chosen = validateRequestData(type, toRequestData(spec, { ...typedValues(type), [`${person}.smsLanguage`]: 'en' }), now(), documentsOf(type));
    expect(chosen.ok && (chosen.data as Record<string, { smsLanguage?: string }>)[person]!.smsLanguage).toBe('en');
    const wrong = validateRequestData(type, toRequestData(spec, { ...typedValues(type), [`${person}.smsLanguage`]: 'fr' }), now(), documentsOf(type));
    expect(wrong.ok ? [] : wrong.issues).toEqual([{ path: `${person}.smsLanguage`, code: 'choice' }]);
  });

  it('puts a missing document on the documents step', () => {
    const result = validateRequestData(type, toRequestData(spec, typedValues(type)), now(), []);
    const issues = result.ok ? [] : result.issues;
    expect(issues.length).toBe(REQUESTS[type].requiredDocuments.length);
    for (const issue of issues) expect(stepOfIssue(spec, issue.path)?.documents).toBe(true);
  });
});

describe('form values', () => {
  it('reports an empty required field as required and leaves out hidden fields', () => {
    const values = typedValues('new_connection');
    values['applicant.name'] = '   ';
    values['fee.upiRef'] = 'should-not-be-sent';
    const data = toRequestData(FORMS.new_connection, values) as { fee: Record<string, unknown> };
    expect(data.fee).toEqual({ amount: 100, mode: 'cash', upiRef: undefined });
    const result = validateRequestData('new_connection', data, now(), documentsOf('new_connection'));
    expect(result).toEqual({ ok: false, issues: [{ path: 'applicant.name', code: 'required' }] });
  });

  it('sends a typed load as a number, and a mistyped one as text so the schema can explain', () => {
    const values = typedValues('new_connection');
    values['connection.loadKw'] = '2,5';
    expect((toRequestData(FORMS.new_connection, values) as { connection: { loadKw: unknown } }).connection.loadKw).toBe(2.5);
    values['connection.loadKw'] = 'two';
    const result = validateRequestData('new_connection', toRequestData(FORMS.new_connection, values), now(), documentsOf('new_connection'));
    expect(result).toEqual({ ok: false, issues: [{ path: 'connection.loadKw', code: 'load.number' }] });
  });

  it('reads a load typed in Devanagari digits; the review, the live note and the fee show it as the filing carries it (whole kW)', () => {
    const values = typedValues('load_change');
    values['load.requestedKw'] = '५.५';
    const spec = FORMS.load_change;
    const result = validateRequestData('load_change', toRequestData(spec, values), now(), documentsOf('load_change'));
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const filed = (result.data as LoadChange).load.requestedKw;
    expect(filed).toBe(6);
    expect(reviewedText('load.requestedKw', values, result.data)).toBe(String(filed));
    expect(roundedLoad(values, 'load.requestedKw')).toEqual({ typed: 5.5, kw: 6 });
    expect(spec.feeQuery(values)).toMatchObject({ loadKw: 6 });
    // A whole load needs no note; the mobile shows as filed, not as typed.
    values['load.requestedKw'] = '६';
    values['applicant.mobile'] = '+९१ ९८७६५ ४३२१०';
    expect(roundedLoad(values, 'load.requestedKw')).toBeUndefined();
    const again = validateRequestData('load_change', toRequestData(spec, values), now(), documentsOf('load_change'));
    expect(reviewedText('applicant.mobile', values, again.ok && again.data)).toBe('9876543210');
  });

  it('keeps the three survey dates in order and says which one is wrong', () => {
    const values = typedValues('new_connection');
    values['survey.preferredDates.1'] = '';
    values['survey.preferredDates.2'] = addDays(indiaDay(Date.now()), -1);
    const result = validateRequestData('new_connection', toRequestData(FORMS.new_connection, values), now(), documentsOf('new_connection'));
    expect(result.ok ? [] : result.issues).toEqual([{ path: 'survey.preferredDates.1', code: 'required' }]);
  });
});
