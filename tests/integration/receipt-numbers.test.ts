import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { contentHash } from '../../src/domain/content-hash';
import { EXPORT_FORMAT, EXPORT_HEADER_ENTRY, EXPORT_TRAILER_ENTRY, EXPORT_VERSION, filingEntry } from '../../src/domain/export-format';
import { receiptCheckCode } from '../../src/domain/receipt/check-code';
import { encodeReceiptProof, receiptLink, type ReceiptProof } from '../../src/domain/receipt/proof';
import { deviceStatement } from '../../src/domain/receipt/statements';
import { tarEnd, tarHeader, tarPadding } from '../../src/domain/tar';
import { importDeviceExport } from '../../server/maintenance/import-device-export';
import { ServerKeys } from '../../server/keys/server-keys';
import { ApplicationWriter } from '../../server/services/application-writer';
import { prepareEnvelope, storeEnvelopes, type PreparedEnvelope } from '../../server/services/applications';
import { createApiFixture, type ApiFixture } from '../support/api-fixture';
import { forgetApplications } from '../support/forget-applications';
import { enrollSignedDevice, type SignedDevice } from '../support/signed-device';
import { sampleEnvelope } from '../support/sample-envelope';
import { tempDir } from '../support/temp-dirs';
import { describeEachDatabase } from '../support/test-database';

