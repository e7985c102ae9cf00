import { describe, expect, it } from 'vitest';
import { CLIENT_ERROR_CODES, httpStatusCode, type ErrorCode } from '../../../src/domain/client-error-codes';
import { API_ERRORS } from '../../../src/domain/error-codes';
import { THERMAL_ERROR_CODES } from '../../../src/domain/thermal-error-codes';
import { VALIDATION_CODES, WARNING_CODES } from '../../../src/domain/validation-codes';
import { errorText, LANGS } from '../../../src/i18n';
import { app } from '../../../src/i18n/app';
import { office, officeErrorText } from '../../../src/i18n/office';

// Every code a screen can be handed has a sentence in both languages, read from the
// catalogues themselves: a code added to one of them without its messages fails here.

const API = Object.keys(API_ERRORS);
const ERROR_CODES = [...API, ...CLIENT_ERROR_CODES];
/** Every HTTP status a failed call can end with, as the client names one that came without a code. */
const HTTP_CODES = Array.from({ length: 200 }, (_, i) => httpStatusCode(400 + i));

describe.each(LANGS)('in %s', (lang) => {
  const table = app.tables[lang] as Record<string, string>;

  it('the app has a message for every API and client error code, validation and warning code', () => {
    const keys = [...ERROR_CODES.map((code) => `error.${code}`), ...VALIDATION_CODES.map((code) => `validation.${code}`), ...WARNING_CODES.map((code) => `warning.${code}`)];
    expect(keys.filter((key) => !table[key]?.trim())).toEqual([]);
  });

  it('the app has a message for every reason a thermal print fails', () => {
    expect(THERMAL_ERROR_CODES.map((code) => `thermal.error.${code}`).filter((key) => !table[key]?.trim())).toEqual([]);
  });

  it('an error code never shows as a raw key, nor as “something went wrong”', () => {
    const bad = [...ERROR_CODES, ...HTTP_CODES].filter((code) => {
      const text = errorText(lang, code);
      return text.includes('error.') || text.includes('http_') || text === app.text(lang, 'error.unknown', { code }) || !text.trim();
    });
    expect(bad).toEqual([]);
  });

  it('a bare HTTP status is a sentence naming it, by its class', () => {
    expect(errorText(lang, 'http_403')).toBe(app.text(lang, 'error.http.client', { status: 403 }));
    expect(errorText(lang, 'http_503')).toBe(app.text(lang, 'error.http.server', { status: 503 }));
    expect(errorText(lang, 'http_503')).toContain('503');
  });

  it('the console has a sentence of its own or the app’s for every code, never its “something went wrong”', () => {
    const bad = [...ERROR_CODES, ...HTTP_CODES].filter((code) => {
      const text = officeErrorText(lang, code as ErrorCode);
      return text.includes('error.') || text.includes('http_') || text === office.text(lang, 'error.unknown', { code });
    });
    expect(bad).toEqual([]);
  });
});
