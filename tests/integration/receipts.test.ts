import { forgetApplications } from '../support/forget-applications';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { checkReceiptProof } from '../../src/domain/receipt/check';
import { receiptCheckCode } from '../../src/domain/receipt/check-code';
import { verifySignature } from '../../src/domain/receipt/ecdsa';
import { encodeReceiptProof, receiptLink, type ReceiptProof } from '../../src/domain/receipt/proof';
import { certificateStatement, serverStatement } from '../../src/domain/receipt/statements';
import { ServerKeys } from '../../server/keys/server-keys';
import { ApplicationWriter } from '../../server/services/application-writer';
import { restoreFromReceipt } from '../../server/services/restore-from-receipt';
import { revokeDevice } from '../../server/services/devices';
import { enrollSignedDevice, fileSigned as signedFiling, type SignedDevice } from '../support/signed-device';
import { createApiFixture, type ApiFixture } from '../support/api-fixture';
import { sampleEnvelope } from '../support/sample-envelope';
import { describeEachDatabase } from '../support/test-database';

describeEachDatabase('receipts on the server', (dialect) => {
  let fx: ApiFixture;
  beforeEach(async () => {
    fx = await createApiFixture(dialect);
  });
  afterEach(async () => {
    await fx.close();
  });

  const enrolledDevice = () => enrollSignedDevice(fx.app, fx.test.database.db);

  async function keys() {
    const response = (await fx.app.inject({ method: 'GET', url: '/api/v1/keys' })).json();
    return { serverKeys: response.keys as { keyId: string; publicKey: string }[], revokedDevices: response.revokedDevices };
  }

  const fileSigned = (device: SignedDevice, name = 'सीता देवी') => signedFiling(fx.app, device, { name });

  it('certifies a device at enrollment, confirms each filing with a signature, and publishes its keys', async () => {
    const device = await enrolledDevice();
    const trusted = await keys();
    const serverKey = trusted.serverKeys.find((key) => key.keyId === device.certificate.keyId)!;
    expect(await verifySignature(serverKey.publicKey, device.certificate.signature, certificateStatement({ deviceId: device.deviceId, office: 'LKO1', publicKey: device.key.publicKey, issuedAt: device.certificate.issuedAt }))).toBe(true);
    const { hash, ack } = await fileSigned(device);
    expect(await verifySignature(serverKey.publicKey, ack.receipt.signature, serverStatement({ receiptNo: ack.receipt.receiptNo, applicationNo: ack.applicationNo, hash, receivedAt: ack.receivedAt }))).toBe(true);
    // A device enrolled earlier asks for its certificate.
    const again = await fx.app.inject({ method: 'POST', url: '/api/v1/devices/certificate', headers: { authorization: `Bearer ${device.token}` } });
    expect(again.json()).toMatchObject({ keyId: device.certificate.keyId, publicKey: device.key.publicKey });
  });

  it('answers whoever holds a receipt (its number and check code): status and initials, nothing more', async () => {
    const device = await enrolledDevice();
    const { envelope, ack } = await fileSigned(device, 'सीता क्षत्रिय');
    const url = `/api/v1/receipts/${envelope.receipt.receiptNo}?check=${receiptCheckCode(envelope.receipt.signature)}`;
    const response = await fx.app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(200);
    // The stage's time and the service clock too (receipt-lookup.test.ts holds what each says); nothing else.
    expect(response.json()).toEqual({ valid: true, receiptNo: envelope.receipt.receiptNo, applicationNo: ack.applicationNo, status: 'received', statusAt: ack.receivedAt, issuedAt: envelope.capturedAt, amount: 100, applicantInitials: 'सी. क्ष.', dueAt: expect.any(String), deadlineMissed: false });
    expect(response.body).not.toContain('9876543210');
    expect(response.body).not.toContain('सीता');
    expect((await fx.app.inject({ method: 'GET', url: `/api/v1/receipts/LKO1-D09-000001?check=${receiptCheckCode(envelope.receipt.signature)}` })).statusCode).toBe(404);
    await revokeDevice(fx.test.database.db, device.deviceId);
    expect((await fx.app.inject({ method: 'GET', url })).json()).toMatchObject({ valid: true, deviceRevokedAt: expect.any(String) });
    expect((await keys()).revokedDevices).toEqual([{ deviceId: device.deviceId, revokedAt: expect.any(String) }]);
  });

  it('re-creates a filing the server lost from its receipt QR, with the same content hash, once', async () => {
    const device = await enrolledDevice();
    const { envelope, hash, ack } = await fileSigned(device);
    const proof = { envelope, certificate: device.certificate, confirmation: { applicationNo: ack.applicationNo, receivedAt: ack.receivedAt, keyId: ack.receipt.keyId, signature: ack.receipt.signature } } as unknown as ReceiptProof;
    const qr = receiptLink('http://kiosk.local', await encodeReceiptProof(proof));
    expect(await checkReceiptProof(proof, await keys())).toMatchObject({ status: 'verified', confirmed: true });

    const db = fx.test.database.db;
    await forgetApplications(db, [envelope.id]);

    const keysService = new ServerKeys(db);
    const writer = new ApplicationWriter(db, keysService);
    expect(await restoreFromReceipt(db, writer, keysService, qr)).toMatchObject({ kind: 'created', id: envelope.id });
    const row = await db.selectFrom('applications').select(['content_hash', 'receipt_no']).where('id', '=', envelope.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ content_hash: hash, receipt_no: envelope.receipt.receiptNo });
    const event = await db.selectFrom('application_events').select(['kind', 'actor', 'note', 'note_code', 'note_params']).where('application_id', '=', envelope.id).executeTakeFirstOrThrow();
    // The history says where the filing came from as a code, rendered in each reader's language.
    expect(event).toEqual({ kind: 'received', actor: 'restored-from-receipt', note: null, note_code: 'restored_from_receipt', note_params: null });
    expect(await restoreFromReceipt(db, writer, keysService, qr)).toMatchObject({ kind: 'already_here', id: envelope.id });
    // A receipt changed by hand is refused.
    const forged = structuredClone(proof);
    (forged.envelope.data as unknown as { fee: { amount: number } }).fee.amount = 1;
    expect(await restoreFromReceipt(db, writer, keysService, await encodeReceiptProof(forged))).toEqual({ kind: 'refused', reason: 'bad_signature' });
    expect(await restoreFromReceipt(db, writer, keysService, 'not a receipt')).toEqual({ kind: 'refused', reason: 'unreadable' });
  });

  it('restores from a receipt through the office route, for an enrolled device only, with coded refusals', async () => {
    const device = await enrolledDevice();
    const { envelope, hash } = await fileSigned(device);
    const proof = { envelope, certificate: device.certificate } as unknown as ReceiptProof;
    const qr = receiptLink('http://kiosk.local', await encodeReceiptProof(proof));
    const db = fx.test.database.db;
    await forgetApplications(db, [envelope.id]);

    const restore = (body: unknown, token: string | null = device.token) =>
      fx.app.inject({ method: 'POST', url: '/api/v1/receipts/restore', payload: body as object, headers: token ? { authorization: `Bearer ${token}` } : {} });
    expect((await restore({ qr }, null)).statusCode).toBe(401);
    expect((await restore({ qr: 42 })).json()).toMatchObject({ error: 'bad_request' });
    const refused = await restore({ qr: qr.slice(0, -3) + (qr.endsWith('AAA') ? 'BBB' : 'AAA') });
    expect([refused.statusCode, refused.json().error]).toEqual([422, 'receipt_refused']);
    expect(await db.selectFrom('applications').select('id').where('id', '=', envelope.id).executeTakeFirst()).toBeUndefined();

    const created = await restore({ qr });
    expect([created.statusCode, created.json()]).toEqual([201, { kind: 'created', id: envelope.id, applicationNo: expect.any(String) }]);
    expect((await db.selectFrom('applications').select('content_hash').where('id', '=', envelope.id).executeTakeFirstOrThrow()).content_hash).toBe(hash);
    expect((await restore({ qr })).json()).toMatchObject({ kind: 'already_here', id: envelope.id });
  });

  it('keeps verifying what an old key signed after the key is rotated', async () => {
    const device = await enrolledDevice();
    const { envelope } = await fileSigned(device);
    const keysService = new ServerKeys(fx.test.database.db);
    const newKey = await keysService.rotate();
    const trusted = await keys();
    expect(trusted.serverKeys.map((key) => key.keyId)).toContain(newKey);
    expect(await checkReceiptProof({ envelope, certificate: device.certificate } as unknown as ReceiptProof, trusted)).toMatchObject({ status: 'verified' });
  });

  it('keeps the office’s copy of the fee ledger from the synced filings', async () => {
    const device = await enrolledDevice();
    for (const [mode, amount] of [['cash', 100], ['upi', 100], ['cash', 100]] as const) {
      const envelope = sampleEnvelope({ deviceId: device.deviceId });
      envelope.data.fee = mode === 'upi' ? { amount, mode, upiRef: '412345678901' } : { amount, mode };
      await fx.app.inject({ method: 'PUT', url: `/api/v1/applications/${envelope.id}`, headers: { authorization: `Bearer ${device.token}` }, payload: envelope });
    }
    const day = new Date(Date.now() + 5.5 * 3600_000).toISOString().slice(0, 10);
    const report = (await fx.app.inject({ method: 'GET', url: `/api/v1/ledger?day=${day}`, headers: { authorization: `Bearer ${device.token}` } })).json();
    expect(report.total).toEqual({ count: 3, cash: 200, upi: 100 });
    expect(report.operators).toEqual([{ operatorId: 'op-17', deviceId: device.deviceId, count: 3, cash: 200, upi: 100 }]);
  });
});
