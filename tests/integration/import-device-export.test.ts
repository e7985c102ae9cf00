import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { contentHash } from '../../src/domain/content-hash';
import { EXPORT_FORMAT, EXPORT_HEADER_ENTRY, EXPORT_TRAILER_ENTRY, EXPORT_VERSION, documentEntry, filingEntry } from '../../src/domain/export-format';
import { deviceStatement } from '../../src/domain/receipt/statements';
import { tarEnd, tarHeader, tarPadding } from '../../src/domain/tar';
import { importDeviceExport } from '../../server/maintenance/import-device-export';
import { ServerKeys } from '../../server/keys/server-keys';
import { ApplicationWriter } from '../../server/services/application-writer';
import { createApiFixture, type ApiFixture } from '../support/api-fixture';
import { deviceKey } from '../support/receipt-keys';
import { sampleEnvelope } from '../support/sample-envelope';
import { enrollSignedDevice, type SignedDevice } from '../support/signed-device';
import { tempDir } from '../support/temp-dirs';
import { describeEachDatabase } from '../support/test-database';
import { documentBytes, sha256Of } from '../support/tus-inject';

type Entry = [name: string, bytes: Uint8Array];

/** A device export written entry by entry as the app writes one (src/store/export.ts), with whatever entries a test needs. */
function exportFile(dir: string, entries: Entry[], filings: number): string {
  const all: Entry[] = [
    [EXPORT_HEADER_ENTRY, Buffer.from(JSON.stringify({ format: EXPORT_FORMAT, version: EXPORT_VERSION, deviceId: 'LKO1-D01', office: 'LKO1', exportedAt: new Date().toISOString() }))],
    ...entries,
    [EXPORT_TRAILER_ENTRY, Buffer.from(JSON.stringify({ filings, documents: entries.filter(([name]) => name.startsWith('documents/')).length }))],
  ];
  const parts = all.flatMap(([name, bytes]) => [tarHeader(name, bytes.length, 0), bytes, tarPadding(bytes.length)]);
  const file = path.join(dir, `export-${Math.random().toString(36).slice(2)}.tar`);
  fs.writeFileSync(file, Buffer.concat([...parts, tarEnd()]));
  return file;
}

/** A filing as a device exports it: signed by `device` (or unsigned), listing `photo` with the declared `mime`. */
async function exportedFiling(deviceId: string, photo: Buffer, options: { mime?: string; signer?: SignedDevice['key']; sequence?: number } = {}) {
  const envelope = sampleEnvelope({ deviceId });
  envelope.documents = [{ kind: 'photo', sha256: sha256Of(photo), mime: options.mime ?? 'image/jpeg', size: photo.length }, ...envelope.documents.filter((document) => document.kind !== 'photo')];
  const hash = await contentHash(envelope);
  const receiptNo = `${deviceId}-${String(options.sequence ?? 1).padStart(6, '0')}`;
  const receipt = { receiptNo, issuedAt: envelope.capturedAt, ...(options.signer ? { signature: await options.signer.sign(deviceStatement({ receiptNo, issuedAt: envelope.capturedAt, deviceId, hash })) } : {}) };
  const filing = { id: envelope.id, envelope: { ...envelope, receipt }, hash, receiptNo, state: 'queued' };
  return { filing, entry: [filingEntry(envelope.id), Buffer.from(JSON.stringify(filing))] as Entry };
}

