export const BACKOFF_BASE_MS = 2_000;
// Five minutes: long enough to spread a fleet coming back after an outage, short enough that
// a filing whose try kept failing on a flaky link (chaos runs saw 16 tries) is not left
// waiting a quarter of an hour once the link is good again.
export const BACKOFF_CAP_MS = 5 * 60_000;

/**
 * "Full jitter" exponential backoff: a uniformly random wait up to base·2^attempt
 * (capped). Thousands of kiosks coming back after an outage spread out instead of
 * arriving in waves. `attempt` counts failures so far, starting at 1.
 */
export function fullJitterDelay(attempt: number, random: () => number = Math.random, base = BACKOFF_BASE_MS, cap = BACKOFF_CAP_MS): number {
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

// Retry-After is read in one place, in seconds: src/net/http.ts (parseRetryAfter, retryAfterMs).
