import * as z from 'zod/mini';
import { toLatinDigits } from '../digits';
import type { ValidationCode } from '../validation-codes';

/**
 * Error parameter that reports a missing value as `required` and anything else as
 * `code`, so the app can say "fill this in" apart from "this is wrong".
 */
export function fail(code: ValidationCode) {
  return { error: (issue: { input?: unknown }) => (issue.input === undefined ? 'required' : code) };
}

/** Free text in any script: Unicode NFC (so the same name always hashes the same), trimmed, non-empty. */
export function text(max: number, code: ValidationCode = 'text.too_long') {
  return z.string(fail('invalid')).check(z.normalize(), z.trim(), z.minLength(1, 'required'), z.maxLength(max, code));
}

/** A code typed as digits (PIN, account number, a reference): any Indian script's digits read as 0-9, trimmed, then checked. */
export function digitText(pattern: RegExp, code: ValidationCode) {
  return z.string(fail(code)).check(z.overwrite(toLatinDigits), z.trim(), z.regex(pattern, code));
}

export function choice<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, fail('choice'));
}

export const isoDateTime = z.iso.datetime({ offset: true, ...fail('envelope.datetime') });
