import { expect, it } from 'vitest';
import { migrateTo } from '../../../server/db/migrate';
import { describeEachDatabase } from '../../support/test-database';
import { databasesAt, insertAll, officeWithDevices } from './old-rows';

describeEachDatabase('0048–0051 the database document store', (dialect) => {
  const openAt = databasesAt(dialect);

  it('adds empty tables for document pieces, uploads, their pieces and their locks, and changes no row already there', async () => {
    const { test, db } = await openAt('0047-create-rate-limit-hits');
    await officeWithDevices(db, 'LKO1', ['LKO1-D01']);
    const sha256 = 'a'.repeat(64);
    await insertAll(db, 'documents', [{ sha256, size: 3, mime: 'application/pdf', stored_at: '2026-04-03T00:00:00.000Z' }]);
    await insertAll(db, 'document_uploads', [{ sha256, device_id: 'LKO1-D01', size: 3, created_at: '2026-04-03T00:00:00.000Z', completed_at: '2026-04-03T00:00:01.000Z' }]);
    const tables = ['documents', 'document_uploads'] as const;
    const before = await Promise.all(tables.map((table) => db.selectFrom(table).selectAll().execute()));

    expect(await migrateTo(test.database, '0051-create-upload-locks')).toEqual(['0048-create-document-chunks', '0049-create-tus-uploads', '0050-create-upload-chunks', '0051-create-upload-locks']);
    expect(await Promise.all(tables.map((table) => db.selectFrom(table).selectAll().execute()))).toEqual(before);
    for (const table of ['document_chunks', 'tus_uploads', 'upload_chunks', 'upload_locks']) expect(await db.selectFrom(table).selectAll().execute()).toEqual([]);

    // Bytes go in and come back as they were (bytea / blob), one piece per (document, number).
    const bytes = Buffer.from([0, 255, 1, 254]);
    await db.insertInto('document_chunks').values({ sha256, seq: 0, bytes }).execute();
    await expect(db.insertInto('document_chunks').values({ sha256, seq: 0, bytes }).execute()).rejects.toThrow();
    const [piece] = await db.selectFrom('document_chunks').select('bytes').execute();
    expect(Buffer.from(piece!.bytes as Uint8Array).equals(bytes)).toBe(true);
    await db.insertInto('tus_uploads').values({ id: `${sha256}-LKO1-D01`, size: 4, metadata: '{}', created_at: '2026-04-03T00:00:00.000Z' }).execute();
    expect(await db.selectFrom('tus_uploads').select('upload_offset').execute()).toEqual([{ upload_offset: 0 }]);
  });
});
