import { app } from '../../app';
import type { Lang } from '../../lang';
import { namespace } from '../../namespace';
import { csvEn } from './en';
import { csvHi, type CsvKey } from './hi';

export type { CsvKey } from './hi';

/**
 * The server's CSVs for people, in Hindi and English. Imported only by the server; it reads
 * the app's tables too (plain data, no DOM), so a stage is named in a file as on the screen.
 */
export const csv = namespace<CsvKey>({ hi: csvHi, en: csvEn });

/** The kinds of code a cell names, by the prefix of their labels in the app's tables. */
export type LabelledCode = 'serverStatus' | 'type' | 'area';

/** The app's label for a stage, request type or area; a code it has no label for (none today: a test checks) stays as it is. */
export function codeLabel(lang: Lang, kind: LabelledCode, code: string): string {
  const key = `${kind}.${code}`;
  return app.has(key) ? app.text(lang, key) : code;
}
