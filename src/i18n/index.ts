/**
 * The one i18n module. Namespaces, each its own tables (Hindi first, English with exactly
 * the Hindi keys): `app/` (this entry point), `office/` (imported only by the console's
 * chunk, so the kiosk never carries it) and `server/` (imported only by the server: the
 * API's English error messages, and `server/csv/`, the headers of its CSVs for people in
 * both languages). Every placeholder is filled by `format`.
 */
import { statusOfHttpCode } from '../domain/client-error-codes';
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

/**
 * What an error code means, in the app's words: its own message; for an HTTP status that
 * came without a code (`http_502`), a sentence by the status's class; undefined for a code
 * this app does not know (a newer server's).
 */
export function knownErrorText(lang: Lang, code: string): string | undefined {
  const key = `error.${code}`;
  if (app.has(key)) return app.text(lang, key);
  const http = httpErrorMessage(code);
  return http ? app.text(lang, http.key, http.params) : undefined;
}

/** The message of an `http_NNN` code, by the status's class (the server's fault or the request's); undefined for other codes. */
export function httpErrorMessage(code: string): { key: 'error.http.client' | 'error.http.server'; params: { status: number } } | undefined {
  const status = statusOfHttpCode(code);
  return status === undefined ? undefined : { key: status >= 500 ? 'error.http.server' : 'error.http.client', params: { status } };
}

/** The same, never a raw key: an unknown code is named inside a sentence. */
export function errorText(lang: Lang, code: string): string {
  return knownErrorText(lang, code) ?? app.text(lang, 'error.unknown', { code });
}
