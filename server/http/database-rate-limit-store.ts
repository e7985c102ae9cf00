import type { FastifyRateLimitOptions, FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';

/** Each process deletes ended windows at most this often, as a request passes. */
const SWEEP_EVERY_MS = 60_000;

/**
 * Counts one request against `key` in one statement, so several processes counting at once
 * each get their own number: the first request makes a window of `windowMs`, the next ones
 * add to it, and the first after it ended starts a new one at 1 (as the in-memory store does).
 */
export async function countHit(db: Kysely<DB>, key: string, windowMs: number, nowMs: number): Promise<{ hits: number; windowEndsAt: number }> {
  const ended = sql<boolean>`rate_limit_hits.window_ends_at <= ${nowMs}`;
  const row = await db
    .insertInto('rate_limit_hits')
    .values({ key, hits: 1, window_ends_at: nowMs + windowMs })
    .onConflict((conflict) =>
      conflict.column('key').doUpdateSet({
        hits: sql<number>`case when ${ended} then 1 else rate_limit_hits.hits + 1 end`,
        window_ends_at: sql<number>`case when ${ended} then ${nowMs + windowMs} else rate_limit_hits.window_ends_at end`,
      }),
    )
    .returning(['hits', 'window_ends_at'])
    .executeTakeFirstOrThrow();
  return { hits: Number(row.hits), windowEndsAt: Number(row.window_ends_at) };
}

/**
 * A store for @fastify/rate-limit that keeps its counts in the database, so every server
 * process on one PostgreSQL counts against the same limit. A route's child store prefixes
 * its keys with the route, as the in-memory store keeps one map per route. A failing
 * database fails the request (500), as it would the route itself: limits are not skipped.
 */
export function databaseRateLimitStore(db: Kysely<DB>, onSweepError: (error: unknown) => void): FastifyRateLimitStoreCtor {
  let lastSweep = 0;
  const sweep = (nowMs: number) => {
    if (nowMs - lastSweep < SWEEP_EVERY_MS) return;
    lastSweep = nowMs;
    db.deleteFrom('rate_limit_hits').where('window_ends_at', '<=', nowMs).execute().catch(onSweepError);
  };

  class DatabaseRateLimitStore implements FastifyRateLimitStore {
    constructor(
      _options: FastifyRateLimitOptions,
      private readonly route = '',
    ) {}

    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      // Date.now(), as the in-memory store reads it.
      const nowMs = Date.now();
      countHit(db, `${this.route} ${key}`, timeWindow, nowMs).then(
        ({ hits, windowEndsAt }) => callback(null, { current: hits, ttl: windowEndsAt - nowMs }),
        (error: Error) => callback(error),
      );
      sweep(nowMs);
    }

    child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      // The plugin passes the route's merged limit options, the route itself under routeInfo.
      const route = (routeOptions as unknown as { routeInfo?: { method?: string | string[]; url?: string } }).routeInfo;
      return new DatabaseRateLimitStore(routeOptions as unknown as FastifyRateLimitOptions, `${[route?.method].flat().join(',')} ${route?.url ?? routeOptions.url}`);
    }
  }
  return DatabaseRateLimitStore;
}
