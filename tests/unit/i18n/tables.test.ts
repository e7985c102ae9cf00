import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../src/domain/client-error-codes';
import { API_ERRORS } from '../../../src/domain/error-codes';
import { REQUEST_TYPES } from '../../../src/domain/requests';
import { AREAS } from '../../../src/domain/requests/new-connection';
import { STATUSES } from '../../../src/domain/status';
import { VALIDATION_CODES, WARNING_CODES } from '../../../src/domain/validation-codes';
import { format, isMessageKey, LANGS, translate } from '../../../src/i18n';
import { app } from '../../../src/i18n/app';
import { office, officeErrorText } from '../../../src/i18n/office';
import type { Namespace } from '../../../src/i18n/namespace';
import { codeLabel, csv } from '../../../src/i18n/server/csv';
import { serverEn } from '../../../src/i18n/server/en';
import { sms } from '../../../src/i18n/server/sms';

/** Every namespace written in both languages. The server's is English only (below). */
const NAMESPACES: Record<string, Namespace<string>> = { app, office, csv, sms };

/** The placeholder names of a message, sorted, each as often as it occurs. */
const placeholders = (template: string) => [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!).sort();

describe.each(Object.entries(NAMESPACES))('the %s namespace', (_name, namespace) => {
  const { hi, en } = namespace.tables;

  it('English has exactly the Hindi keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(hi).sort());
  });

  it('each message has the same placeholders in both languages', () => {
    const differ = Object.keys(hi).filter((key) => placeholders(hi[key]!).join() !== placeholders(en[key]!).join());
    expect(differ).toEqual([]);
  });

  it('no message is empty', () => {
    for (const lang of LANGS) expect(Object.entries(namespace.tables[lang]).filter(([, text]) => !text.trim())).toEqual([]);
  });
});

describe('the app namespace', () => {
  it('holds a message for every validation, warning and API error code (the type says so too)', () => {
    const codes = [...VALIDATION_CODES.map((code) => `validation.${code}`), ...WARNING_CODES.map((code) => `warning.${code}`), ...Object.keys(API_ERRORS).map((code) => `error.${code}`)];
    expect(codes.filter((key) => !isMessageKey(key))).toEqual([]);
  });

  it('translate reads it through the one formatter', () => {
    expect(translate('en', 'ledger.office', { count: 3, cash: 200, upi: 0 })).toBe(format(app.tables.en['ledger.office'], { count: 3, cash: 200, upi: 0 }));
    expect(translate('hi', 'app.name')).toBe('सहेज');
  });
});

describe('the office namespace', () => {
  it('an error code takes the console’s own wording, then the app’s, a bare HTTP status its class’s, else “something went wrong (code)”', () => {
    expect(officeErrorText('en', 'network')).toBe(office.tables.en['error.network']);
    expect(officeErrorText('hi', 'conflict')).toBe(app.tables.hi['error.conflict']);
    expect(officeErrorText('en', 'http_502')).toBe('Server error (HTTP 502) — try again in a while');
    expect(officeErrorText('en', 'newer_code' as ErrorCode)).toBe('Something went wrong (newer_code) — try again');
  });
});

describe('the server namespace', () => {
  it('is English only, one message for every API error code and validation code, with no placeholders (it fills none)', () => {
    const keys = [...Object.keys(API_ERRORS).map((code) => `error.${code}`), ...VALIDATION_CODES.map((code) => `validation.${code}`)];
    expect(Object.keys(serverEn).sort()).toEqual(keys.sort());
    expect(Object.values(serverEn).filter((text) => placeholders(text).length > 0)).toEqual([]);
  });
});

describe('the csv namespace', () => {
  // codeLabel falls back to the code itself; here none of today's codes needs to.
  it.each(LANGS)('names every stage, request type and area in %s with the app’s label, never the raw code', (lang) => {
    const unlabelled = [
      ...STATUSES.filter((status) => codeLabel(lang, 'serverStatus', status) === status || !app.has(`serverStatus.${status}`)),
      ...REQUEST_TYPES.filter((type) => codeLabel(lang, 'type', type) === type || !app.has(`type.${type}`)),
      ...AREAS.filter((area) => codeLabel(lang, 'area', area) === area || !app.has(`area.${area}`)),
    ];
    expect(unlabelled).toEqual([]);
    expect(codeLabel(lang, 'area', 'rural')).toBe(app.tables[lang]['area.rural']);
  });

  it('leaves a code it has no label for as it is', () => {
    expect(codeLabel('hi', 'serverStatus', 'some_newer_stage')).toBe('some_newer_stage');
  });

  it('has no two headers alike in a language (a spreadsheet tells columns apart by them)', () => {
    for (const lang of LANGS) {
      const headers = Object.entries(csv.tables[lang]).filter(([key]) => key.startsWith('backlog.'));
      expect(new Set(headers.map(([, text]) => text)).size).toBe(headers.length);
    }
  });
});

describe('format', () => {
  it('fills each {name} from params, repeats included, numbers as text', () => {
    expect(format('{a} and {b}, {a} again', { a: 'x', b: 2 })).toBe('x and 2, x again');
  });

  it('leaves a placeholder without a value as written, and a template without params as it is', () => {
    expect(format('{known} {unknown}', { known: 1 })).toBe('1 {unknown}');
    expect(format('{a}', undefined)).toBe('{a}');
    expect(format('no placeholders', { a: 1 })).toBe('no placeholders');
  });

  it('fills only own values, never something from Object.prototype', () => {
    expect(format('{constructor} {toString}', {})).toBe('{constructor} {toString}');
  });

  it('takes only word characters as a name', () => {
    expect(format('{a-b} {} {a}', { a: 'x', 'a-b': 'y' })).toBe('{a-b} {} x');
  });
});
