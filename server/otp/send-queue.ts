/**
 * What every queue of outgoing SMS shares (the OTP codes, the status messages): how long a
 * claim is held, how a failing gateway is retried and when a queue gives up, how a
 * per-mobile hourly limit defers rather than drops (the loop that runs a queue is under a
 * lease: server/leases/). Each queue keeps its own table and claims its rows by conditional update.
 */

export const HOUR_MS = 60 * 60 * 1000;
/** How long a process holds a claimed send before another may take it over (it crashed). */
export const CLAIM_MS = 60 * 1000;
/** Tries of one message before it is marked failed. */
export const MAX_SEND_ATTEMPTS = 8;

/** Waits between tries of a failing gateway: 10 s, 30 s, 2 min, 5 min, 15 min, then every 30 min. */
export function sendRetryDelayMs(attempt: number): number {
  return [10_000, 30_000, 120_000, 300_000, 900_000][attempt - 1] ?? 1_800_000;
}

/**
 * When a message to a mobile may go if it already had `sentAts` (oldest first) in the last
 * hour and may have at most `limit` an hour: undefined if now, else the instant the
 * oldest of them is an hour old. A limited message waits; it is never dropped.
 */
export function rateLimitedUntil(sentAts: readonly string[], limit: number): string | undefined {
  if (sentAts.length < limit) return undefined;
  return new Date(new Date(sentAts[0]!).getTime() + HOUR_MS).toISOString();
}

/** A claimed try's row after the gateway refused it: queued again after a wait, or failed for good after the last try. */
export function afterFailedSend(attempt: number, error: unknown, now: Date): { state: 'queued' | 'failed'; next_send_at: string | null; last_error: string } {
  const last = attempt >= MAX_SEND_ATTEMPTS;
  return {
    state: last ? 'failed' : 'queued',
    next_send_at: last ? null : new Date(now.getTime() + sendRetryDelayMs(attempt)).toISOString(),
    last_error: String((error as Error)?.message ?? error).slice(0, 300),
  };
}
