import { describe, expect, it } from 'vitest';
import { contentHash } from '../../../src/domain/content-hash';
import { parseTypedNumber, toLatinDigits } from '../../../src/domain/digits';
import { validateEnvelope, type Envelope } from '../../../src/domain/envelope';
import { readIdNumber } from '../../../src/domain/identity/id-proof';
import { isValidMobile, normalizeMobile } from '../../../src/domain/identity/mobile';
import { verhoeffDigit } from '../../../src/domain/identity/verhoeff';
import type { LoadChange } from '../../../src/domain/requests/load-change';
import { pinOutsideRegion, type NewConnection } from '../../../src/domain/requests/new-connection';
import { devanagariDigits } from '../../support/devanagari';
import { sampleEnvelope, sampleEnvelopeOf } from '../../support/sample-envelope';

const deva = devanagariDigits;

function parsed(envelope: object): Envelope {
  const result = validateEnvelope(envelope);
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.issues)}`);
  return result.envelope;
}

describe('digits of Indian scripts', () => {
  it('reads Devanagari, other Indian, Arabic-Indic and full-width digits as 0-9, and leaves everything else', () => {
    expect(toLatinDigits('९८७६५ ४३२१०')).toBe('98765 43210');
    expect(toLatinDigits('০১২৩ ੪੫ ૬૭ ୮୯ ௧௨ ౩౪ ೫೬ ൭൮')).toBe('0123 45 67 89 12 34 56 78');
    expect(toLatinDigits('٠١٢ ۳۴۵ ０１９')).toBe('012 345 019');
    expect(toLatinDigits('मकान 12, गली ४')).toBe('मकान 12, गली 4');
  });

  it('reads a typed number in any of them, with a decimal comma or point', () => {
    expect(parseTypedNumber('२.५')).toBe(2.5);
    expect(parseTypedNumber(' २,५ ')).toBe(2.5);
    expect(parseTypedNumber('')).toBeNaN();
    expect(parseTypedNumber('दो')).toBeNaN();
  });
});

describe('numeric fields typed in Devanagari digits', () => {
  const aadhaar = '23412341234' + verhoeffDigit('23412341234');

  it('a mobile: normalised to its ten digits, +९१ or a leading ० dropped', () => {
    expect(normalizeMobile('+९१ ९८७६५ ४३२१०')).toBe('9876543210');
    expect(normalizeMobile('०९८७६५४३२१०')).toBe('9876543210');
    expect(isValidMobile(deva('9876543210'))).toBe(true);
  });

  it('an Aadhaar: Verhoeff-checked and cut to its last four in 0-9; a wrong check digit is still caught', () => {
    expect(readIdNumber('aadhaar', deva(`${aadhaar.slice(0, 4)} ${aadhaar.slice(4, 8)} ${aadhaar.slice(8)}`))).toEqual({ ok: true, last4: aadhaar.slice(-4) });
    const wrong = aadhaar.slice(0, 11) + ((Number(aadhaar[11]) + 1) % 10);
    expect(readIdNumber('aadhaar', deva(wrong))).toEqual({ ok: false, code: 'id.aadhaar_checksum' });
  });

  it('a PIN code: its region warning reads it too', () => {
    expect(pinOutsideRegion(deva('110001'))).toBe(true);
    expect(pinOutsideRegion(deva('226024'))).toBe(false);
  });

  it('a new connection: mobile, ID last four, PIN and UPI reference are accepted and carried in 0-9', () => {
    const envelope = sampleEnvelope();
    envelope.data.applicant.mobile = deva('+91 98765 43210');
    envelope.data.applicant.idProof.last4 = deva('2346');
    envelope.data.premises.pin = deva('226024');
    envelope.data.fee = { amount: 100, mode: 'upi', upiRef: deva('UPI123456789') };
    const data = parsed(envelope).data as NewConnection;
    expect(data.applicant.mobile).toBe('9876543210');
    expect(data.applicant.idProof.last4).toBe('2346');
    expect(data.premises.pin).toBe('226024');
    expect(data.fee.upiRef).toBe('UPI123456789');
  });

  it('a consumer account number and a contact mobile', () => {
    const envelope = sampleEnvelopeOf('load_change');
    const data = envelope.data as { account: { accountNo: string }; applicant: { mobile: string } };
    data.account.accountNo = deva('1234567890');
    data.applicant.mobile = deva('9876543210');
    const filed = parsed(envelope).data as LoadChange;
    expect(filed.account.accountNo).toBe('1234567890');
    expect(filed.applicant.mobile).toBe('9876543210');
  });

  it('the content hash of a filing typed in Devanagari digits is the one of the same filing typed in 0-9', async () => {
    const latin = sampleEnvelope();
    latin.data.applicant.mobile = '+91 98765 43210';
    latin.data.fee = { amount: 100, mode: 'upi', upiRef: 'UPI123456789' };
    const devanagari = structuredClone(latin);
    devanagari.data.applicant.mobile = deva(latin.data.applicant.mobile);
    devanagari.data.applicant.idProof.last4 = deva(latin.data.applicant.idProof.last4);
    devanagari.data.premises.pin = deva(latin.data.premises.pin);
    devanagari.data.fee.upiRef = deva(latin.data.fee.upiRef!);
    expect(await contentHash(parsed(devanagari))).toBe(await contentHash(parsed(latin)));
  });
});
