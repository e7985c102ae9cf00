import { formatDate } from '../../domain/format-dates';
import { NOTE_MAX_LENGTH } from '../../domain/status-notes';
import { APPLICANT_NOTE_MAX_LENGTH, surveyWindow } from '../../domain/transition';
import type { OfficeText } from '../use-office-text';
import type { DraftField } from './transition-draft';

const MAX_LENGTH: Partial<Record<DraftField, number>> = { note: NOTE_MAX_LENGTH, applicantNote: APPLICANT_NOTE_MAX_LENGTH };

/** The survey window's days in the officer's words ("4 दिसंबर 2026"), for hints and messages. */
export function windowWords(lang: OfficeText['lang'], now: Date | number): { first: string; last: string } {
  const { first, last } = surveyWindow(now);
  return { first: formatDate(first, lang), last: formatDate(last, lang) };
}

/**
 * What one of the form's issue codes (its own, or a 422's) means, in the officer's language:
 * the console's sentence for that field and code, which can name the limit or the window;
 * else the app's message for the code (src/i18n/app: `validation.*`, in both languages);
 * else the console's "the server refused this" — never a raw code.
 */
export function issueText(o: OfficeText, field: DraftField, code: string, now: Date | number): string {
  if (field === 'to' && code === 'required') return o.text('action.chooseMissing');
  if (field === 'note' && code === 'required') return o.text('action.noteMissing');
  const own = `issue.${field}.${code}`;
  const params = { max: MAX_LENGTH[field] ?? 0, ...windowWords(o.lang, now) };
  const text = o.textKey(own, params);
  if (text !== own) return text;
  const general = `validation.${code}`;
  const app = o.tKey(general);
  return app !== general ? app : o.errorText('invalid');
}
