import { format, type Params } from './format';
import type { Lang } from './lang';

/** One namespace of messages (the app's, the console's): a table per language, read one way. */
export interface Namespace<Key extends string> {
  readonly tables: Readonly<Record<Lang, Readonly<Record<Key, string>>>>;
  /** Whether `key` names a message here (for keys built from data: a code, an enum value). */
  has(key: string): key is Key;
  /** The message for `key` in `lang`, its placeholders filled by `format`. */
  text(lang: Lang, key: Key, params?: Params): string;
}

/** Hindi is the first language: its table decides which keys exist (English has exactly them, by type). */
export function namespace<Key extends string>(tables: Record<Lang, Record<Key, string>>): Namespace<Key> {
  return {
    tables,
    has: (key): key is Key => Object.hasOwn(tables.hi, key),
    text: (lang, key, params) => format(tables[lang][key], params),
  };
}
