import { afterEach, describe, expect, it } from 'vitest';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { readConfig } from '../../server/config';
import { createUser } from '../../server/services/users';
import { createApiFixture, TEST_PUBLIC_KEY, type ApiFixture } from '../support/api-fixture';
import { OFFICER_PASSWORD, signIn } from '../support/office-fixture';
import { enrollSignedDevice, fileSigned } from '../support/signed-device';

type Options = Parameters<typeof createApiFixture>[1];

// Cookies and origins do not depend on the database, so this suite runs on SQLite only.
describe('the console cookie: Secure, and no state change from another origin', () => {
  const opened: ApiFixture[] = [];
  afterEach(async () => {
    for (const fx of opened.splice(0)) await fx.close();
  });
  const open = async (options: Options = {}) => {
    const fx = await createApiFixture('sqlite', { rateLimits: { enroll: null, login: null, otp: null, receipts: null }, ...options });
    opened.push(fx);
    await createUser(fx.test.database.db, { username: 'meena', role: 'officer', office: 'LKO1', password: OFFICER_PASSWORD });
    return fx;
  };
  const login = (fx: ApiFixture, headers: Record<string, string> = {}) => fx.app.inject({ method: 'POST', url: '/api/v1/office/login', headers, payload: { username: 'meena', password: OFFICER_PASSWORD } });
  const setCookie = (response: LightMyRequestResponse) => String([response.headers['set-cookie']].flat()[0]);
  const isSecure = (response: LightMyRequestResponse) => /;\s*Secure(;|$)/i.test(setCookie(response));
  // app.inject sends `Host: localhost:80`, so a page of this server has the origin http://localhost.
  const SAME_ORIGIN = { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' };

  it('marks the session cookie Secure when PUBLIC_URL is https or the request came over TLS through a trusted proxy, and only then', async () => {
    const plain = await open();
    const signedIn = await login(plain);
    expect([signedIn.statusCode, isSecure(signedIn)]).toEqual([200, false]);
    // X-Forwarded-Proto from a proxy the server does not trust is not believed.
    expect(isSecure(await login(plain, { 'x-forwarded-proto': 'https' }))).toBe(false);
    expect(isSecure(await login(await open({ publicUrl: 'http://sahej.lan:8080' })))).toBe(false);

    const https = await open({ publicUrl: 'https://sahej.example.in' });
    const secure = await login(https);
    expect([secure.statusCode, isSecure(secure)]).toEqual([200, true]);
    expect(setCookie(secure)).toMatch(/HttpOnly/);
    // Signing out overwrites the cookie with one of the same kind.
    const out = await https.app.inject({ method: 'POST', url: '/api/v1/office/logout', headers: { cookie: setCookie(secure).split(';')[0]! } });
    expect([out.statusCode, isSecure(out), setCookie(out)]).toEqual([204, true, expect.stringMatching(/Max-Age=0/)]);

    const proxied = await open({ trustProxy: true });
    expect(isSecure(await login(proxied, { 'x-forwarded-proto': 'https' }))).toBe(true);
    expect(isSecure(await login(proxied, { 'x-forwarded-proto': 'http' }))).toBe(false);
  });

  it('reads PUBLIC_URL as set, without its default, and refuses one that is not an http(s) address', () => {
    expect(readConfig({ PUBLIC_URL: 'https://sahej.example.in/' })).toMatchObject({ publicUrl: 'https://sahej.example.in', explicitPublicUrl: 'https://sahej.example.in' });
    expect(readConfig({ PORT: '9000' })).toMatchObject({ publicUrl: 'http://localhost:9000', explicitPublicUrl: undefined });
    expect(() => readConfig({ PUBLIC_URL: 'sahej.example.in' })).toThrow(/PUBLIC_URL/);
    expect(() => readConfig({ PUBLIC_URL: 'ftp://sahej.example.in' })).toThrow(/PUBLIC_URL/);
  });

  it('refuses every state-changing console request from another origin or a cross-site page, before it acts', async () => {
    const fx = await open();
    const db = fx.test.database.db;
    const device = await enrollSignedDevice(fx.app, db, 'LKO1');
    const id = (await fileSigned(fx.app, device, { name: 'गीता' })).envelope.id;
    const cookie = await signIn(fx.app, 'meena');
    const state = async () => ({
      application: await db.selectFrom('applications').select('status').where('id', '=', id).executeTakeFirstOrThrow(),
      events: (await db.selectFrom('application_events').select('seq').execute()).length,
      challenges: (await db.selectFrom('otp_challenges').select('id').execute()).length,
      sessions: (await db.selectFrom('sessions').select('token_hash').execute()).length,
      failures: await db.selectFrom('login_failures').selectAll().execute(),
    });
    const before = await state();

    const routes: InjectOptions[] = [
      { url: '/api/v1/office/login', payload: { username: 'meena', password: OFFICER_PASSWORD } },
      { url: '/api/v1/office/logout' },
      { url: `/api/v1/office/applications/${id}/transitions`, payload: { to: 'under_review', note: 'Papers look complete' } },
      { url: `/api/v1/office/applications/${id}/otp` },
      { url: '/api/v1/office/receipts/restore', payload: { qr: 'https://kiosk.local/r/#x' } },
    ];
    const foreign: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: 'http://localhost:8080' }, // same host, another port: another origin
      { origin: 'https://localhost' }, // another scheme
      { origin: 'not a url' },
      { 'sec-fetch-site': 'cross-site' },
      { origin: 'http://localhost', 'sec-fetch-site': 'cross-site' },
    ];
    for (const route of routes) {
      for (const headers of foreign) {
        const label = `${String(route.url)} ${JSON.stringify(headers)}`;
        const refused = await fx.app.inject({ ...route, method: 'POST', headers: { cookie, ...headers } });
        expect([label, refused.statusCode, refused.json().error, refused.headers['set-cookie']]).toEqual([label, 403, 'cross_origin', undefined]);
      }
    }
    // Nothing happened: still signed in, the filing where it was, no code queued, no sign-in counted.
    expect(await state()).toEqual(before);
    expect((await fx.app.inject({ method: 'GET', url: '/api/v1/office/me', headers: { cookie } })).statusCode).toBe(200);
  });

  it('lets the console’s own page and clients without an Origin through, and leaves reads and device routes alone', async () => {
    const fx = await open();
    const device = await enrollSignedDevice(fx.app, fx.test.database.db, 'LKO1');
    const id = (await fileSigned(fx.app, device, { name: 'गीता' })).envelope.id;
    const signedIn = await login(fx, SAME_ORIGIN);
    expect(signedIn.statusCode).toBe(200);
    const cookie = setCookie(signedIn).split(';')[0]!;
    const moved = await fx.app.inject({ method: 'POST', url: `/api/v1/office/applications/${id}/transitions`, headers: { cookie, ...SAME_ORIGIN }, payload: { to: 'under_review', note: 'Papers look complete' } });
    expect(moved.statusCode).toBe(200);
    // A typed-in address or bookmark says `none`; curl and the CLI send neither header.
    expect((await login(fx, { 'sec-fetch-site': 'none' })).statusCode).toBe(200);
    expect((await login(fx)).statusCode).toBe(200);
    // Reads change nothing, and CORS keeps their answers from another site anyway.
    expect((await fx.app.inject({ method: 'GET', url: '/api/v1/office/me', headers: { cookie, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } })).statusCode).toBe(200);
    // Device routes take a Bearer token, not a cookie: no Origin rule there.
    const enroll = await fx.app.inject({ method: 'POST', url: '/api/v1/devices/enroll', headers: { origin: 'https://evil.example' }, payload: { code: 'ZZZZ-ZZZZ', publicKeyJwk: TEST_PUBLIC_KEY } });
    expect(enroll.json().error).toBe('enroll_code_invalid');
    expect((await fx.app.inject({ method: 'POST', url: '/api/v1/office/logout', headers: { cookie, ...SAME_ORIGIN } })).statusCode).toBe(204);
  });

  it('takes PUBLIC_URL’s origin as its own when set, and the forwarded scheme and host behind a trusted proxy', async () => {
    // Behind a proxy that passes its own Host (here localhost), only PUBLIC_URL names the page's origin.
    const published = await open({ publicUrl: 'https://sahej.example.in/' });
    expect((await login(published, { origin: 'https://sahej.example.in', 'sec-fetch-site': 'same-origin' })).statusCode).toBe(200);
    for (const origin of ['http://localhost', 'http://sahej.example.in', 'https://sahej.example.in.evil.example']) {
      expect([origin, (await login(published, { origin })).json().error]).toEqual([origin, 'cross_origin']);
    }

    const proxied = await open({ trustProxy: true });
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'sahej.example.in' };
    const through = await login(proxied, { ...forwarded, origin: 'https://sahej.example.in' });
    expect([through.statusCode, isSecure(through)]).toEqual([200, true]);
    expect((await login(proxied, { ...forwarded, origin: 'http://sahej.example.in' })).statusCode).toBe(403);
  });
});
