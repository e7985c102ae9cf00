// Filings are captured in India; "today" and "a future date" mean the calendar day in
// India Standard Time (UTC+05:30, no daylight saving) at the moment of capture.
const IST_OFFSET_MS = (5 * 60 + 30) * 60 * 1000;

/** The IST calendar day (YYYY-MM-DD) of an instant. */
export function indiaDay(instant: string | number | Date): string {
  const ms = new Date(instant).getTime();
  return new Date(ms + IST_OFFSET_MS).toISOString().slice(0, 10);
}

/** True for a real calendar date written as YYYY-MM-DD. */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The calendar day `days` after `day` (both YYYY-MM-DD). */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The instant `days` whole days (of 24 hours) after `instant`, as ISO-8601 UTC. */
export function addDaysToInstant(instant: string, days: number): string {
  return new Date(new Date(instant).getTime() + days * 24 * 60 * 60 * 1000).toISOString();
}
