import { isCalendarDate } from '../domain/dates';
import { formatDate } from '../domain/format-dates';
import type { Lang } from '../i18n';
import type { FieldSpec } from './form-spec';

/**
 * A text field's value as a person reads it, on the review step and in the office alike: a
 * date field's YYYY-MM-DD as "3 Dec 2026" / "3 दिसंबर 2026"; anything else (or a date
 * typed wrong) as it is.
 */
export function shownText(field: Extract<FieldSpec, { kind: 'text' }>, value: string, lang: Lang): string {
  return field.input === 'date' && isCalendarDate(value) ? formatDate(value, lang) : value;
}
