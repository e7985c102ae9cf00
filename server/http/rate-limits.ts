import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { DialectName } from '../db/open';
import type { DB } from '../db/schema';
import { databaseRateLimitStore } from './database-rate-limit-store';
import { ApiError } from '../http-errors';

/** At most `max` requests from one client address in any `windowSeconds`. */
export interface RateLimit {
  max: number;
  windowSeconds: number;
}

/** `null` switches a limit off. */
export interface RateLimits {
  /** Device enrollment: codes are single-use, so nobody legitimate needs many tries. */
  enroll: RateLimit | null;
  /** Console sign-in, on top of the account lock after ten wrong passwords in a row. */
  login: RateLimit | null;
  /** Each mobile-verification route on its own: asking for a code, typing it, opening the link. */
  otp: RateLimit | null;
  /** The public receipt lookup: with the check code a guess is hopeless, the limit makes trying slow too. */
  receipts: RateLimit | null;
}

/**
 * Generous: an office's kiosks and officers share one address behind its router, and
 * applicants' phones share carrier addresses. The limits stop scripted guessing, not people.
 */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  enroll: { max: 30, windowSeconds: 10 * 60 },
  login: { max: 30, windowSeconds: 60 },
  otp: { max: 60, windowSeconds: 60 },
  // An office's counter checking receipts behind one router stays far below this.
  receipts: { max: 120, windowSeconds: 60 },
};

/** The limited routes (method and URL as registered) and the limit each one counts against. */
export const RATE_LIMITED_ROUTES: Readonly<Record<string, keyof RateLimits>> = {
  'POST /api/v1/devices/enroll': 'enroll',
  'POST /api/v1/office/login': 'login',
  'POST /api/v1/applications/:id/otp': 'otp',
  'POST /api/v1/applications/:id/verify-mobile': 'otp',
  'POST /api/v1/mobile-verification': 'otp',
  'POST /api/v1/office/applications/:id/otp': 'otp',
  'GET /api/v1/receipts/:receiptNo': 'receipts',
};

/**
 * Where the counts live: `memory`, this process's own (one process: the SQLite default), or
 * `database`, shared by every process on the database (the PostgreSQL default, where
 * several processes may serve one database). `RATE_LIMIT_STORE` overrides the default.
 */
export type RateLimitStore = 'memory' | 'database';

export function defaultRateLimitStore(dialect: DialectName): RateLimitStore {
  return dialect === 'postgres' ? 'database' : 'memory';
}

export function parseRateLimitStore(text: string | undefined): RateLimitStore | undefined {
  if (text === undefined || text === '') return undefined;
  if (text === 'memory' || text === 'database') return text;
  throw new Error(`RATE_LIMIT_STORE must be "memory" or "database", not "${text}"`);
}

/** `"30/600"` (requests per seconds) or `"off"`; `fallback` when unset. */
export function parseRateLimit(text: string | undefined, fallback: RateLimit | null, name: string): RateLimit | null {
  if (text === undefined || text === '') return fallback;
  if (text.trim().toLowerCase() === 'off') return null;
  const match = /^\s*(\d+)\s*\/\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
  const max = Number(match?.[1]);
  const windowSeconds = Number(match?.[2]);
  if (!match || !(max >= 1) || !(windowSeconds > 0)) throw new Error(`${name} must be REQUESTS/SECONDS (e.g. 30/600) or "off", not "${text}"`);
  return { max, windowSeconds };
}

/**
 * Counts requests per client address (the socket's, or the forwarded one when the server
 * trusts its proxy) per route, in memory or in the database (`store`). Past the limit the answer is `429 rate_limited`
 * with `Retry-After`, before the body is even parsed. Must be registered before the routes.
 */
export async function registerRateLimits(app: FastifyInstance, limits: RateLimits, store: { kind: RateLimitStore; db: Kysely<DB> }): Promise<void> {
  const seen = new Set<string>();
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      const key = `${method} ${route.url}`;
      const kind = RATE_LIMITED_ROUTES[key];
      if (!kind) continue;
      seen.add(key);
      const limit = limits[kind];
      if (limit) route.config = { ...route.config, rateLimit: { max: limit.max, timeWindow: Math.round(limit.windowSeconds * 1000) } } as typeof route.config;
    }
  });
  // A renamed route must not lose its limit silently.
  app.addHook('onReady', async () => {
    const missing = Object.keys(RATE_LIMITED_ROUTES).filter((key) => !seen.has(key));
    if (missing.length) throw new Error(`rate-limited routes not registered: ${missing.join(', ')}`);
  });
  await app.register(rateLimit, {
    global: false,
    ...(store.kind === 'database' ? { store: databaseRateLimitStore(store.db, (error) => app.log.warn({ err: error }, 'rate limit sweep failed')) } : {}),
    errorResponseBuilder: (_request, context) => new ApiError('rate_limited', { retryAfterSeconds: Math.max(1, Math.ceil(context.ttl / 1000)) }),
  });
}
