import { useI18n, type I18n } from '../../app/i18n-context';
import { officeEn } from './en';
import { officeHi, type OfficeKey } from './hi';

type Params = Record<string, string | number>;

export interface OfficeText extends I18n {
  /** A console string in the current language, with `{name}` placeholders filled. */
  text(key: OfficeKey, params?: Params): string;
  /** For keys built from data (an OTP state, an event kind); an unknown key shows as given. */
  textKey(key: string, params?: Params): string;
  /** What an API error code means, in the current language. */
  errorText(code: string): string;
}

function fill(template: string, params?: Params): string {
  return params ? template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : template;
}

function isOfficeKey(key: string): key is OfficeKey {
  return Object.hasOwn(officeHi, key);
}

export function useOfficeText(): OfficeText {
  const i18n = useI18n();
  const table: Record<OfficeKey, string> = i18n.lang === 'en' ? officeEn : officeHi;
  const text = (key: OfficeKey, params?: Params) => fill(table[key], params);
  return {
    ...i18n,
    text,
    textKey: (key, params) => (isOfficeKey(key) ? text(key, params) : key),
    errorText(code) {
      // The console's own wording first: the app's says things like "will retry by itself",
      // true of a kiosk's queue but not of an officer's click.
      const own = `error.${code}`;
      if (isOfficeKey(own)) return text(own);
      const shared = i18n.tKey(own);
      return shared === own ? text('error.unknown', { code }) : shared;
    },
  };
}
