import { afterEach, beforeEach, expect, it } from 'vitest';
import { verifyPassword } from '../../server/auth/passwords';
import { createUser } from '../../server/services/users';
import { createApiFixture, type ApiFixture } from '../support/api-fixture';
import { OFFICER_PASSWORD, signedInOfficer } from '../support/office-fixture';
import { enrollSignedDevice, fileSigned } from '../support/signed-device';
import { encodeReceiptProof, receiptLink, type ReceiptProof } from '../../src/domain/receipt/proof';
import { describeEachDatabase } from '../support/test-database';
import { forgetApplications } from '../support/forget-applications';
import { newId } from '../../src/domain/ids';

describeEachDatabase('office sign-in and authorisation', (dialect) => {
  let fx: ApiFixture;
  beforeEach(async () => {
    fx = await createApiFixture(dialect);
  });
  afterEach(async () => {
    await fx.close();
  });

  it('keeps passwords as scrypt hashes, signs in with a cookie session, and signs out', async () => {
    const db = fx.test.database.db;
    await createUser(db, { username: 'Meena', role: 'officer', office: 'lko1', password: OFFICER_PASSWORD, displayName: 'मीना शर्मा' });
    const stored = await db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ username: 'meena', role: 'officer', office_code: 'LKO1', display_name: 'मीना शर्मा' });
    expect(stored.password_hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(stored.password_hash).not.toContain(OFFICER_PASSWORD);
    expect(await verifyPassword(OFFICER_PASSWORD, stored.password_hash)).toBe(true);
    expect(await verifyPassword('wrong', stored.password_hash)).toBe(false);
    await expect(createUser(db, { username: 'x', role: 'officer', office: 'LKO1', password: OFFICER_PASSWORD })).rejects.toThrow(/user name/);
    await expect(createUser(db, { username: 'ravi', role: 'officer', password: OFFICER_PASSWORD })).rejects.toThrow(/office/);
    await expect(createUser(db, { username: 'ravi', role: 'admin', password: 'short' })).rejects.toThrow(/10 characters/);

    const wrong = await fx.app.inject({ method: 'POST', url: '/api/v1/office/login', payload: { username: 'meena', password: 'not it at all' } });
    expect([wrong.statusCode, wrong.json().error, wrong.headers['set-cookie']]).toEqual([401, 'bad_credentials', undefined]);
    const unknown = await fx.app.inject({ method: 'POST', url: '/api/v1/office/login', payload: { username: 'nobody', password: OFFICER_PASSWORD } });
    expect(unknown.json().error).toBe('bad_credentials');

    const login = await fx.app.inject({ method: 'POST', url: '/api/v1/office/login', payload: { username: 'MEENA', password: OFFICER_PASSWORD } });
    expect(login.statusCode).toBe(200);
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(/^sahej_session=[\w-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const cookie = setCookie.split(';')[0]!;
    // Only the token's hash is kept.
    const session = await db.selectFrom('sessions').selectAll().executeTakeFirstOrThrow();
    expect(session.token_hash).not.toBe(cookie.split('=')[1]);
    expect((await fx.app.inject({ method: 'GET', url: '/api/v1/office/me', headers: { cookie } })).json()).toEqual({ user: { username: 'meena', displayName: 'मीना शर्मा', role: 'officer', officeCode: 'LKO1' } });
    expect((await fx.app.inject({ method: 'POST', url: '/api/v1/office/logout', headers: { cookie } })).statusCode).toBe(204);
    expect((await fx.app.inject({ method: 'GET', url: '/api/v1/office/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('locks a name for 15 minutes after ten wrong passwords in a row from one address', async () => {
    await createUser(fx.test.database.db, { username: 'meena', role: 'officer', office: 'LKO1', password: OFFICER_PASSWORD });
    const attempt = (password: string) => fx.app.inject({ method: 'POST', url: '/api/v1/office/login', payload: { username: 'meena', password } });
    for (let i = 0; i < 10; i++) expect((await attempt(`guess number ${i}`)).statusCode).toBe(401);
    const locked = await attempt(OFFICER_PASSWORD);
    expect([locked.statusCode, locked.json().error]).toEqual([429, 'rate_limited']);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60);
  });

  it('answers every office route 401 without a session or with a device token, 403 to another office, 200 to its own', async () => {
    const db = fx.test.database.db;
    const device = await enrollSignedDevice(fx.app, db, 'LKO1');
    const filed = await fileSigned(fx.app, device, { name: 'गीता' });
    const id = filed.envelope.id;
    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('a photo of a document')]);
    const { createHash } = await import('node:crypto');
    const sha256 = createHash('sha256').update(photo).digest('hex');
    await fx.documents.writeVerified(sha256, photo, 'image/jpeg');
    await db.insertInto('documents').values({ sha256, size: photo.length, mime: 'image/jpeg', stored_at: new Date().toISOString() }).execute();
    await db.insertInto('application_documents').values({ application_id: id, sha256, kind: 'other' }).execute();
    // Sent by the filing's own device: only then may its office read the bytes (see office-boundaries.test.ts).
    await db.insertInto('document_uploads').values({ sha256, device_id: device.deviceId, size: photo.length, created_at: new Date().toISOString(), completed_at: new Date().toISOString() }).execute();
    const qr = receiptLink('http://kiosk.local', await encodeReceiptProof({ envelope: filed.envelope, certificate: device.certificate } as unknown as ReceiptProof));

    const own = await signedInOfficer(fx.app, db, { username: 'meena', role: 'officer', office: 'LKO1' });
    const other = await signedInOfficer(fx.app, db, { username: 'kamal', role: 'officer', office: 'KNP1' });
    const admin = await signedInOfficer(fx.app, db, { username: 'asha', role: 'admin' });

    const routes: { method: 'GET' | 'POST'; url: string; payload?: object; before?: () => Promise<void>; ok: number }[] = [
      { method: 'GET', url: '/api/v1/office/applications?office=LKO1', ok: 200 },
      { method: 'GET', url: '/api/v1/office/stats?office=LKO1', ok: 200 },
      { method: 'GET', url: '/api/v1/office/export.csv?office=LKO1', ok: 200 },
      { method: 'GET', url: `/api/v1/office/applications/${id}`, ok: 200 },
      { method: 'GET', url: `/api/v1/office/documents/${sha256}`, ok: 200 },
      { method: 'POST', url: `/api/v1/office/applications/${id}/otp`, ok: 202 },
      { method: 'POST', url: `/api/v1/office/applications/${id}/transitions`, payload: { to: 'under_review', note: 'Papers look complete' }, ok: 200 },
      { method: 'POST', url: '/api/v1/office/receipts/restore', payload: { qr }, before: () => forgetApplications(db, [id]), ok: 201 },
    ];
    const call = (route: (typeof routes)[number], headers: Record<string, string>) => fx.app.inject({ method: route.method, url: route.url, headers, ...(route.payload ? { payload: route.payload } : {}) });
    for (const route of routes) {
      const label = `${route.method} ${route.url.split('?')[0]}`;
      expect([label, (await call(route, {})).statusCode]).toEqual([label, 401]);
      expect([label, (await call(route, { authorization: `Bearer ${device.token}` })).statusCode]).toEqual([label, 401]);
      const refused = await call(route, { cookie: other });
      expect([label, refused.statusCode, refused.json().error]).toEqual([label, 403, 'forbidden']);
      await route.before?.();
      expect([label, (await call(route, { cookie: own })).statusCode]).toEqual([label, route.ok]);
    }
    // Nothing of another office leaks into an officer's own lists, and an admin sees every office.
    expect((await fx.app.inject({ method: 'GET', url: '/api/v1/office/applications', headers: { cookie: other } })).json()).toMatchObject({ items: [], total: 0 });
    expect((await fx.app.inject({ method: 'GET', url: '/api/v1/office/applications', headers: { cookie: own } })).json()).toMatchObject({ total: 1 });
    expect((await fx.app.inject({ method: 'GET', url: '/api/v1/office/applications?office=LKO1', headers: { cookie: admin } })).json()).toMatchObject({ total: 1 });
    expect((await fx.app.inject({ method: 'GET', url: '/api/v1/office/offices', headers: { cookie: admin } })).json().offices).toEqual(expect.arrayContaining(['KNP1', 'LKO1']));
    // A filing of another office that names this document's hash (copied from a QR) opens nothing:
    // that office's device never sent the bytes (more in office-boundaries.test.ts).
    const knp = await fx.enroll('KNP1');
    const copied = { ...filed.envelope, id: newId(), deviceId: knp.deviceId, receipt: undefined, documents: [...filed.envelope.documents, { kind: 'other', sha256, mime: 'image/jpeg', size: photo.length }] };
    expect((await fx.app.inject({ method: 'PUT', url: `/api/v1/applications/${copied.id}`, headers: { authorization: `Bearer ${knp.token}` }, payload: copied })).statusCode).toBe(201);
    const copiedRead = await fx.app.inject({ method: 'GET', url: `/api/v1/office/documents/${sha256}`, headers: { cookie: other } });
    expect([copiedRead.statusCode, copiedRead.json().error]).toEqual([404, 'not_found']);
  });
});
