import { useI18n, type I18n } from '../ui/i18n-context';
import type { ErrorCode } from '../domain/client-error-codes';
import type { Params } from '../i18n';
import { office, officeErrorText, type OfficeKey } from '../i18n/office';

export interface OfficeText extends I18n {
  /** A console string in the current language, with `{name}` placeholders filled. */
  text(key: OfficeKey, params?: Params): string;
  /** For keys built from data (an OTP state, an event kind); an unknown key shows as given. */
  textKey(key: string, params?: Params): string;
  /** What an error code (the API's or the client's) means, in the current language. */
  errorText(code: ErrorCode): string;
}

/** The app's `useI18n` plus the console's own namespace (src/i18n/office). */
export function useOfficeText(): OfficeText {
  const i18n = useI18n();
  const { lang } = i18n;
  const text = (key: OfficeKey, params?: Params) => office.text(lang, key, params);
  return {
    ...i18n,
    text,
    textKey: (key, params) => (office.has(key) ? text(key, params) : key),
    errorText: (code) => officeErrorText(lang, code),
  };
}
