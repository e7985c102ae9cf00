import { expect, it } from 'vitest';
import { canonicalJson } from '../../../src/domain/canonical-json';
import { migrateTo, migrateToLatest } from '../../../server/db/migrate';
import { sampleEnvelope } from '../../support/sample-envelope';
import { describeEachDatabase } from '../../support/test-database';
import { emptyDatabases } from './old-rows';
import type { Kysely } from 'kysely';

describeEachDatabase('0035-backfill-document-uploads', (dialect) => {
  // An empty database: each test migrates it as far as the rows it loads need.
  const fresh = emptyDatabases(dialect);

  it('0035 takes as a document’s uploaders the devices whose filings listed it before it arrived, never one that named it later', async () => {
    // Up to 0034, rows as they were before uploaders were kept.
    await migrateTo(fresh(), '0034-create-document-uploads');
    const db = fresh().db as unknown as Kysely<any>;
    const at = (hour: number) => new Date(Date.UTC(2026, 3, 1, hour)).toISOString();
    await db.insertInto('offices').values(['LKO1', 'KNP1'].map((code) => ({ code, name: null, created_at: at(0) }))).execute();
    await db.insertInto('devices').values(['LKO1-D01', 'LKO1-D02', 'KNP1-D01'].map((id) => ({ id, office_code: id.slice(0, 4), label: null, token_hash: `h-${id}`, public_key_jwk: '{}', enrolled_at: at(0), revoked_at: null }))).execute();
    const filing = (n: number, deviceId: string, receivedHour: number) => {
      const envelope = sampleEnvelope({ deviceId });
      return { id: envelope.id, application_no: `${deviceId.slice(0, 4)}-00000${n}`, office_code: deviceId.slice(0, 4), device_id: deviceId, type: 'new_connection', schema_version: 1, content_hash: String(n).repeat(64), envelope: canonicalJson(envelope), captured_at: envelope.capturedAt, received_at: at(receivedHour), status: 'received' };
    };
    const [sender, copier, late, lone] = [filing(1, 'LKO1-D01', 1), filing(2, 'KNP1-D01', 5), filing(3, 'LKO1-D02', 6), filing(4, 'LKO1-D02', 9)];
    await db.insertInto('applications').values([sender, copier, late, lone]).execute();
    const [shared, clockWrong, unlisted] = ['a', 'b', 'c'].map((c) => c.repeat(64));
    await db.insertInto('documents').values([
      { sha256: shared, size: 1000, mime: 'image/jpeg', stored_at: at(2) }, // sent by LKO1-D01 after its filing (1:00), before the copier named it (5:00)
      { sha256: clockWrong, size: 2000, mime: 'application/pdf', stored_at: at(3) }, // listed only by a filing received later (9:00)
      { sha256: unlisted, size: 3000, mime: 'image/png', stored_at: at(3) },
    ]).execute();
    await db.insertInto('application_documents').values([
      { application_id: sender.id, sha256: shared, kind: 'photo' },
      { application_id: copier.id, sha256: shared, kind: 'photo' },
      { application_id: lone.id, sha256: clockWrong, kind: 'other' },
    ]).execute();
    // An addition of LKO1-D02 (1:00) that brought the shared photo to its own filing `late` (6:00): the addition counts, not the filing.
    await db.insertInto('application_documents').values({ application_id: late.id, sha256: shared, kind: 'other' }).execute();
    await db.insertInto('application_additions').values({ id: 'add-1', application_id: late.id, kind: 'objection_answer', content_hash: 'f'.repeat(64), body: JSON.stringify({ documents: [{ sha256: shared }] }), device_id: 'LKO1-D02', captured_at: at(1), received_at: at(1) }).execute();
    const before = await db.selectFrom('documents').selectAll().orderBy('sha256').execute();

    expect(await migrateToLatest(fresh())).toContain('0035-backfill-document-uploads');
    const uploads = (await db.selectFrom('document_uploads').selectAll().orderBy('sha256').orderBy('device_id').execute()) as { sha256: string; device_id: string; size: number | string; completed_at: string }[];
    expect(uploads.map((row) => [row.sha256[0], row.device_id, Number(row.size), row.completed_at])).toEqual([
      ['a', 'LKO1-D01', 1000, at(2)],
      ['a', 'LKO1-D02', 1000, at(2)],
      ['b', 'LKO1-D02', 2000, at(3)],
    ]);
    // Nothing else changed.
    expect(await db.selectFrom('documents').selectAll().orderBy('sha256').execute()).toEqual(before);
    expect(await migrateToLatest(fresh())).toEqual([]);
  });

  it('0035 goes through every document, more than one page (500) of them, and records each one’s sender', async () => {
    await migrateTo(fresh(), '0034-create-document-uploads');
    const db = fresh().db as unknown as Kysely<any>;
    const at = (hour: number) => new Date(Date.UTC(2026, 3, 1, hour)).toISOString();
    await db.insertInto('offices').values({ code: 'LKO1', name: null, created_at: at(0) }).execute();
    await db.insertInto('devices').values({ id: 'LKO1-D01', office_code: 'LKO1', label: null, token_hash: 'h', public_key_jwk: '{}', enrolled_at: at(0), revoked_at: null }).execute();
    const envelope = sampleEnvelope({ deviceId: 'LKO1-D01' });
    await db.insertInto('applications').values({ id: envelope.id, application_no: 'LKO1-000001', office_code: 'LKO1', device_id: 'LKO1-D01', type: 'new_connection', schema_version: 1, content_hash: '0'.repeat(64), envelope: canonicalJson(envelope), captured_at: envelope.capturedAt, received_at: at(1), status: 'received' }).execute();
    const hashes = Array.from({ length: 1_010 }, (_, i) => String(i).padStart(64, '0'));
    for (let i = 0; i < hashes.length; i += 100) {
      const slice = hashes.slice(i, i + 100);
      await db.insertInto('documents').values(slice.map((sha256, j) => ({ sha256, size: i + j, mime: 'image/jpeg', stored_at: at(2) }))).execute();
      await db.insertInto('application_documents').values(slice.map((sha256) => ({ application_id: envelope.id, sha256, kind: 'other' }))).execute();
    }

    expect(await migrateTo(fresh(), '0035-backfill-document-uploads')).toEqual(['0035-backfill-document-uploads']);
    const uploads = (await db.selectFrom('document_uploads').selectAll().orderBy('sha256').execute()) as { sha256: string; device_id: string; size: number | string; created_at: string; completed_at: string }[];
    expect(uploads.map((row) => ({ ...row, size: Number(row.size) }))).toEqual(hashes.map((sha256, i) => ({ sha256, device_id: 'LKO1-D01', size: i, created_at: at(2), completed_at: at(2) })));
  });
});
