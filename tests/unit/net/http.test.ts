import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { applicationAckSchema } from '../../../src/domain/wire';
import { apiErrorCodeOf, Http, parseRetryAfter, readBody, retryAfterMs, type FetchLike } from '../../../src/net/http';
import { ApiClient } from '../../../src/sync/api-client';

const NOW = Date.parse('2026-11-28T12:00:00Z');

function answering(status: number, body: string, headers: Record<string, string> = {}): FetchLike {
  return async () => new Response(status === 204 ? null : body, { status, headers: { 'content-type': 'application/json', ...headers } });
}

/** A server that never answers: only the request's own signal ends the wait. */
const silent: FetchLike = (_input, init) =>
  new Promise((_resolve, reject) => {
    init.signal?.addEventListener('abort', () => reject(init.signal?.reason));
  });

describe('Retry-After', () => {
  it('reads delay-seconds and HTTP-dates as seconds from now', () => {
    expect(parseRetryAfter('7', NOW)).toBe(7);
    expect(parseRetryAfter(' 120 ', NOW)).toBe(120);
    expect(parseRetryAfter('Sat, 28 Nov 2026 12:01:00 GMT', NOW)).toBe(60);
    // A date part of a second ahead still means "not yet": rounded up.
    expect(parseRetryAfter('Sat, 28 Nov 2026 12:00:01 GMT', NOW + 200)).toBe(1);
    expect(parseRetryAfter('Sat, 28 Nov 2026 11:00:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter('-5', NOW)).toBeUndefined();
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
  });

  it('comes with the answer in seconds and is turned into milliseconds in one place', async () => {
    const http = new Http('/api', answering(429, '{"error":"rate_limited"}', { 'retry-after': 'Sat, 28 Nov 2026 12:00:30 GMT' }), () => NOW);
    const outcome = await http.send('/x', { method: 'GET' });
    expect(outcome).toEqual({ kind: 'answer', status: 429, body: { error: 'rate_limited' }, retryAfterSeconds: 30 });
    expect(outcome.kind === 'answer' && retryAfterMs(outcome)).toBe(30_000);
  });

  it('means the same to the sync layer (ms) as to the console (s)', async () => {
    const client = new ApiClient(answering(503, '{"error":"unavailable"}', { 'retry-after': '12' }), '/api/v1', () => NOW);
    const result = await client.requestMobileCode('01J000000000000000000000AA', 'token');
    expect(result).toEqual({ ok: false, code: 'unavailable', retryAfterMs: 12_000 });
  });
});

describe('no answer', () => {
  it('is `timeout` when the server does not answer in time', async () => {
    const http = new Http('/api', silent);
    expect(await http.send('/x', { method: 'GET', timeoutMs: 20 })).toEqual({ kind: 'failed', code: 'timeout' });
  });

  it('is `network` when the request fails outright', async () => {
    const http = new Http('/api', async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await http.send('/x', { method: 'GET' })).toEqual({ kind: 'failed', code: 'network' });
  });
});

describe('bodies', () => {
  it('a non-JSON error body is an answer without a body: no API code, the status decides', async () => {
    const http = new Http('/api', answering(502, '<html>Bad gateway</html>', { 'content-type': 'text/html' }));
    const outcome = await http.send('/x', { method: 'GET' });
    expect(outcome).toEqual({ kind: 'answer', status: 502, body: undefined });
    expect(apiErrorCodeOf(outcome.kind === 'answer' ? outcome.body : undefined)).toBeUndefined();
    // The sync layer names it by status and retries; a captive portal's 200 page is `bad_response`.
    const client = new ApiClient(answering(502, '<html>Bad gateway</html>'));
    expect(await client.enroll({ code: 'X', publicKeyJwk: {} })).toEqual({ ok: false, code: 'internal' });
    const portal = new ApiClient(answering(200, '<html>Sign in to the Wi-Fi</html>'));
    const envelope = { id: '01J000000000000000000000AA' } as Parameters<ApiClient['putApplication']>[0];
    expect(await portal.putApplication(envelope, 'token')).toEqual({ kind: 'retry', code: 'bad_response', httpStatus: 200 });
  });

  it('a body that does not fit its schema is `bad_response`, not a crash', async () => {
    expect(readBody(z.object({ n: z.number() }), { n: 'one' })).toEqual({ ok: false, code: 'bad_response' });
    expect(readBody(z.object({ n: z.number() }), undefined)).toEqual({ ok: false, code: 'bad_response' });
    expect(readBody(z.object({ n: z.number() }), { n: 1, extra: true })).toEqual({ ok: true, value: { n: 1 } });
    const half = { id: '01J000000000000000000000AA', applicationNo: 'A-1', status: 'submitted', receivedAt: '2026-11-28T12:00:00Z', documentsMissing: [] };
    expect(readBody(applicationAckSchema, half).ok).toBe(false);
    const client = new ApiClient(answering(201, JSON.stringify(half)));
    const envelope = { id: half.id } as Parameters<ApiClient['putApplication']>[0];
    expect(await client.putApplication(envelope, 'token')).toEqual({ kind: 'retry', code: 'bad_response', httpStatus: 201 });
    const enrolling = new ApiClient(answering(201, '{"deviceId":42}'));
    expect(await enrolling.enroll({ code: 'X', publicKeyJwk: {} })).toEqual({ ok: false, code: 'bad_response' });
  });

  it('sends JSON with the token and reads an error body of ours', async () => {
    const seen: { url: string; init: RequestInit }[] = [];
    const http = new Http('/api', async (url, init) => {
      seen.push({ url, init });
      return new Response('{"error":"invalid","message":"no","issues":[{"path":"id","code":"envelope.id","message":"bad id"}]}', { status: 422 });
    });
    const outcome = await http.send('/x', { method: 'PUT', token: 't0k', body: { a: 1 } });
    expect(seen[0]!.url).toBe('/api/x');
    expect(seen[0]!.init.body).toBe('{"a":1}');
    expect(seen[0]!.init.headers).toMatchObject({ authorization: 'Bearer t0k', 'content-type': 'application/json' });
    expect(outcome.kind === 'answer' && apiErrorCodeOf(outcome.body)).toBe('invalid');
  });
});
