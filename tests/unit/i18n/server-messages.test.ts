import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, describeIssues, errorBody } from '../../../server/http-errors';
import { API_ERRORS, type ApiErrorCode } from '../../../src/domain/error-codes';
import { VALIDATION_CODES } from '../../../src/domain/validation-codes';
import { serverEn } from '../../../src/i18n/server/en';
import { sampleEnvelope } from '../../support/sample-envelope';
import { startInMemoryServer, type InMemoryServer } from '../../support/in-memory-server';
// What the server sent for every code before it had its own table (dumped from
// server/http-errors.ts while it still read the app's src/i18n/en.ts): the API's English
// is a contract, so a change here must be deliberate.
import before from './server-messages.json';

const API_CODES = Object.keys(API_ERRORS) as ApiErrorCode[];

describe('the server’s messages', () => {
  it('the record of what it sent covers every API error code and every validation code', () => {
    expect(Object.keys(before.error).sort()).toEqual([...API_CODES].sort());
    expect(Object.keys(before.validation).sort()).toEqual([...VALIDATION_CODES].sort());
  });

  it('its table holds exactly those messages, byte for byte', () => {
    const expected = {
      ...Object.fromEntries(Object.entries(before.error).map(([code, message]) => [`error.${code}`, message])),
      ...Object.fromEntries(Object.entries(before.validation).map(([code, message]) => [`validation.${code}`, message])),
    };
    expect(serverEn).toStrictEqual(expected);
  });

  it.each(API_CODES)('error %s: the body and the thrown error carry the message it sent before', (code) => {
    const message = before.error[code as keyof typeof before.error];
    expect(errorBody(code)).toStrictEqual({ error: code, message });
    expect(new ApiError(code).message).toBe(message);
  });

  it('every validation issue is described with the message it sent before', () => {
    const issues = VALIDATION_CODES.map((code) => ({ path: `data.${code}`, code }));
    expect(describeIssues(issues)).toStrictEqual(issues.map((issue) => ({ ...issue, message: before.validation[issue.code] })));
  });
});

describe('the server’s answers, through its routes', () => {
  let server: InMemoryServer;
  beforeAll(async () => {
    server = await startInMemoryServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('an unknown route, a missing token and a refused field answer with the recorded messages', async () => {
    const unknown = await server.app.inject({ method: 'GET', url: '/api/v1/no-such-route' });
    expect(unknown.json()).toMatchObject({ error: 'not_found', message: before.error.not_found });

    const envelope = sampleEnvelope();
    const anonymous = await server.app.inject({ method: 'PUT', url: `/api/v1/applications/${envelope.id}`, payload: envelope });
    expect(anonymous.json()).toMatchObject({ error: 'unauthorized', message: before.error.unauthorized });

    const { token, deviceId } = await server.enroll();
    const bad = sampleEnvelope({ deviceId, mobile: '12345' });
    const refused = await server.app.inject({ method: 'PUT', url: `/api/v1/applications/${bad.id}`, payload: bad, headers: { authorization: `Bearer ${token}` } });
    const body = refused.json() as { error: string; message: string; issues: { path: string; code: keyof typeof before.validation; message: string }[] };
    expect(body).toMatchObject({ error: 'invalid', message: before.error.invalid });
    expect(body.issues.length).toBeGreaterThan(0);
    for (const issue of body.issues) expect(issue.message).toBe(before.validation[issue.code]);
  });
});
