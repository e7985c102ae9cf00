import { afterEach, beforeEach, expect, it } from 'vitest';
import { createEnrollmentCode } from '../../server/services/devices';
import { hashSecret } from '../../server/auth/tokens';
import { createApiFixture, TEST_PUBLIC_KEY, type ApiFixture } from '../support/api-fixture';
import { describeEachDatabase } from '../support/test-database';

describeEachDatabase('enrollment and health', (dialect) => {
  let fx: ApiFixture;
  beforeEach(async () => {
    fx = await createApiFixture(dialect);
  });
  afterEach(async () => {
    await fx.close();
  });

  const enroll = (payload: object) => fx.app.inject({ method: 'POST', url: '/api/v1/devices/enroll', payload });

  it('reports health with the database dialect', async () => {
    const response = await fx.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', api: 1, db: dialect, schemaVersion: 1 });
  });

  it('enrolls with a code once; the code then stops working', async () => {
    const { code } = await createEnrollmentCode(fx.test.database.db, 'lko1');
    const first = await enroll({ code: code.toLowerCase().replace('-', ' '), label: 'Counter 2', publicKeyJwk: TEST_PUBLIC_KEY });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ deviceId: 'LKO1-D02', office: 'LKO1', token: expect.stringMatching(/^sahej_/) });
    const again = await enroll({ code, publicKeyJwk: TEST_PUBLIC_KEY });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: 'enroll_code_invalid' });
  });

  it('stores the token only as a hash, and the public key', async () => {
    const { code } = await createEnrollmentCode(fx.test.database.db, 'LKO1');
    const { token, deviceId } = (await enroll({ code, publicKeyJwk: TEST_PUBLIC_KEY })).json();
    const row = await fx.test.database.db.selectFrom('devices').selectAll().where('id', '=', deviceId).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(hashSecret(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(JSON.parse(row.public_key_jwk)).toEqual(TEST_PUBLIC_KEY);
  });

  it('refuses an unknown or expired code, and a key with a private part', async () => {
    expect((await enroll({ code: 'ZZZZ-ZZZZ', publicKeyJwk: TEST_PUBLIC_KEY })).statusCode).toBe(409);
    const { code } = await createEnrollmentCode(fx.test.database.db, 'LKO1', new Date(Date.now() - 8 * 86_400_000));
    expect((await enroll({ code, publicKeyJwk: TEST_PUBLIC_KEY })).statusCode).toBe(409);
    const fresh = await createEnrollmentCode(fx.test.database.db, 'LKO1');
    const withPrivate = await enroll({ code: fresh.code, publicKeyJwk: { ...TEST_PUBLIC_KEY, d: 'secret' } });
    expect(withPrivate.statusCode).toBe(422);
    expect((await enroll({ code: fresh.code, publicKeyJwk: TEST_PUBLIC_KEY })).statusCode).toBe(201);
  });
});
