import { describe, expect, it } from 'vitest';
import { CLIENT_ERROR_CODES, httpStatusCode, isClientErrorCode } from '../../../src/domain/client-error-codes';
import { API_ERRORS, isApiErrorCode } from '../../../src/domain/error-codes';
import { isMessageKey } from '../../../src/i18n';

describe('client error codes', () => {
  it('never reuse an API error code: a code means one thing wherever it is shown', () => {
    expect(CLIENT_ERROR_CODES.filter((code) => Object.hasOwn(API_ERRORS, code))).toEqual([]);
  });

  it('are the listed codes and http_<status>, nothing else', () => {
    for (const code of CLIENT_ERROR_CODES) expect(isClientErrorCode(code), code).toBe(true);
    expect(httpStatusCode(502)).toBe('http_502');
    expect(isClientErrorCode(httpStatusCode(429))).toBe(true);
    for (const other of ['conflict', 'offline', 'http_', 'http_5xx', 'NETWORK', 7, undefined]) expect(isClientErrorCode(other), String(other)).toBe(false);
    expect(CLIENT_ERROR_CODES.some((code) => isApiErrorCode(code))).toBe(false);
  });

  // A stalled upload is mostly a reason to retry, yet it can end up on a screen (the last
  // problem of an item): tests/unit/i18n/error-coverage.test.ts holds every code to a message.
  it('the app has a message for each', () => {
    expect(CLIENT_ERROR_CODES.filter((code) => !isMessageKey(`error.${code}`))).toEqual([]);
  });
});
