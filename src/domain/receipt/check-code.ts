import { fromBase64url } from './base64url';

/**
 * The short code printed on a receipt beside its number, and what the public lookup
 * (`GET /receipts/{no}?check=…`) asks for: without it a receipt number alone reveals
 * nothing, so numbers cannot be walked. It is the first 40 bits of the device's
 * signature: the signature's `r` half comes from the random nonce of that one signing,
 * so the bits are unpredictable to anyone who has not seen the receipt (or its QR),
 * while the holder, the device and the server all have them. Taking bits rather than a
 * hash keeps the derivation synchronous, so receipt lines stay a plain function.
 *
 * Crockford base32 (no I, L, O, U): 8 characters, read aloud or typed without mix-ups.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_BYTES = 5;

/** The check code of a receipt signed with `signature` (base64url), as printed: `ABCD-EFGH`. */
export function receiptCheckCode(signature: string): string {
  const bytes = fromBase64url(signature).subarray(0, CODE_BYTES);
  if (bytes.length < CODE_BYTES) throw new TypeError('not a receipt signature');
  // 40 bits fit a double exactly, so plain arithmetic reads them 5 at a time.
  let value = 0;
  for (const byte of bytes) value = value * 256 + byte;
  let code = '';
  for (let shift = 35; shift >= 0; shift -= 5) code += ALPHABET[Math.floor(value / 2 ** shift) % 32];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * A code as a person typed it, in the printed form, or undefined if it cannot be one:
 * case, spaces and hyphens do not matter, and O/I/L are read as 0/1/1 (Crockford's rule).
 */
export function normaliseCheckCode(text: string): string | undefined {
  const plain = text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (plain.length !== 8 || [...plain].some((char) => !ALPHABET.includes(char))) return undefined;
  return `${plain.slice(0, 4)}-${plain.slice(4)}`;
}
