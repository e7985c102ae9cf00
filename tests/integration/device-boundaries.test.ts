import { afterEach, beforeEach, expect, it } from 'vitest';
import { newId } from '../../src/domain/ids';
import { receiptCheckCode } from '../../src/domain/receipt/check-code';
import { encodeReceiptProof, receiptLink, type ReceiptProof } from '../../src/domain/receipt/proof';
import { createApiFixture, type ApiFixture } from '../support/api-fixture';
import { forgetApplications } from '../support/forget-applications';
import { enrollSignedDevice, fileSigned } from '../support/signed-device';
import { describeEachDatabase } from '../support/test-database';
import { documentBytes, sha256Of, tusClient } from '../support/tus-inject';

/**
 * The device side of the authorization matrix (the office side is in office-auth.test.ts):
 * every device route that names something — a filing, a document, an upload, a receipt —
 * answered for a device of the office that owns it, and refused, or answered as if the
 * thing did not exist, for a device of another office. Nothing is changed by a refusal.
 */
describeEachDatabase('device routes keep office boundaries', (dialect) => {
  let fx: ApiFixture;
  beforeEach(async () => {
    fx = await createApiFixture(dialect);
  });
  afterEach(async () => {
    await fx.close();
  });

  it('answers each route for its own office and refuses or knows nothing for another', async () => {
    const db = fx.test.database.db;
    const own = await enrollSignedDevice(fx.app, db, 'LKO1');
    const stranger = await enrollSignedDevice(fx.app, db, 'KNP1');
    const filed = await fileSigned(fx.app, own, { name: 'गीता' });
    const id = filed.envelope.id;
    const photo = documentBytes('jpeg', 'LKO1 photo');
    expect((await tusClient(fx.app, own.token).create(photo)).statusCode).toBe(201);
    const half = documentBytes('jpeg', 'LKO1 half upload', 64 * 1024);
    expect((await tusClient(fx.app, own.token).create(half, { sent: 1000 })).statusCode).toBe(201);
    const qr = receiptLink('http://kiosk.local', await encodeReceiptProof({ envelope: filed.envelope, certificate: own.certificate } as unknown as ReceiptProof));
    const check = receiptCheckCode(filed.envelope.receipt.signature);
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    const tus = (token: string) => ({ ...bearer(token), 'tus-resumable': '1.0.0' });
    const addition = (deviceId: string) => ({ id: newId(), applicationId: id, kind: 'objection_answer', text: 'कागज़ दिए', documents: [], capturedAt: new Date().toISOString(), deviceId, operatorId: 'op-1' });
    // The receipt of LKO1's filing on a second filing: the owner may not reuse it, another office's device may not take it.
    const underTheReceipt = (deviceId: string) => ({ ...filed.envelope, id: newId(), deviceId });
    const errorIs = (code: string) => (answer: { statusCode: number; json(): unknown }) => expect([answer.statusCode, (answer.json() as { error: string }).error]).toEqual([422, code]);

    type Route = { label: string; method: 'GET' | 'POST' | 'PUT' | 'HEAD' | 'PATCH' | 'DELETE'; url: string; headers: (token: string, deviceId: string) => Record<string, string>; payload?: (deviceId: string) => unknown; own: number; other: number | ((answer: { statusCode: number; json(): unknown }) => void) };
    const routes: Route[] = [
      { label: 'plain HEAD of a document', method: 'HEAD', url: `/api/v1/documents/${sha256Of(photo)}`, headers: bearer, own: 200, other: 404 },
      { label: 'tus HEAD of an upload', method: 'HEAD', url: `/api/v1/documents/${sha256Of(half)}`, headers: tus, own: 200, other: 404 },
      { label: 'tus PATCH of an upload', method: 'PATCH', url: `/api/v1/documents/${sha256Of(half)}`, headers: (t) => ({ ...tus(t), 'upload-offset': '1000', 'content-type': 'application/offset+octet-stream' }), payload: () => half.subarray(1000, 2000), own: 204, other: 404 },
      { label: 'reconcile', method: 'POST', url: '/api/v1/reconcile', headers: bearer, payload: () => ({ items: [{ id, hash: filed.hash }] }), own: 200, other: (answer) => expect(answer.json()).toEqual({ missing: [id], differs: [], incomplete: [] }) },
      { label: 'otp for an application', method: 'POST', url: `/api/v1/applications/${id}/otp`, headers: bearer, own: 202, other: 403 },
      { label: 'verify the mobile', method: 'POST', url: `/api/v1/applications/${id}/verify-mobile`, headers: bearer, payload: () => ({ code: '000000' }), own: 409, other: 403 }, // own: the code is queued, not sent yet
      { label: 'an addition to an application', method: 'PUT', url: `/api/v1/applications/${id}/additions/`, headers: bearer, payload: addition, own: 201, other: 403 },
      { label: 'a second filing under a receipt number', method: 'PUT', url: '/api/v1/applications/', headers: bearer, payload: underTheReceipt, own: 422, other: errorIs('receipt_not_yours') },
      { label: 'restore from a receipt', method: 'POST', url: '/api/v1/receipts/restore', headers: bearer, payload: () => ({ qr }), own: 201, other: 403 },
      // Public, not a device's: the receipt's own check code is the proof, whoever holds it.
      { label: 'the public lookup with the check code', method: 'GET', url: `/api/v1/receipts/${filed.envelope.receipt.receiptNo}?check=${check}`, headers: () => ({}), own: 200, other: 200 },
      { label: 'tus DELETE of an upload', method: 'DELETE', url: `/api/v1/documents/${sha256Of(half)}`, headers: tus, own: 204, other: 404 },
    ];
    for (const route of routes) {
      const call = (device: { token: string; deviceId: string }) => {
        const payload = route.payload?.(device.deviceId);
        // Routes ending in `/` take the id of the body made for this device.
        const url = route.url.endsWith('/') ? `${route.url}${(payload as { id: string }).id}` : route.url;
        return fx.app.inject({ method: route.method, url, headers: route.headers(device.token, device.deviceId), ...(payload === undefined ? {} : { payload: payload as string }) });
      };
      // Another office first: its refusal must leave the owner's next call answering as before.
      const refused = await call(stranger);
      if (typeof route.other === 'number') expect([route.label, refused.statusCode]).toEqual([route.label, route.other]);
      else route.other(refused);
      if (route.label === 'restore from a receipt') await forgetApplications(db, [id]);
      expect([route.label, (await call(own)).statusCode]).toEqual([route.label, route.own]);
    }
    // Neither second filing under the receipt was stored.
    expect((await db.selectFrom('applications').select('id').execute()).map((row) => row.id)).toEqual([id]);
  });
});
