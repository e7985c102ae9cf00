import { en } from './en';
import { hi } from './hi';

export type Lang = 'hi' | 'en';
export type MessageKey = keyof typeof hi;
export const LANGS: readonly Lang[] = ['hi', 'en'];

const TABLES: Record<Lang, Record<MessageKey, string>> = { hi, en };

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(hi, key);
}

/** The message for `key` in `lang`, with `{name}` placeholders filled from `params`. */
export function translate(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  const text = TABLES[lang][key];
  return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : text;
}
