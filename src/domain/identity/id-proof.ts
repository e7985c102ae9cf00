import { toLatinDigits } from '../digits';
import { verhoeffValid } from './verhoeff';

export const ID_PROOF_TYPES = ['aadhaar', 'voter_id', 'driving_licence', 'pan', 'passport'] as const;
export type IdProofType = (typeof ID_PROOF_TYPES)[number];

// Checked at entry only; the full number is never stored, so these shapes are what an
// operator can catch a typo with, not a registry lookup.
const SHAPES: Record<IdProofType, RegExp> = {
  aadhaar: /^[2-9]\d{11}$/,
  voter_id: /^[A-Z0-9]{6,20}$/,
  driving_licence: /^[A-Z0-9]{8,20}$/,
  pan: /^[A-Z]{5}\d{4}[A-Z]$/,
  passport: /^[A-Z]\d{7}$/,
};

export type IdNumberResult = { ok: true; last4: string } | { ok: false; code: 'id.format' | 'id.aadhaar_checksum' };

/**
 * Checks a full identity number as typed and returns only its last four characters.
 * The caller must not keep the full number (UIDAI rule for Aadhaar; the same care for all).
 */
export function readIdNumber(type: IdProofType, raw: string): IdNumberResult {
  const compact = toLatinDigits(raw).replace(/[\s\-/]/g, '').toUpperCase();
  if (!SHAPES[type].test(compact)) return { ok: false, code: 'id.format' };
  if (type === 'aadhaar' && !verhoeffValid(compact)) return { ok: false, code: 'id.aadhaar_checksum' };
  return { ok: true, last4: compact.slice(-4) };
}

/** `XXXX XXXX 1234` for Aadhaar; other documents show their last four after a mask. */
export function maskIdNumber(type: IdProofType, last4: string): string {
  return type === 'aadhaar' ? `XXXX XXXX ${last4}` : `XXXX${last4}`;
}
