import type { ErrorCode } from '../../domain/client-error-codes';
import { httpErrorMessage, knownErrorText } from '..';
import type { Lang } from '../lang';
import { namespace } from '../namespace';
import { officeEn } from './en';
import { officeHi, type OfficeKey } from './hi';

export type { OfficeKey } from './hi';

/** The console's own messages; only the console's chunk imports this. */
export const office = namespace<OfficeKey>({ hi: officeHi, en: officeEn });

/**
 * What an error code (an API code, or one the console gave a failed call) means on the
 * console: its own wording first — the app's says things like "will retry by itself", true
 * of a kiosk's queue but not of an officer's click — then the app's, else "something went
 * wrong (code)". A bare HTTP status gets the console's sentence for its class.
 */
export function officeErrorText(lang: Lang, code: ErrorCode): string {
  const key = `error.${code}`;
  if (office.has(key)) return office.text(lang, key);
  const http = httpErrorMessage(code);
  if (http) return office.text(lang, http.key, http.params);
  return knownErrorText(lang, code) ?? office.text(lang, 'error.unknown', { code });
}
