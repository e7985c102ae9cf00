import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiFixture, type ApiFixture } from '../support/api-fixture';
import { signedInOfficer } from '../support/office-fixture';
import { tempDir } from '../support/temp-dirs';

/** The directives of a Content-Security-Policy header, each with its sources. */
function directives(header: string | string[] | number | undefined): Map<string, string[]> {
  expect(typeof header, 'a Content-Security-Policy header').toBe('string');
  return new Map(
    String(header)
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name!.toLowerCase(), sources]),
  );
}

/** What every response must carry, whatever route, status or content type. */
function expectSecurityHeaders(label: string, headers: Record<string, string | string[] | number | undefined>): void {
  const csp = directives(headers['content-security-policy']);
  expect([label, csp.get('default-src')]).toEqual([label, ["'self'"]]);
  expect([label, csp.get('script-src')]).toEqual([label, ["'self'"]]);
  expect([label, csp.get('style-src')]).toEqual([label, ["'self'"]]);
  expect([label, csp.get('img-src')]).toEqual([label, ["'self'", 'data:', 'blob:']]);
  expect([label, csp.get('connect-src')]).toEqual([label, ["'self'"]]);
  expect([label, csp.get('worker-src')]).toEqual([label, ["'self'"]]);
  expect([label, csp.get('frame-ancestors')]).toEqual([label, ["'none'"]]);
  expect([label, csp.get('base-uri')]).toEqual([label, ["'self'"]]);
  expect([label, csp.get('form-action')]).toEqual([label, ["'self'"]]);
  expect([label, csp.get('object-src')]).toEqual([label, ["'none'"]]);
  for (const [name, sources] of csp) {
    expect([label, name, sources.filter((source) => /unsafe|\*|^https?:$|^http:/.test(source))]).toEqual([label, name, []]);
  }
  expect([label, headers['x-content-type-options']]).toEqual([label, 'nosniff']);
  expect([label, headers['x-frame-options']]).toEqual([label, 'DENY']);
  expect([label, headers['referrer-policy']]).toEqual([label, 'no-referrer']);
  expect([label, headers['cross-origin-opener-policy']]).toEqual([label, 'same-origin']);
  const permissions = String(headers['permissions-policy']);
  // The camera takes document photos, so it stays allowed for the app itself; the rest are off.
  expect([label, permissions]).toEqual([label, expect.stringContaining('camera=(self)')]);
  for (const feature of ['microphone', 'geolocation', 'payment', 'usb']) expect([label, permissions]).toEqual([label, expect.stringContaining(`${feature}=()`)]);
}

// Headers do not depend on the database, so this suite runs on SQLite only.
describe('security headers on every response', () => {
  let fx: ApiFixture;
  let officer: string;
  beforeAll(async () => {
    const staticDir = tempDir('sahej-static-');
    fs.mkdirSync(path.join(staticDir, 'assets'));
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Sahej</title><script type="module" src="/assets/app.js"></script>');
    fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log("app")');
    fs.writeFileSync(path.join(staticDir, 'service-worker.js'), 'self.addEventListener("fetch", () => {})');
    fx = await createApiFixture('sqlite', { staticDir, rateLimits: { enroll: { max: 1, windowSeconds: 60 }, login: null, otp: null, receipts: null } });
    officer = await signedInOfficer(fx.app, fx.test.database.db, { username: 'meena', role: 'officer', office: 'LKO1' });
  });
  afterAll(async () => {
    await fx.close();
  });

  it('sets them on API answers, errors, documents, the static app and its fallback', async () => {
    const bearer = { authorization: `Bearer ${fx.device.token}` };
    const requests: { label: string; method: 'GET' | 'POST' | 'PUT' | 'HEAD' | 'PATCH' | 'OPTIONS'; url: string; headers?: Record<string, string>; payload?: string | object; status: number }[] = [
      { label: 'health', method: 'GET', url: '/api/v1/health', status: 200 },
      { label: 'keys', method: 'GET', url: '/api/v1/keys', status: 200 },
      { label: 'changes', method: 'GET', url: '/api/v1/changes?since=0', headers: bearer, status: 200 },
      { label: 'no token', method: 'GET', url: '/api/v1/changes', status: 401 },
      { label: 'bad JSON', method: 'PUT', url: '/api/v1/applications/x', headers: { ...bearer, 'content-type': 'application/json' }, payload: '{"id":', status: 400 },
      { label: 'wrong content type', method: 'PUT', url: '/api/v1/applications/x', headers: { ...bearer, 'content-type': 'application/xml' }, payload: '<x/>', status: 415 },
      { label: 'unknown API route', method: 'GET', url: '/api/v1/nothing-here', status: 404 },
      { label: 'undecodable URL', method: 'GET', url: '/api/v1/receipts/%E0%A4', status: 400 },
      { label: 'path parameter too long', method: 'GET', url: `/api/v1/receipts/${'A'.repeat(200)}`, status: 400 },
      { label: 'tus without its header', method: 'POST', url: '/api/v1/documents', headers: bearer, status: 400 },
      { label: 'tus unknown upload', method: 'HEAD', url: `/api/v1/documents/${'a'.repeat(64)}`, headers: { ...bearer, 'tus-resumable': '1.0.0' }, status: 404 },
      { label: 'tus PATCH refused', method: 'PATCH', url: `/api/v1/documents/${'a'.repeat(64)}`, headers: { ...bearer, 'tus-resumable': '1.0.0' }, status: 400 },
      { label: 'tus OPTIONS', method: 'OPTIONS', url: '/api/v1/documents', status: 204 },
      { label: 'office backlog', method: 'GET', url: '/api/v1/office/applications', headers: { cookie: officer }, status: 200 },
      { label: 'office CSV', method: 'GET', url: '/api/v1/office/export.csv', headers: { cookie: officer }, status: 200 },
      { label: 'index.html', method: 'GET', url: '/', status: 200 },
      { label: 'an asset', method: 'GET', url: '/assets/app.js', status: 200 },
      { label: 'the service worker', method: 'GET', url: '/service-worker.js', status: 200 },
      { label: 'a client-side route', method: 'GET', url: '/office', headers: { accept: 'text/html' }, status: 200 },
      { label: 'a missing file', method: 'GET', url: '/assets/missing.js', status: 404 },
    ];
    for (const request of requests) {
      const response = await fx.app.inject({ method: request.method, url: request.url, headers: request.headers ?? {}, ...(request.payload !== undefined ? { payload: request.payload } : {}) });
      expect([request.label, response.statusCode]).toEqual([request.label, request.status]);
      expectSecurityHeaders(request.label, response.headers);
      if (response.statusCode >= 400 && request.method !== 'HEAD') expect([request.label, response.headers['content-type']]).toEqual([request.label, expect.stringMatching(/^application\/json/)]);
    }
  });

  it('sets them on a 429 too', async () => {
    const enroll = () => fx.app.inject({ method: 'POST', url: '/api/v1/devices/enroll', payload: { code: 'ZZZZ-ZZZZ', publicKeyJwk: { kty: 'EC', crv: 'P-256', x: 'x' } } });
    expect((await enroll()).statusCode).toBe(409);
    const limited = await enroll();
    expect(limited.statusCode).toBe(429);
    expectSecurityHeaders('429', limited.headers);
  });
});
