import { isCalendarDate } from '../../domain/dates';
import { toLatinDigits } from '../../domain/digits';

/**
 * The calendar day (YYYY-MM-DD) an operator typed day first: 2/12/2026, 02-12-2026,
 * 02.12.2026 or 02122026 for 2 December; YYYY-MM-DD as it is. Undefined until it is a
 * whole, real day (the year in four digits), so half-typed text is never taken for a date.
 */
export function parseDayFirst(text: string): string | undefined {
  const typed = toLatinDigits(text.trim());
  if (isCalendarDate(typed)) return typed;
  const match = /^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$/.exec(typed) ?? /^(\d{2})(\d{2})(\d{4})$/.exec(typed);
  if (!match) return undefined;
  const day = `${match[3]}-${match[2]!.padStart(2, '0')}-${match[1]!.padStart(2, '0')}`;
  return isCalendarDate(day) ? day : undefined;
}

/** A YYYY-MM-DD day as DD/MM/YYYY for the input; anything else as it is. */
export function dayFirst(value: string): string {
  return isCalendarDate(value) ? `${value.slice(8, 10)}/${value.slice(5, 7)}/${value.slice(0, 4)}` : value;
}
