import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';

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

/** Messages one run of a queue takes at most: at a run every 3 s, about 330 a second, the worst burst of filings in docs/capacity.md (100 a run, before, was 33 a second). */
export const MAX_SENDS_PER_RUN = 1000;
/**
 * Messages claimed, sent and marked together, a few statements a group whatever its size
 * (on SQLite each statement is a commit, an fsync the filings wait behind; one message
 * used to cost four). A crash between a group's sends and its mark sends that group again
 * when its claim lapses, so a group is kept small.
 */
export const SEND_GROUP = 25;
/** Gateway calls in flight at once within a group. */
export const SENDS_AT_ONCE = 8;
/** A run stops claiming new groups after this long, well inside its claims (CLAIM_MS) and its loop lease. */
export const RUN_BUDGET_MS = 20_000;

/** The last hour's sends from a queue's table to each of these mobiles, oldest first: one read for the run, counted on in memory as it sends. */
export async function recentSends(db: Kysely<DB>, table: 'status_messages' | 'otp_challenges', mobiles: string[], now: Date): Promise<Map<string, string[]>> {
  const sent = new Map<string, string[]>(mobiles.map((mobile) => [mobile, []]));
  const since = new Date(now.getTime() - HOUR_MS).toISOString();
  for (let i = 0; i < mobiles.length; i += 500) {
    const rows = await db.selectFrom(table).select(['mobile', 'sent_at']).where('mobile', 'in', mobiles.slice(i, i + 500)).where('sent_at', '>', since).orderBy('sent_at').execute();
    for (const row of rows) sent.get(row.mobile)!.push(row.sent_at!);
  }
  return sent;
}

/**
 * Splits a run's due messages into those that may go and those the hourly cap defers (with
 * when), from each mobile's sends of the last hour (oldest first, read once for the run).
 * A message let through counts as sent now, so the cap holds within the run too; should the
 * gateway then refuse it, the mobile's next one waits longer than it had to (an hour at
 * most): late, never dropped.
 */
export function underHourlyCap<T extends { mobile: string }>(due: readonly T[], recent: Map<string, string[]>, limit: number, now: Date): { ready: T[]; deferred: { message: T; until: string }[] } {
  const ready: T[] = [];
  const deferred: { message: T; until: string }[] = [];
  for (const message of due) {
    const sentAts = recent.get(message.mobile)!;
    const until = rateLimitedUntil(sentAts, limit);
    if (until) deferred.push({ message, until });
    else {
      ready.push(message);
      sentAts.push(now.toISOString());
    }
  }
  return { ready, deferred };
}

/** Runs `send` over the items, `limit` at a time; the outcome of each, in order. */
export async function settleAll<T>(items: readonly T[], limit: number, send: (item: T, index: number) => Promise<void>): Promise<PromiseSettledResult<void>[]> {
  const outcomes: PromiseSettledResult<void>[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        await send(items[index]!, index);
        outcomes[index] = { status: 'fulfilled', value: undefined };
      } catch (reason) {
        outcomes[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return outcomes;
}

/** Runs `sendGroup` over the ready messages a group at a time until they are done or the run's time is spent; the summed tally. */
export async function sendInGroups<T>(ready: readonly T[], sendGroup: (group: T[]) => Promise<{ sent: number; failed: number }>): Promise<{ sent: number; failed: number }> {
  const started = Date.now();
  const tally = { sent: 0, failed: 0 };
  for (let i = 0; i < ready.length && Date.now() - started < RUN_BUDGET_MS; i += SEND_GROUP) {
    const outcome = await sendGroup(ready.slice(i, i + SEND_GROUP));
    tally.sent += outcome.sent;
    tally.failed += outcome.failed;
  }
  return tally;
}
