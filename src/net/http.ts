import type { ClientErrorCode } from '../domain/client-error-codes';
import { isApiErrorCode, type ApiErrorCode } from '../domain/error-codes';

// The one way the browser talks to the server (the kiosk's sync layer, src/sync/api-client.ts,
// and the office console, src/office/office-api.ts): fetch with a timeout, the body as JSON,
// Retry-After in seconds, and failures as typed codes. What each route's answer means is
// the caller's business; reading its body goes through the route's schema in src/domain/wire/.
// This module imports no schema (nor zod): it is in the app's first load, the schemas are not.

export const REQUEST_TIMEOUT_MS = 30_000;

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT';
  /** Sent as JSON. */
  body?: unknown;
  /** A device token, sent as `Authorization: Bearer …` (the console uses its session cookie instead). */
  token?: string;
  cache?: RequestCache;
  timeoutMs?: number;
  /** Further request headers (the heartbeat rides on the status pull in one). */
  headers?: Record<string, string>;
}

/** An answer came: its status, its body when it was JSON, and how long it asks us to wait. */
export interface HttpAnswer {
  kind: 'answer';
  status: number;
  /** The parsed JSON; undefined when the body was empty or not JSON. */
  body: unknown;
  /** Retry-After, in seconds (RFC 9110: delay-seconds or an HTTP-date). */
  retryAfterSeconds?: number;
}

/** No answer: the network failed, or the server did not answer within the timeout. */
export interface HttpFailure {
  kind: 'failed';
  code: Extract<ClientErrorCode, 'network' | 'timeout'>;
}

export type HttpOutcome = HttpAnswer | HttpFailure;

/** `Retry-After` as whole seconds from `now` (ms since the epoch): delay-seconds or an HTTP-date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null | undefined, now: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  // Every HTTP-date form names its month; Date.parse alone would take '-5' for a year.
  const at = /[a-z]{3}/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** The one conversion of a Retry-After to milliseconds (the sync layer schedules in ms). */
export function retryAfterMs(answer: HttpAnswer): number | undefined {
  return answer.retryAfterSeconds === undefined ? undefined : answer.retryAfterSeconds * 1000;
}

function isTimeout(error: unknown): boolean {
  return !!error && typeof error === 'object' && (error as { name?: unknown }).name === 'TimeoutError';
}

export class Http {
  constructor(
    readonly base: string,
    private readonly fetchImpl: FetchLike = (input, init) => fetch(input, init),
    private readonly now: () => number = Date.now,
  ) {}

  async send(path: string, request: HttpRequest): Promise<HttpOutcome> {
    const headers: Record<string, string> = { ...request.headers, accept: 'application/json' };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    if (request.token) headers.authorization = `Bearer ${request.token}`;
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.base}${path}`, {
        method: request.method,
        headers,
        credentials: 'same-origin',
        ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
        ...(request.cache ? { cache: request.cache } : {}),
        signal: AbortSignal.timeout(request.timeoutMs ?? REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      return { kind: 'failed', code: isTimeout(error) ? 'timeout' : 'network' };
    }
    let body: unknown;
    try {
      body = response.status === 204 ? undefined : await response.json();
    } catch (error) {
      // The timeout also covers reading the body: a stalled body is no answer.
      if (isTimeout(error)) return { kind: 'failed', code: 'timeout' };
      body = undefined;
    }
    const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'), this.now());
    return { kind: 'answer', status: response.status, body, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) };
  }
}

/** What a schema from src/domain/wire/ offers (structurally, so this module needs no zod import). */
export interface WireSchema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
}

export type Read<T> = { ok: true; value: T } | { ok: false; code: 'bad_response' };

/** A body read with its schema: one that does not fit (or was not JSON) is `bad_response`, never a crash. */
export function readBody<T>(schema: WireSchema<T>, body: unknown): Read<T> {
  const parsed = schema.safeParse(body);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, code: 'bad_response' };
}

/** The API error code an answer carries, if any (a proxy's page carries none). */
export function apiErrorCodeOf(body: unknown): ApiErrorCode | undefined {
  const error = body && typeof body === 'object' ? (body as { error?: unknown }).error : undefined;
  return isApiErrorCode(error) ? error : undefined;
}
