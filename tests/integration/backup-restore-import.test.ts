import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { REQUEST_TYPES } from '../../src/domain/requests';
import { exportBlob } from '../../src/store/export';
import { backup } from '../../server/maintenance/backup';
import { restore } from '../../server/maintenance/restore';
import { dataEpoch } from '../../server/services/changes';
import { importDeviceExport } from '../../server/maintenance/import-device-export';
import { ApplicationWriter } from '../../server/services/application-writer';
import { ServerKeys } from '../../server/keys/server-keys';
import { createApiFixture, type ApiFixture } from '../support/api-fixture';
import { createClientFixture } from '../support/client-fixture';
import { sampleEnvelope } from '../support/sample-envelope';
import { describeEachDatabase } from '../support/test-database';

describeEachDatabase('backup, restore and import', (dialect) => {
  let fx: ApiFixture;
  let dir: string;
  beforeEach(async () => {
    fx = await createApiFixture(dialect);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sahej-backup-test-'));
  });
  afterEach(async () => {
    await fx.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const put = (envelope: { id: string }) =>
    fx.app.inject({ method: 'PUT', url: `/api/v1/applications/${envelope.id}`, headers: { authorization: `Bearer ${fx.device.token}` }, payload: envelope });
  const ids = async () => (await fx.test.database.db.selectFrom('applications').select('id').orderBy('id').execute()).map((row) => row.id);

  it('restores the database and documents exactly as backed up; later filings are gone', async () => {
    const before = [sampleEnvelope({ deviceId: fx.device.deviceId }), sampleEnvelope({ deviceId: fx.device.deviceId })];
    for (const envelope of before) await put(envelope);
    const bytes = new TextEncoder().encode('%PDF-1.4 a scanned ownership proof');
    const sha256 = Buffer.from(await crypto.subtle.digest('SHA-256', bytes)).toString('hex');
    await fx.documents.writeVerified(sha256, bytes, 'application/pdf');
    await fx.test.database.db.insertInto('documents').values({ sha256, size: bytes.length, mime: 'application/pdf', stored_at: new Date().toISOString() }).execute();
    const snapshot = await fx.test.database.db.selectFrom('applications').selectAll().orderBy('id').execute();
    const file = path.join(dir, 'backup.tar');
    expect(await backup(fx.test.database, fx.documents, file)).toMatchObject({ documents: 1 });

    const after = sampleEnvelope({ deviceId: fx.device.deviceId });
    expect((await put(after)).statusCode).toBe(201);
    fs.rmSync(fx.documents.pathOf(sha256));

    const epochBefore = await dataEpoch(fx.test.database.db);
    expect(await restore(fx.test.database, fx.documents, file)).toMatchObject({ documents: 1 });
    // The restored data is a new epoch: devices learn to reconcile from it.
    expect(await dataEpoch(fx.test.database.db)).not.toBe(epochBefore);
    expect(await fx.test.database.db.selectFrom('applications').selectAll().orderBy('id').execute()).toEqual(snapshot);
    expect(await ids()).not.toContain(after.id);
    expect(fs.readFileSync(fx.documents.pathOf(sha256)).toString()).toBe('%PDF-1.4 a scanned ownership proof');
    // The restored server carries on: the lost filing comes back when its device sends it again.
    expect((await put(after)).statusCode).toBe(201);
    expect((await put(before[0]!)).statusCode).toBe(200);
    const numbers = (await fx.test.database.db.selectFrom('applications').select('application_no').execute()).map((row) => row.application_no);
    expect(new Set(numbers).size).toBe(3);
  });

  it('imports a device export into an empty server exactly once', async () => {
    const device = await createClientFixture();
    try {
      for (let i = 0; i < 12; i++) await device.submit(`आवेदक ${i}`, REQUEST_TYPES[i % 4]!);
      const file = path.join(dir, 'device.tar');
      fs.writeFileSync(file, new Uint8Array(await (await exportBlob(device.db)).arrayBuffer()));
      const local = await device.db.filings.toArray();
      const documents = await device.db.documents.toArray();

      // An empty server: the fixture's own device would be another device under the same id
      // (enrolled here with another key), whose filings an import refuses as unsigned by it.
      await fx.test.database.db.deleteFrom('devices').execute();
      const writer = new ApplicationWriter(fx.test.database.db, new ServerKeys(fx.test.database.db));
      const first = await importDeviceExport(fx.test.database.db, writer, fx.documents, file);
      expect(first.problems).toEqual([]);
      expect(first).toMatchObject({ filings: 12, created: 12, alreadyHere: 0, conflicts: [], refused: [], documentsRefused: [], complete: true });
      expect(first.documents).toBe(new Set(documents.map((document) => document.sha256)).size);
      const stored = await fx.test.database.db.selectFrom('applications').select(['id', 'content_hash', 'device_id']).execute();
      expect(stored.map((row) => [row.id, row.content_hash]).sort()).toEqual(local.map((filing) => [filing.id, filing.hash]).sort());
      expect(new Set(stored.map((row) => row.device_id))).toEqual(new Set([device.enrollment.deviceId]));
      for (const document of documents) expect(fs.existsSync(fx.documents.pathOf(document.sha256))).toBe(true);

      const second = await importDeviceExport(fx.test.database.db, writer, fx.documents, file);
      expect(second).toMatchObject({ filings: 12, created: 0, alreadyHere: 12, conflicts: [] });
      expect(await ids()).toHaveLength(12);

      // A filing altered after export no longer matches its hash: refused, not stored.
      const tampered = path.join(dir, 'tampered.tar');
      const raw = fs.readFileSync(file);
      const at = raw.indexOf(Buffer.from('आवेदक 3'));
      raw.set(Buffer.from('आवेदक 8'), at);
      fs.writeFileSync(tampered, raw);
      const third = await importDeviceExport(fx.test.database.db, writer, fx.documents, tampered);
      expect(third.refused).toHaveLength(1);
      expect(third.alreadyHere).toBe(11);
      const kept = await fx.test.database.db.selectFrom('applications').select('envelope').where('id', '=', third.refused[0]!).executeTakeFirstOrThrow();
      expect(kept.envelope).toContain('आवेदक 3');
    } finally {
      await device.close();
    }
  });
});
