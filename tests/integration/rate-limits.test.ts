import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { readConfig } from '../../server/config';
import { DEFAULT_RATE_LIMITS, parseRateLimit, type RateLimits } from '../../server/http/rate-limits';
import { createEnrollmentCode } from '../../server/services/devices';
import { createApiFixture, TEST_PUBLIC_KEY, type ApiFixture } from '../support/api-fixture';
import { signedInOfficer, OFFICER_PASSWORD } from '../support/office-fixture';
import { sampleEnvelope } from '../support/sample-envelope';
import { describeEachDatabase } from '../support/test-database';

const WINDOW_SECONDS = 60;
const limit = (max: number) => ({ max, windowSeconds: WINDOW_SECONDS });
/** The limiter reads Date.now(): the tests hold the date still and move it by hand (timers stay real). */
const passWindow = () => vi.setSystemTime(Date.now() + WINDOW_SECONDS * 1000);

function expectLimited(label: string, response: LightMyRequestResponse): void {
  expect([label, response.statusCode, response.json().error]).toEqual([label, 429, 'rate_limited']);
  const retryAfter = Number(response.headers['retry-after']);
  expect([label, retryAfter]).toEqual([label, WINDOW_SECONDS]);
}

describeEachDatabase('rate limits per client address', (dialect) => {
  let fx: ApiFixture;
  const open = async (rateLimits: RateLimits, trustProxy = false) => {
    fx = await createApiFixture(dialect, { rateLimits, trustProxy });
    return fx;
  };
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date() });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await fx?.close();
  });

  it('answers the N+1th enrollment 429 with Retry-After, leaves other routes alone, and lets it through after the window', async () => {
    await open({ enroll: limit(3), login: null, otp: null, receipts: null });
    const enroll = async (code = 'ZZZZ-ZZZZ', remoteAddress = '127.0.0.1') =>
      fx.app.inject({ method: 'POST', url: '/api/v1/devices/enroll', remoteAddress, payload: { code, publicKeyJwk: TEST_PUBLIC_KEY } });
    for (let i = 0; i < 3; i++) expect((await enroll()).statusCode).toBe(409);
    const { code } = await createEnrollmentCode(fx.test.database.db, 'LKO1');
    const devices = await fx.test.database.db.selectFrom('devices').select('id').execute();
    // Refused before the body is looked at: even a good code waits, and nothing is used up.
    expectLimited('4th enrollment', await enroll(code));
    expect(await fx.test.database.db.selectFrom('devices').select('id').execute()).toEqual(devices);
    // Another address has its own count, and other routes have none.
    expect((await enroll('ZZZZ-ZZZZ', '10.1.2.3')).statusCode).toBe(409);
    expect((await fx.app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode).toBe(200);
    const changes = await fx.app.inject({ method: 'GET', url: '/api/v1/changes?since=0', headers: { authorization: `Bearer ${fx.device.token}` } });
    expect(changes.statusCode).toBe(200);
    expect(changes.headers['x-ratelimit-limit']).toBeUndefined();
    passWindow();
    const after = await enroll(code);
    expect([after.statusCode, after.json().deviceId]).toEqual([201, 'LKO1-D02']);
  });

  it('limits console sign-in per address, whatever the password, on top of the account lock', async () => {
    await open({ enroll: null, login: limit(2), otp: null, receipts: null });
    await signedInOfficer(fx.app, fx.test.database.db, { username: 'meena', role: 'officer', office: 'LKO1' }); // 1
    const login = (password: string, remoteAddress = '127.0.0.1') => fx.app.inject({ method: 'POST', url: '/api/v1/office/login', remoteAddress, payload: { username: 'meena', password } });
    expect((await login('not the password')).statusCode).toBe(401); // 2
    expectLimited('3rd sign-in', await login(OFFICER_PASSWORD));
    expect((await login(OFFICER_PASSWORD, '10.9.8.7')).statusCode).toBe(200);
    // A wrong password refused by the limit is not counted against the name: only the one that got its 401 is.
    expect(await fx.test.database.db.selectFrom('login_failures').select(['username', 'address', 'failed']).execute()).toEqual([{ username: 'meena', address: '127.0.0.1', failed: 1 }]);
    passWindow();
    expect((await login(OFFICER_PASSWORD)).statusCode).toBe(200);
  });

  it('limits each mobile-verification route: asking for a code, typing it, the link, and the office asking', async () => {
    await open({ enroll: null, login: null, otp: limit(2), receipts: null });
    const officer = await signedInOfficer(fx.app, fx.test.database.db, { username: 'meena', role: 'officer', office: 'LKO1' });
    const bearer = { authorization: `Bearer ${fx.device.token}` };
    // Two filings with their own mobiles, so the three-codes-an-hour-per-mobile rule stays out of the way.
    const envelope = sampleEnvelope({ deviceId: fx.device.deviceId, mobile: '9876543210' });
    const other = sampleEnvelope({ deviceId: fx.device.deviceId, mobile: '9811122233' });
    for (const filing of [envelope, other]) expect((await fx.app.inject({ method: 'PUT', url: `/api/v1/applications/${filing.id}`, headers: bearer, payload: filing })).statusCode).toBe(201);
    const routes: { label: string; request: InjectOptions }[] = [
      { label: 'verify code', request: { method: 'POST', url: `/api/v1/applications/${envelope.id}/verify-mobile`, headers: bearer, payload: { code: '000000' } } },
      { label: 'new code', request: { method: 'POST', url: `/api/v1/applications/${envelope.id}/otp`, headers: bearer } },
      { label: 'link', request: { method: 'POST', url: '/api/v1/mobile-verification', payload: { token: 'A'.repeat(22) } } },
      { label: 'office new code', request: { method: 'POST', url: `/api/v1/office/applications/${other.id}/otp`, headers: { cookie: officer } } },
    ];
    for (const route of routes) {
      for (let i = 0; i < 2; i++) expect([route.label, (await fx.app.inject(route.request)).statusCode < 429]).toEqual([route.label, true]);
      expectLimited(route.label, await fx.app.inject(route.request));
    }
    // Filing is never limited.
    const another = sampleEnvelope({ deviceId: fx.device.deviceId });
    expect((await fx.app.inject({ method: 'PUT', url: `/api/v1/applications/${another.id}`, headers: bearer, payload: another })).statusCode).toBe(201);
    passWindow();
    for (const route of routes.filter((route) => !route.label.includes('new code'))) expect([route.label, (await fx.app.inject(route.request)).statusCode < 429]).toEqual([route.label, true]);
  });

  it('counts the forwarded client address only when told to trust the proxy', async () => {
    await open({ enroll: limit(1), login: null, otp: null, receipts: null }, true);
    const enroll = (client: string) => fx.app.inject({ method: 'POST', url: '/api/v1/devices/enroll', remoteAddress: '10.0.0.1', headers: { 'x-forwarded-for': client }, payload: { code: 'ZZZZ-ZZZZ', publicKeyJwk: TEST_PUBLIC_KEY } });
    expect((await enroll('203.0.113.7')).statusCode).toBe(409);
    expect((await enroll('203.0.113.8')).statusCode).toBe(409);
    expectLimited('same client behind the proxy', await enroll('203.0.113.7'));
  });
});

it('reads the limits from the environment: REQUESTS/SECONDS, "off", or the defaults', () => {
  expect(readConfig({}).rateLimits).toEqual(DEFAULT_RATE_LIMITS);
  expect(readConfig({ RATE_LIMIT_ENROLL: '5/60', RATE_LIMIT_LOGIN: 'off', RATE_LIMIT_OTP: '100/30', RATE_LIMIT_RECEIPTS: '10/6' }).rateLimits).toEqual({
    enroll: { max: 5, windowSeconds: 60 },
    login: null,
    otp: { max: 100, windowSeconds: 30 },
    receipts: { max: 10, windowSeconds: 6 },
  });
  expect(() => parseRateLimit('5 per minute', null, 'RATE_LIMIT_LOGIN')).toThrow(/RATE_LIMIT_LOGIN must be/);
  expect(() => parseRateLimit('0/60', null, 'RATE_LIMIT_LOGIN')).toThrow(/RATE_LIMIT_LOGIN must be/);
  expect(readConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
  expect(readConfig({}).trustProxy).toBe(false);
});
