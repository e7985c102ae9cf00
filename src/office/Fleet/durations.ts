import type { OfficeKey } from '../../i18n/office';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** A span of time as the console words it: one message key and its number. */
export interface Duration {
  key: Extract<OfficeKey, `duration.${string}`>;
  n: number;
}

/**
 * The largest whole unit of a span, rounded down: a device silent 3 days and 20 hours is
 * "3 days" — the flag compares against whole days, so the words never claim more than it.
 * Under a minute is "under a minute"; a clock a little ahead of the server's reads the same.
 */
export function durationOf(ms: number): Duration {
  const span = Math.max(0, ms);
  if (span >= DAY_MS) return plural(Math.floor(span / DAY_MS), 'duration.day', 'duration.days');
  if (span >= HOUR_MS) return plural(Math.floor(span / HOUR_MS), 'duration.hour', 'duration.hours');
  if (span >= MINUTE_MS) return plural(Math.floor(span / MINUTE_MS), 'duration.minute', 'duration.minutes');
  return { key: 'duration.underMinute', n: 0 };
}

function plural(n: number, one: Duration['key'], many: Duration['key']): Duration {
  return { key: n === 1 ? one : many, n };
}

/** The time since `iso`, at `now`. */
export function sinceOf(iso: string, now: number): Duration {
  return durationOf(now - Date.parse(iso));
}