describeEachDatabase('sahej import judges each entry on its own', (dialect) => {
  let fx: ApiFixture;
  let dir: string;
  let writer: ApplicationWriter;
  beforeEach(async () => {
    fx = await createApiFixture(dialect);
    dir = tempDir('sahej-import-test-');
    writer = new ApplicationWriter(fx.test.database.db, new ServerKeys(fx.test.database.db));
  });
  afterEach(async () => {
    await fx.close();
  });
  const run = (file: string) => importDeviceExport(fx.test.database.db, writer, fx.documents, file);
  const storedIds = async () => (await fx.test.database.db.selectFrom('applications').select('id').execute()).map((row) => row.id).sort();

  it('reports a malformed entry and skips it; every other entry goes in', async () => {
    const good = [await exportedFiling('KNP1-D07', documentBytes('jpeg', 'one')), await exportedFiling('KNP1-D07', documentBytes('jpeg', 'two'), { sequence: 2 })];
    const file = exportFile(
      dir,
      [
        good[0]!.entry,
        [documentEntry(good[0]!.filing.envelope.documents[0]!.sha256), documentBytes('jpeg', 'one')],
        ['filings/broken.json', Buffer.from('{"id": "01HX", "envelope": {')],
        ['filings/not-a-filing.json', Buffer.from('[1, 2, 3]')],
        good[1]!.entry,
        [documentEntry(good[1]!.filing.envelope.documents[0]!.sha256), documentBytes('jpeg', 'two')],
      ],
      4,
    );
    const report = await run(file);
    expect(report).toMatchObject({ filings: 4, created: 2, refused: ['filings/broken.json', 'filings/not-a-filing.json'], documents: 2, documentsRefused: [], complete: true });
    expect(report.problems).toEqual([
      { entry: 'filings/broken.json', reason: 'not JSON' },
      { entry: 'filings/not-a-filing.json', reason: expect.stringMatching(/^not a filing/) },
    ]);
    expect(await storedIds()).toEqual(good.map((one) => one.filing.id).sort());
  });

  it('refuses a filing of a device enrolled here whose signature that device did not make; a good signature goes in', async () => {
    const device = await enrollSignedDevice(fx.app, fx.test.database.db, 'LKO1');
    const impostor = await deviceKey();
    const forged = await exportedFiling(device.deviceId, documentBytes('jpeg', 'forged'), { signer: impostor });
    const unsigned = await exportedFiling(device.deviceId, documentBytes('jpeg', 'unsigned'), { sequence: 2 });
    const genuine = await exportedFiling(device.deviceId, documentBytes('jpeg', 'genuine'), { signer: device.key, sequence: 3 });
    const report = await run(exportFile(dir, [forged.entry, unsigned.entry, genuine.entry], 3));
    expect(report).toMatchObject({ filings: 3, created: 1, refused: [forged.filing.id, unsigned.filing.id] });
    expect(report.problems.map((problem) => [problem.id, problem.reason])).toEqual([
      [forged.filing.id, 'the signature does not verify against the enrolled device’s key'],
      [unsigned.filing.id, 'the filing carries no signature of its enrolled device'],
    ]);
    expect(await storedIds()).toEqual([genuine.filing.id]);
  });

  it('takes a document’s type from its bytes, never from an entry (least of all a refused one), and refuses bytes of no document type', async () => {
    const photo = documentBytes('png', 'a PNG photo');
    // The first filing to list the photo declares it text/html and is refused (its content was altered after hashing).
    const refused = await exportedFiling('KNP1-D07', photo, { mime: 'text/html' });
    (refused.filing.envelope.data as { fee?: { amount: number } }).fee!.amount = 1;
    const accepted = await exportedFiling('KNP1-D07', photo, { mime: 'image/jpeg', sequence: 2 });
    const script = Buffer.from('<script>alert(document.cookie)</script>');
    const carrier = await exportedFiling('KNP1-D07', script, { mime: 'image/jpeg', sequence: 3 });
    const file = exportFile(
      dir,
      [
        [refused.entry[0], Buffer.from(JSON.stringify(refused.filing))],
        [documentEntry(sha256Of(photo)), photo],
        accepted.entry,
        carrier.entry,
        [documentEntry(sha256Of(script)), script],
      ],
      3,
    );
    const report = await run(file);
    expect(report).toMatchObject({ created: 2, refused: [refused.filing.id], documents: 1, documentsRefused: [sha256Of(script)] });
    expect(report.problems).toContainEqual({ entry: documentEntry(sha256Of(script)), id: sha256Of(script), reason: 'not a JPEG, PNG, WebP or PDF' });
    const documents = await fx.test.database.db.selectFrom('documents').select(['sha256', 'mime']).execute();
    expect(documents).toEqual([{ sha256: sha256Of(photo), mime: 'image/png' }]);
    expect(fs.existsSync(fx.documents.pathOf(sha256Of(script)))).toBe(false);
    // The accepted filing's device is its uploader: its office reads the photo.
    expect(await fx.test.database.db.selectFrom('document_uploads').select(['sha256', 'device_id']).execute()).toEqual([{ sha256: sha256Of(photo), device_id: 'KNP1-D07' }]);
  });

  it('keeps no bytes that only a refused filing lists', async () => {
    const photo = documentBytes('jpeg', 'only the refused one lists me');
    const refused = await exportedFiling('KNP1-D07', photo);
    refused.filing.hash = '0'.repeat(64);
    const report = await run(exportFile(dir, [[refused.entry[0], Buffer.from(JSON.stringify(refused.filing))], [documentEntry(sha256Of(photo)), photo]], 1));
    expect(report).toMatchObject({ created: 0, refused: [refused.filing.id], documents: 0, documentsRefused: [sha256Of(photo)] });
    expect(await fx.test.database.db.selectFrom('documents').selectAll().execute()).toEqual([]);
    expect(fs.existsSync(fx.documents.pathOf(sha256Of(photo)))).toBe(false);
  });
});
