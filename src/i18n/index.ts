/**
 * The one i18n module. Namespaces, each its own tables (Hindi first, English with exactly
 * the Hindi keys): `app/` (this entry point), `office/` (imported only by the console's
 * chunk, so the kiosk never carries it) and `server/` (the API's English, imported only by
 * the server). Every placeholder is filled by `format`.
 */
import { app, type MessageKey } from './app';
import type { Params } from './format';
import type { Lang } from './lang';

export { format, type Params } from './format';
export { LANGS, type Lang } from './lang';
export type { MessageKey } from './app';

export function isMessageKey(key: string): key is MessageKey {
  return app.has(key);
}

/** The app's message for `key` in `lang`, with `{name}` placeholders filled from `params`. */
export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  return app.text(lang, key, params);
}
