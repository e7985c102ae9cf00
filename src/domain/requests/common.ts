import * as z from 'zod/mini';
import { ID_PROOF_TYPES } from '../identity/id-proof';
import { MOBILE_PATTERN, normalizeMobile } from '../identity/mobile';
import { choice, digitText, fail, text } from './fields';

// Building blocks shared by the request types; wire names are a contract.

export const RELATIONS = ['father', 'husband', 'mother', 'guardian'] as const;
export const FEE_MODES = ['cash', 'upi'] as const;
/** The languages the applicant may have status SMS in; absent means Hindi (and keeps older filings' hashes as they were). */
export const SMS_LANGUAGES = ['hi', 'en'] as const;
export type SmsLanguage = (typeof SMS_LANGUAGES)[number];
const smsLanguage = z.optional(choice(SMS_LANGUAGES));

export const mobile = z.string(fail('mobile.format')).check(z.overwrite(normalizeMobile), z.regex(MOBILE_PATTERN, 'mobile.format'));

export const email = z.string(fail('email.format')).check(z.trim(), z.regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'email.format'), z.maxLength(254, 'email.format'));

export const idProof = z
  .strictObject({
    type: choice(ID_PROOF_TYPES),
    last4: digitText(/^[0-9A-Z]{4}$/, 'id.last4'),
  })
  .check(
    z.superRefine((proof, ctx) => {
      if (proof.type === 'aadhaar' && !/^\d{4}$/.test(proof.last4)) {
        ctx.addIssue({ code: 'custom', message: 'id.last4', path: ['last4'], input: proof.last4 });
      }
    }),
  );

/** A person who applies or takes over a connection: identified, reachable. */
export const person = z
  .strictObject({
    name: text(100, 'name.length'),
    relativeName: z.optional(text(100, 'name.length')),
    relation: z.optional(choice(RELATIONS)),
    mobile,
    email: z.optional(email),
    smsLanguage,
    idProof,
  })
  .check(
    z.superRefine((value, ctx) => {
      if (value.relativeName !== undefined && value.relation === undefined) {
        ctx.addIssue({ code: 'custom', message: 'relation.required', path: ['relation'], input: value.relation });
      }
    }),
  );

/** Someone to tell about the request's progress (requests on an existing account). */
export const contact = z.strictObject({
  name: text(100, 'name.length'),
  mobile,
  email: z.optional(email),
  smsLanguage,
});

/** A consumer account number as printed on the bill. */
export const account = z.strictObject({
  accountNo: digitText(/^\d{8,12}$/, 'account.format'),
});

/** Loads are sanctioned in whole kilowatts, so a fractional value rounds up. */
export const loadKw = z.number(fail('load.number')).check(z.overwrite(Math.ceil), z.minimum(1, 'load.min'));

export const fee = z
  .strictObject({
    amount: z.number(fail('fee.amount')).check(z.int('fee.amount'), z.minimum(0, 'fee.amount')),
    mode: choice(FEE_MODES),
    upiRef: z.optional(digitText(/^[A-Za-z0-9]{8,35}$/, 'upi_ref.format')),
  })
  .check(
    z.superRefine((value, ctx) => {
      if (value.mode === 'upi' && value.upiRef === undefined) {
        ctx.addIssue({ code: 'custom', message: 'upi_ref.required', path: ['upiRef'], input: undefined });
      }
    }),
  );

/** DPDP Act 2023: consent given after the notice of this version was shown. */
export const consent = z.strictObject({
  given: z.literal(true, fail('consent.required')),
  noticeVersion: text(20),
});
