import { describe, expect, it } from 'vitest';
import { maskIdNumber, readIdNumber } from '../../../src/domain/identity/id-proof';
import { maskMobile, normalizeMobile } from '../../../src/domain/identity/mobile';
import { verhoeffDigit, verhoeffValid } from '../../../src/domain/identity/verhoeff';

describe('Verhoeff', () => {
  it('matches the published example 236 → check digit 3', () => {
    expect(verhoeffDigit('236')).toBe(3);
    expect(verhoeffValid('2363')).toBe(true);
    expect(verhoeffValid('2364')).toBe(false);
  });

  it('catches every single-digit error and adjacent transposition in a 12-digit number', () => {
    const base = '23412341234';
    const valid = base + verhoeffDigit(base);
    expect(verhoeffValid(valid)).toBe(true);
    for (let i = 0; i < valid.length; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === valid[i]) continue;
        expect(verhoeffValid(valid.slice(0, i) + d + valid.slice(i + 1))).toBe(false);
      }
      if (i + 1 < valid.length && valid[i] !== valid[i + 1]) {
        expect(verhoeffValid(valid.slice(0, i) + valid[i + 1] + valid[i] + valid.slice(i + 2))).toBe(false);
      }
    }
  });
});

describe('identity numbers', () => {
  const aadhaar = '23412341234' + verhoeffDigit('23412341234');

  it('keeps only the last four of a valid Aadhaar, however it was typed', () => {
    expect(readIdNumber('aadhaar', aadhaar)).toEqual({ ok: true, last4: aadhaar.slice(-4) });
    expect(readIdNumber('aadhaar', `${aadhaar.slice(0, 4)} ${aadhaar.slice(4, 8)} ${aadhaar.slice(8)}`)).toEqual({ ok: true, last4: aadhaar.slice(-4) });
  });

  it('refuses an Aadhaar with a wrong check digit or a wrong shape', () => {
    const wrong = aadhaar.slice(0, 11) + ((Number(aadhaar[11]) + 1) % 10);
    expect(readIdNumber('aadhaar', wrong)).toEqual({ ok: false, code: 'id.aadhaar_checksum' });
    expect(readIdNumber('aadhaar', '12345678901')).toEqual({ ok: false, code: 'id.format' });
    expect(readIdNumber('aadhaar', '1' + aadhaar.slice(1))).toEqual({ ok: false, code: 'id.format' });
  });

  it('checks PAN and passport shapes', () => {
    expect(readIdNumber('pan', 'abcde1234f')).toEqual({ ok: true, last4: '234F' });
    expect(readIdNumber('pan', 'ABCD1234F')).toEqual({ ok: false, code: 'id.format' });
    expect(readIdNumber('passport', 'K1234567')).toEqual({ ok: true, last4: '4567' });
  });

  it('masks as UIDAI asks', () => {
    expect(maskIdNumber('aadhaar', '1234')).toBe('XXXX XXXX 1234');
    expect(maskMobile('9876543210')).toBe('XXXXXX3210');
  });

  it('normalises mobile numbers', () => {
    expect(normalizeMobile('+91-98765-43210')).toBe('9876543210');
    expect(normalizeMobile('(0) 98765 43210')).toBe('9876543210');
    expect(normalizeMobile('9876543210')).toBe('9876543210');
  });
});
