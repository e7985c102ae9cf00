import { afterEach, beforeEach, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createUser } from '../../server/services/users';
import { createApiFixture, type ApiFixture } from '../support/api-fixture';
import { OFFICER_PASSWORD, testClock } from '../support/office-fixture';
import { describeEachDatabase } from '../support/test-database';

const HOME = '203.0.113.7';
const ELSEWHERE = '198.51.100.23';
const LOCK_SECONDS = 15 * 60;

describeEachDatabase('sign-in locks', (dialect) => {
  let fx: ApiFixture;
  let clock: ReturnType<typeof testClock>;
  beforeEach(async () => {
    // A clock that stands still, so two answers given a moment apart can be compared to the second.
    clock = testClock(new Date('2026-05-04T10:00:00.000Z'));
    // The per-address request limit is off here: these tests are about the account lock alone.
    fx = await createApiFixture(dialect, { now: clock.now, rateLimits: { enroll: null, login: null, otp: null, receipts: null } });
    await createUser(fx.test.database.db, { username: 'meena', role: 'officer', office: 'LKO1', password: OFFICER_PASSWORD });
  });
  afterEach(async () => {
    await fx.close();
  });

  const attempt = (username: string, password: string, remoteAddress = HOME) => fx.app.inject({ method: 'POST', url: '/api/v1/office/login', remoteAddress, payload: { username, password } });
  /** All a guesser can see of an answer. */
  const seen = (response: LightMyRequestResponse) => ({ status: response.statusCode, body: response.json() as unknown, retryAfter: response.headers['retry-after'], cookie: response.headers['set-cookie'] });

  it('counts 20 wrong passwords sent at once one by one: ten are checked, ten refused, and the right password waits out the lock', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => attempt('meena', `guess number ${i}`)));
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([...Array<number>(10).fill(401), ...Array<number>(10).fill(429)]);

    const right = await attempt('meena', OFFICER_PASSWORD);
    expect([right.statusCode, right.json().error, right.headers['retry-after'], right.headers['set-cookie']]).toEqual([429, 'rate_limited', String(LOCK_SECONDS), undefined]);
    clock.advanceMs(LOCK_SECONDS * 1000 - 1000);
    expect((await attempt('meena', OFFICER_PASSWORD)).statusCode).toBe(429);
    clock.advanceMs(1000);
    expect((await attempt('meena', OFFICER_PASSWORD)).statusCode).toBe(200);
    // Signing in clears the count: nine more wrong ones do not lock again.
    for (let i = 0; i < 9; i++) expect((await attempt('meena', `later guess ${i}`)).statusCode).toBe(401);
    expect((await attempt('meena', OFFICER_PASSWORD)).statusCode).toBe(200);
  });

  it('answers an unknown user name exactly as a known one, wrong after wrong, lock included', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      // Either spelling of a name counts against the same lock, whether or not the name exists.
      const known = await attempt(i % 2 ? 'MEENA' : 'meena', `guess number ${i}`);
      const unknown = await attempt(i % 2 ? 'NoBody' : 'nobody', `guess number ${i}`);
      expect([i, seen(unknown)]).toEqual([i, seen(known)]);
      statuses.push(known.statusCode);
    }
    expect(statuses).toEqual([...Array<number>(10).fill(401), 429, 429]);
    // The known name's right password is refused the same way while locked.
    expect(seen(await attempt('meena', OFFICER_PASSWORD))).toEqual(seen(await attempt('nobody', OFFICER_PASSWORD)));
  });

  it('locks a name only at the address the guesses came from', async () => {
    for (let i = 0; i < 10; i++) expect((await attempt('meena', `guess number ${i}`, HOME)).statusCode).toBe(401);
    expect((await attempt('meena', OFFICER_PASSWORD, HOME)).statusCode).toBe(429);
    // The officer at her own desk still gets in, and the stranger's lock stays on the stranger.
    const elsewhere = await attempt('meena', OFFICER_PASSWORD, ELSEWHERE);
    expect([elsewhere.statusCode, elsewhere.json().user?.username]).toEqual([200, 'meena']);
    expect((await attempt('meena', OFFICER_PASSWORD, HOME)).statusCode).toBe(429);
    // Another name at the locked address is not locked either.
    await createUser(fx.test.database.db, { username: 'ravi', role: 'officer', office: 'LKO1', password: OFFICER_PASSWORD });
    expect((await attempt('ravi', OFFICER_PASSWORD, HOME)).statusCode).toBe(200);
  });
});
