import { createHash, randomBytes } from 'node:crypto';

/** A device token: 32 random bytes. Only its SHA-256 is stored, so a leaked database grants nothing. */
export function newDeviceToken(): string {
  return `sahej_${randomBytes(32).toString('base64url')}`;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

// Crockford base 32 without I, L, O, U: nothing an operator can misread off a screen.
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** An enrollment code such as `7KQ2-XM4P`: 40 bits, single use, short-lived. */
export function newEnrollmentCode(): string {
  const bytes = randomBytes(8);
  let code = '';
  for (const byte of bytes) code += CODE_ALPHABET[byte % 32];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** Accepts the code however it was typed: lower case, spaces, with or without the dash. */
export function normalizeEnrollmentCode(typed: string): string {
  const compact = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return `${compact.slice(0, 4)}-${compact.slice(4)}`;
}
