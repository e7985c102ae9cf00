import { afterEach, beforeEach, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { receiptCheckCode } from '../../src/domain/receipt/check-code';
import { encodeReceiptProof, receiptLink, type ReceiptProof } from '../../src/domain/receipt/proof';
import { createApiFixture, type ApiFixture } from '../support/api-fixture';
import { forgetApplications } from '../support/forget-applications';
import { enrollSignedDevice, fileSigned } from '../support/signed-device';
import { describeEachDatabase } from '../support/test-database';

/** What a walker could compare between two answers: everything but the clock and the limiter's own counters. */
function shape(response: LightMyRequestResponse) {
  const headers = Object.fromEntries(Object.entries(response.headers).filter(([name]) => name !== 'date' && !name.startsWith('x-ratelimit-')));
  return { status: response.statusCode, headers, body: response.body };
}

/** Issue 12 point 7 (and the device half of point 5's restore check). */
describeEachDatabase('the public receipt lookup and restore', (dialect) => {
  let fx: ApiFixture;
  beforeEach(async () => {
    fx = await createApiFixture(dialect);
  });
  afterEach(async () => {
    await fx.close();
  });

  const get = (url: string, remoteAddress = '198.51.100.1') => fx.app.inject({ method: 'GET', url, remoteAddress });

  it('answers only with the receipt’s check code; no code, a wrong one and an unknown number get the same 404', async () => {
    const device = await enrollSignedDevice(fx.app, fx.test.database.db);
    const { envelope, ack } = await fileSigned(fx.app, device, { name: 'सीता क्षत्रिय' }, 1);
    const other = await fileSigned(fx.app, device, { name: 'गीता' }, 2);
    const receiptNo = envelope.receipt.receiptNo;
    const code = receiptCheckCode(envelope.receipt.signature);
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);

    const answered = await get(`/api/v1/receipts/${receiptNo}?check=${code}`);
    expect([answered.statusCode, answered.json()]).toEqual([200, { valid: true, receiptNo, applicationNo: ack.applicationNo, status: 'received', issuedAt: envelope.capturedAt, amount: 100, applicantInitials: 'सी. क्ष.' }]);
    // As a person may type it: lower case, no hyphen.
    expect((await get(`/api/v1/receipts/${receiptNo}?check=${code.replace('-', '').toLowerCase()}`)).statusCode).toBe(200);

    const unknown = shape(await get(`/api/v1/receipts/LKO1-D77-000001?check=${code}`));
    expect(unknown).toMatchObject({ status: 404, body: JSON.stringify({ error: 'not_found', message: 'Not found' }) });
    const wrong = `${code.slice(0, -1)}${code.endsWith('0') ? '1' : '0'}`;
    for (const url of [
      `/api/v1/receipts/${receiptNo}`,
      `/api/v1/receipts/${receiptNo}?check=`,
      `/api/v1/receipts/${receiptNo}?check=${wrong}`,
      `/api/v1/receipts/${receiptNo}?check=${receiptCheckCode(other.envelope.receipt.signature)}`,
      `/api/v1/receipts/${receiptNo}?check=${code}&check=${code}`,
      `/api/v1/receipts/${receiptNo}?check=${envelope.receipt.signature}`,
      `/api/v1/receipts/${receiptNo}?signature=${envelope.receipt.signature}`,
    ]) {
      expect([url, shape(await get(url))]).toEqual([url, unknown]);
    }
    // No HEAD twin to ask the same question outside the limit.
    expect((await fx.app.inject({ method: 'HEAD', url: `/api/v1/receipts/${receiptNo}?check=${code}` })).statusCode).toBe(404);
  });

  it('walking numbers finds nothing, and an address past 120 lookups a minute gets 429', async () => {
    const device = await enrollSignedDevice(fx.app, fx.test.database.db);
    const filed = [];
    for (let sequence = 1; sequence <= 5; sequence++) filed.push(await fileSigned(fx.app, device, {}, sequence));
    const statuses: number[] = [];
    const started = performance.now();
    for (let sequence = 1; sequence <= 120; sequence++) statuses.push((await get(`/api/v1/receipts/${device.deviceId}-${String(sequence).padStart(6, '0')}`)).statusCode);
    const ms = performance.now() - started;
    console.log(`receipt lookup [${dialect}]: 120 walked numbers in ${ms.toFixed(0)} ms, all ${[...new Set(statuses)].join('/')}`);
    expect(new Set(statuses)).toEqual(new Set([404]));
    const limited = await get(`/api/v1/receipts/${filed[0]!.envelope.receipt.receiptNo}?check=${receiptCheckCode(filed[0]!.envelope.receipt.signature)}`);
    expect([limited.statusCode, limited.json().error, Number(limited.headers['retry-after']) > 0]).toEqual([429, 'rate_limited', true]);
    // Another address (another office, another phone) is not held up.
    expect((await get(`/api/v1/receipts/${filed[0]!.envelope.receipt.receiptNo}?check=${receiptCheckCode(filed[0]!.envelope.receipt.signature)}`, '203.0.113.9')).statusCode).toBe(200);
  });

  it('restores from a receipt only for a device of the receipt’s own office (403 otherwise, nothing created)', async () => {
    const db = fx.test.database.db;
    const owner = await enrollSignedDevice(fx.app, db, 'RTA');
    const stranger = await enrollSignedDevice(fx.app, db, 'LKO1');
    const colleague = await enrollSignedDevice(fx.app, db, 'RTA');
    const { envelope } = await fileSigned(fx.app, owner);
    const qr = receiptLink('http://kiosk.local', await encodeReceiptProof({ envelope, certificate: owner.certificate } as unknown as ReceiptProof));
    await forgetApplications(db, [envelope.id]);
    const restore = (token: string) => fx.app.inject({ method: 'POST', url: '/api/v1/receipts/restore', headers: { authorization: `Bearer ${token}` }, payload: { qr } });

    const refused = await restore(stranger.token);
    expect([refused.statusCode, refused.json().error]).toEqual([403, 'forbidden']);
    expect(await db.selectFrom('applications').select('id').where('id', '=', envelope.id).executeTakeFirst()).toBeUndefined();
    const created = await restore(colleague.token);
    expect([created.statusCode, created.json().kind]).toEqual([201, 'created']);
  });
});
