import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useLayoutEffect, useMemo, useState } from 'preact/hooks';
import { errorText, isMessageKey, translate, type Lang, type MessageKey } from '../i18n';

const STORAGE_KEY = 'sahej.lang';

export interface I18n {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** For keys built from data (a validation code, an enum value); unknown keys show as given. */
  tKey(key: string, params?: Record<string, string | number>): string;
  /** What an error code (the API's, the client's, an `http_NNN`) means; never a raw key. */
  errorText(code: string): string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'hi';
  } catch {
    return 'hi';
  }
}

export function I18nProvider({ children }: { children: ComponentChildren }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // A locked-down browser still switches for this visit.
    }
  }, []);
  // A layout effect, so the page's language changes in the same frame as its text (screen readers read by it).
  useLayoutEffect(() => {
    document.documentElement.lang = lang;
    document.title = translate(lang, 'app.name');
  }, [lang]);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (key, params) => translate(lang, key, params),
      tKey: (key, params) => (isMessageKey(key) ? translate(lang, key, params) : key),
      errorText: (code) => errorText(lang, code),
    }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n outside I18nProvider');
  return context;
}
