import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app';
import { readConfig } from '../../server/config';
import { defaultRateLimitStore, type RateLimits, type RateLimitStore } from '../../server/http/rate-limits';
import { createUser } from '../../server/services/users';
import { createApiFixture, TEST_PUBLIC_KEY, type ApiFixture } from '../support/api-fixture';
import { OFFICER_PASSWORD, testClock } from '../support/office-fixture';
import { describeEachDatabase } from '../support/test-database';

const WINDOW_SECONDS = 60;
const NO_LIMITS: RateLimits = { enroll: null, login: null, otp: null, receipts: null };

// Two server processes on one database: the fixture's app, and a second app with its own
// connection (its own pool or SQLite handle) to the same database, as `sahej serve` twice.
describeEachDatabase('rate limits and sign-in locks shared by two server processes', (dialect) => {
  let fx: ApiFixture;
  let second: FastifyInstance | undefined;
  beforeEach(() => {
    // The limiter reads Date.now(): held still, moved by hand (timers stay real).
    vi.useFakeTimers({ toFake: ['Date'], now: new Date() });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await second?.close();
    second = undefined;
    await fx?.close();
  });

  const twoServers = async (options: { rateLimits: RateLimits; rateLimitStore?: RateLimitStore; now?: () => Date }) => {
    fx = await createApiFixture(dialect, options);
    second = await buildApp({ ...options, database: fx.test.openAnother(), documents: fx.documents });
    return [fx.app, second] as const;
  };
  const enroll = (app: FastifyInstance, remoteAddress = '203.0.113.7') =>
    app.inject({ method: 'POST', url: '/api/v1/devices/enroll', remoteAddress, payload: { code: 'ZZZZ-ZZZZ', publicKeyJwk: TEST_PUBLIC_KEY } });

  it('counts requests split between the two against one limit, not one each', async () => {
    const servers = await twoServers({ rateLimits: { ...NO_LIMITS, enroll: { max: 5, windowSeconds: WINDOW_SECONDS } }, rateLimitStore: 'database' });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await enroll(servers[i % 2]!)).statusCode);
    expect(statuses).toEqual([409, 409, 409, 409, 409, 429, 429, 429]);
    // Either server answers the same wait, the rest of the one window.
    vi.setSystemTime(Date.now() + 20_000);
    const waits = await Promise.all(servers.map((app) => enroll(app)));
    expect(waits.map((answer) => [answer.statusCode, answer.headers['retry-after']])).toEqual([
      [429, String(WINDOW_SECONDS - 20)],
      [429, String(WINDOW_SECONDS - 20)],
    ]);
    // Another address has its own count on both.
    expect((await enroll(servers[1], '198.51.100.23')).statusCode).toBe(409);
    // After the window both let the address through again, counting from one.
    vi.setSystemTime(Date.now() + WINDOW_SECONDS * 1000);
    expect((await enroll(servers[1])).statusCode).toBe(409);
    expect((await enroll(servers[0])).statusCode).toBe(409);
  });

  it('counts requests sent to both at once one by one: exactly the limit get through', async () => {
    const servers = await twoServers({ rateLimits: { ...NO_LIMITS, enroll: { max: 10, windowSeconds: WINDOW_SECONDS } }, rateLimitStore: 'database' });
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => enroll(servers[i % 2]!)));
    const count = (status: number) => answers.filter((answer) => answer.statusCode === status).length;
    expect([count(409), count(429)]).toEqual([10, 20]);
    const rows = await fx.test.database.db.selectFrom('rate_limit_hits').select(['key', 'hits']).execute();
    expect(rows).toEqual([{ key: 'POST /api/v1/devices/enroll 203.0.113.7', hits: 30 }]);
  });

  it('with counts kept in each process, the same requests get twice the limit through (what the shared store prevents)', async () => {
    const servers = await twoServers({ rateLimits: { ...NO_LIMITS, enroll: { max: 5, windowSeconds: WINDOW_SECONDS } }, rateLimitStore: 'memory' });
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await enroll(servers[i % 2]!)).statusCode);
    expect(statuses.filter((status) => status === 409)).toHaveLength(10);
    expect(await fx.test.database.db.selectFrom('rate_limit_hits').selectAll().execute()).toEqual([]);
  });

  it('sweeps ended windows as requests pass, so the table holds only live counts', async () => {
    const servers = await twoServers({ rateLimits: { ...NO_LIMITS, enroll: { max: 5, windowSeconds: WINDOW_SECONDS } }, rateLimitStore: 'database' });
    for (let i = 0; i < 4; i++) await enroll(servers[0], `198.51.100.${i + 1}`);
    expect(await fx.test.database.db.selectFrom('rate_limit_hits').select('key').execute()).toHaveLength(4);
    // Two windows later one request passes; the sweep it sets off leaves only its own row.
    vi.setSystemTime(Date.now() + 2 * WINDOW_SECONDS * 1000);
    await enroll(servers[0], '203.0.113.99');
    await vi.waitFor(async () => expect(await fx.test.database.db.selectFrom('rate_limit_hits').select('key').execute()).toEqual([{ key: 'POST /api/v1/devices/enroll 203.0.113.99' }]));
  });

  it('locks a name after ten wrong passwords split between the two, on both', async () => {
    const clock = testClock(new Date('2026-05-04T10:00:00.000Z'));
    const servers = await twoServers({ rateLimits: NO_LIMITS, now: clock.now });
    await createUser(fx.test.database.db, { username: 'meena', role: 'officer', office: 'LKO1', password: OFFICER_PASSWORD });
    const attempt = (app: FastifyInstance, password: string) => app.inject({ method: 'POST', url: '/api/v1/office/login', remoteAddress: '203.0.113.7', payload: { username: 'meena', password } });
    for (let i = 0; i < 10; i++) expect([i, (await attempt(servers[i % 2]!, `guess ${i}`)).statusCode]).toEqual([i, 401]);
    for (const app of servers) {
      const right = await attempt(app, OFFICER_PASSWORD);
      expect([right.statusCode, right.headers['retry-after'], right.headers['set-cookie']]).toEqual([429, String(15 * 60), undefined]);
    }
  });
});

it('counts in the database on PostgreSQL and in memory on SQLite unless RATE_LIMIT_STORE says otherwise', () => {
  expect([defaultRateLimitStore('postgres'), defaultRateLimitStore('sqlite')]).toEqual(['database', 'memory']);
  expect([readConfig({}).rateLimitStore, readConfig({ RATE_LIMIT_STORE: 'database' }).rateLimitStore, readConfig({ RATE_LIMIT_STORE: 'memory' }).rateLimitStore]).toEqual([undefined, 'database', 'memory']);
  expect(() => readConfig({ RATE_LIMIT_STORE: 'redis' })).toThrow(/RATE_LIMIT_STORE must be/);
});