/** Issue 12 point 3: a receipt number is accepted only from the device it names, and only once. */
describeEachDatabase('receipt numbers belong to their device', (dialect) => {
  let fx: ApiFixture;
  let a: SignedDevice;
  let b: SignedDevice;
  beforeEach(async () => {
    fx = await createApiFixture(dialect);
    a = await enrollSignedDevice(fx.app, fx.test.database.db, 'LKO1');
    b = await enrollSignedDevice(fx.app, fx.test.database.db, 'LKO1');
  });
  afterEach(async () => {
    await fx.close();
  });

  const receiptOf = (device: SignedDevice, sequence: number) => `${device.deviceId}-${String(sequence).padStart(6, '0')}`;

  /** A filing from `device` under any receipt number, signed with the device's own key as the app would. */
  async function signedEnvelope(device: SignedDevice, receiptNo: string, name = 'सीता देवी') {
    const envelope = sampleEnvelope({ name, deviceId: device.deviceId });
    const hash = await contentHash(envelope);
    const signature = await device.key.sign(deviceStatement({ receiptNo, issuedAt: envelope.capturedAt, deviceId: device.deviceId, hash }));
    return { ...envelope, receipt: { receiptNo, issuedAt: envelope.capturedAt, signature } };
  }
  const put = (device: SignedDevice, envelope: { id: string }) =>
    fx.app.inject({ method: 'PUT', url: `/api/v1/applications/${envelope.id}`, headers: { authorization: `Bearer ${device.token}` }, payload: envelope });
  const lookup = (receiptNo: string, signature: string) => fx.app.inject({ method: 'GET', url: `/api/v1/receipts/${receiptNo}?check=${receiptCheckCode(signature)}` });
  const count = async (table: 'applications' | 'fee_entries' | 'application_events') =>
    Number((await fx.test.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const stored = async () => ({ applications: await count('applications'), fees: await count('fee_entries'), events: await count('application_events') });

  it('refuses a filing under another device’s receipt number (422 receipt_not_yours), stores nothing, and the lookup shows only the owner’s', async () => {
    const before = await stored();
    const forged = await signedEnvelope(a, receiptOf(b, 1));
    const refused = await put(a, forged);
    expect([refused.statusCode, refused.json().error]).toEqual([422, 'receipt_not_yours']);
    // Another office's prefix, and a device code that does not exist, are refused the same way.
    for (const receiptNo of ['RTB-D01-000001', 'LKO1-D99-000001']) {
      const other = await put(a, await signedEnvelope(a, receiptNo));
      expect([receiptNo, other.statusCode, other.json().error]).toEqual([receiptNo, 422, 'receipt_not_yours']);
    }
    expect(await stored()).toEqual(before);
    expect((await lookup(receiptOf(b, 1), forged.receipt.signature)).statusCode).toBe(404);

    // The real owner files under its number afterwards, and only its filing answers.
    const own = await signedEnvelope(b, receiptOf(b, 1), 'राम');
    expect((await put(b, own)).statusCode).toBe(201);
    const shown = await lookup(receiptOf(b, 1), own.receipt.signature);
    expect([shown.statusCode, shown.json().applicantInitials, shown.json().valid]).toEqual([200, 'रा.', true]);
    expect((await lookup(receiptOf(b, 1), forged.receipt.signature)).statusCode).toBe(404);
  });

  it('refuses a second filing under a number the device already used (422 receipt_number_used); the first keeps it and still replays', async () => {
    const first = await signedEnvelope(a, receiptOf(a, 7), 'सीता');
    expect((await put(a, first)).statusCode).toBe(201);
    const before = await stored();
    const second = await signedEnvelope(a, receiptOf(a, 7), 'गीता');
    const refused = await put(a, second);
    expect([refused.statusCode, refused.json()]).toEqual([422, { error: 'receipt_number_used', message: expect.any(String), id: second.id }]);
    expect(await stored()).toEqual(before);
    expect(await fx.test.database.db.selectFrom('applications').select('id').where('id', '=', second.id).executeTakeFirst()).toBeUndefined();
    // The same filing sent again is still a replay, not a reuse.
    expect((await put(a, first)).statusCode).toBe(200);
    expect((await lookup(receiptOf(a, 7), first.receipt.signature)).json()).toMatchObject({ applicantInitials: 'सी.' });
    expect((await lookup(receiptOf(a, 7), second.receipt.signature)).statusCode).toBe(404);
    // No application number was spent on the refusal.
    const third = await signedEnvelope(a, receiptOf(a, 8));
    expect((await put(a, third)).json().applicationNo).toBe('LKO1-000002');
  });

  it('stores exactly one of several different filings sent at once under one number', async () => {
    const envelopes = await Promise.all(Array.from({ length: 8 }, (_, index) => signedEnvelope(a, receiptOf(a, 3), `आवेदक ${index}`)));
    const answers = await Promise.all(envelopes.map((envelope) => put(a, envelope)));
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, ...Array<number>(7).fill(422)]);
    expect(answers.filter((answer) => answer.statusCode === 422).every((answer) => answer.json().error === 'receipt_number_used')).toBe(true);
    expect(await stored()).toMatchObject({ applications: 1, fees: 1, events: 1 });
  });

  if (dialect === 'postgres') {
    // Two server processes: the second's check runs before the first commits, so only the unique index can stop it.
    it('lets only one of two server processes store a number both were sent at once', async () => {
      const db = fx.test.database.db;
      const other = fx.test.openAnother().db;
      const sign = await new ServerKeys(db).signer();
      const prepare = async (envelope: unknown) => {
        const prepared = await prepareEnvelope(envelope, { deviceId: a.deviceId, officeCode: 'LKO1', actor: a.deviceId });
        if (prepared.kind !== 'ready') throw new Error(prepared.kind);
        return prepared.prepared;
      };
      const [one, two] = await Promise.all([prepare(await signedEnvelope(a, receiptOf(a, 5), 'एक')), prepare(await signedEnvelope(a, receiptOf(a, 5), 'दो'))]);
      let release!: () => void;
      let firstIn!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const inserted = new Promise<void>((resolve) => (firstIn = resolve));
      const first = db.transaction().execute(async (trx) => {
        const outcome = await storeEnvelopes(trx, [one], new Date(), sign);
        firstIn();
        await held;
        return outcome;
      });
      await inserted;
      const second = other.transaction().execute((trx) => storeEnvelopes(trx, [two as PreparedEnvelope], new Date(), sign));
      // Let the second reach its insert and wait there on the first's uncommitted row.
      await new Promise((resolve) => setTimeout(resolve, 300));
      release();
      expect((await first).map((outcome) => outcome.kind)).toEqual(['created']);
      expect(await second).toEqual([{ kind: 'receipt_number_used', id: two.envelope.id }]);
      expect(await stored()).toMatchObject({ applications: 1, fees: 1, events: 1 });
      // Two writers (as two processes) on separate connections, many times: still one row a number.
      const writers = [new ApplicationWriter(db, new ServerKeys(db)), new ApplicationWriter(other, new ServerKeys(other))];
      for (let sequence = 10; sequence < 20; sequence++) {
        const pair = await Promise.all([prepare(await signedEnvelope(a, receiptOf(a, sequence))), prepare(await signedEnvelope(a, receiptOf(a, sequence)))]);
        const outcomes = await Promise.all(pair.map((item, index) => writers[index]!.store([item])));
        expect(outcomes.flat().map((outcome) => outcome.kind).sort()).toEqual(['created', 'receipt_number_used']);
      }
      expect(await count('applications')).toBe(11);
    });
  }

  it('refuses in a batch only the items whose number is not theirs to take', async () => {
    const used = await signedEnvelope(a, receiptOf(a, 1));
    expect((await put(a, used)).statusCode).toBe(201);
    const items = [
      await signedEnvelope(a, receiptOf(a, 2)),
      await signedEnvelope(a, receiptOf(a, 2)),
      await signedEnvelope(a, receiptOf(a, 1)),
      await signedEnvelope(a, receiptOf(b, 3)),
      await signedEnvelope(a, receiptOf(a, 3)),
      used,
    ];
    const response = await fx.app.inject({ method: 'POST', url: '/api/v1/applications/batch', headers: { authorization: `Bearer ${a.token}` }, payload: { items } });
    const results = response.json().results as { id: string; status: number; body: { error?: string } }[];
    expect(results.map((result) => [result.status, result.body.error])).toEqual([
      [201, undefined],
      [422, 'receipt_number_used'],
      [422, 'receipt_number_used'],
      [422, 'receipt_not_yours'],
      [201, undefined],
      [200, undefined],
    ]);
    const ids = (await fx.test.database.db.selectFrom('applications').select('id').execute()).map((row) => row.id).sort();
    expect(ids).toEqual([used.id, items[0]!.id, items[4]!.id].sort());
  });

  it('refuses a restore from a receipt whose number another filing now holds (422 receipt_number_used), creating nothing', async () => {
    const lost = await signedEnvelope(a, receiptOf(a, 4), 'सीता');
    expect((await put(a, lost)).statusCode).toBe(201);
    const qr = receiptLink('http://kiosk.local', await encodeReceiptProof({ envelope: lost, certificate: a.certificate } as unknown as ReceiptProof));
    await forgetApplications(fx.test.database.db, [lost.id]);
    const holder = await signedEnvelope(a, receiptOf(a, 4), 'गीता');
    expect((await put(a, holder)).statusCode).toBe(201);
    const before = await stored();
    const refused = await fx.app.inject({ method: 'POST', url: '/api/v1/receipts/restore', headers: { authorization: `Bearer ${b.token}` }, payload: { qr } });
    expect([refused.statusCode, refused.json().error]).toEqual([422, 'receipt_number_used']);
    expect(await stored()).toEqual(before);
  });

  it('makes `sahej import` refuse a filing under a foreign or already used number and take the rest', async () => {
    const used = await signedEnvelope(a, receiptOf(a, 1));
    expect((await put(a, used)).statusCode).toBe(201);
    const foreign = await signedEnvelope(a, receiptOf(b, 9));
    const reused = await signedEnvelope(a, receiptOf(a, 1), 'गीता');
    const good = await signedEnvelope(a, receiptOf(a, 2));
    const file = path.join(tempDir('sahej-import-'), 'device.tar');
    fs.writeFileSync(file, await exportOf(a.deviceId, [foreign, reused, good]));
    const report = await importDeviceExport(fx.test.database.db, new ApplicationWriter(fx.test.database.db, new ServerKeys(fx.test.database.db)), fx.documents, file);
    expect(report).toMatchObject({ filings: 3, created: 1, alreadyHere: 0, conflicts: [], complete: true });
    expect(report.refused.sort()).toEqual([foreign.id, reused.id].sort());
    const ids = (await fx.test.database.db.selectFrom('applications').select('id').execute()).map((row) => row.id).sort();
    expect(ids).toEqual([used.id, good.id].sort());
  });
});

/** A device export (docs/export-format.md) of these filings, without documents. */
async function exportOf(deviceId: string, envelopes: { id: string; receipt: { receiptNo: string } }[]): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const entry = (name: string, value: unknown) => {
    const bytes = new TextEncoder().encode(JSON.stringify(value));
    parts.push(tarHeader(name, bytes.length, 0), bytes, tarPadding(bytes.length));
  };
  entry(EXPORT_HEADER_ENTRY, { format: EXPORT_FORMAT, version: EXPORT_VERSION, deviceId, office: deviceId.split('-')[0], exportedAt: new Date().toISOString() });
  for (const envelope of envelopes) {
    entry(filingEntry(envelope.id), { id: envelope.id, envelope, hash: await contentHash(envelope), receiptNo: envelope.receipt.receiptNo, state: 'pending' });
  }
  entry(EXPORT_TRAILER_ENTRY, { filings: envelopes.length, documents: 0 });
  parts.push(tarEnd());
  return Buffer.concat(parts);
}
