import { toLatinDigits } from '../digits';

/**
 * Indian mobile numbers are written many ways at a counter: "+91 98765 43210",
 * "919876543210", "09876543210", "९८७६५ ४३२१०". Only the 10-digit national number is stored, in 0-9.
 */
export function normalizeMobile(raw: string): string {
  const compact = toLatinDigits(raw).replace(/[\s\-().]/g, '');
  if (compact.startsWith('+91') && compact.length === 13) return compact.slice(3);
  if (compact.startsWith('91') && compact.length === 12) return compact.slice(2);
  if (compact.startsWith('0') && compact.length === 11) return compact.slice(1);
  return compact;
}

export const MOBILE_PATTERN = /^[6-9]\d{9}$/;

export function isValidMobile(raw: string): boolean {
  return MOBILE_PATTERN.test(normalizeMobile(raw));
}

/** `XXXXXX1234`: the form a receipt or a list may show. */
export function maskMobile(mobile: string): string {
  return 'X'.repeat(Math.max(0, mobile.length - 4)) + mobile.slice(-4);
}
