import { expect, it } from 'vitest';
import { migrateTo } from '../../../server/db/migrate';
import { describeEachDatabase } from '../../support/test-database';
import { sampleEnvelope } from '../../support/sample-envelope';
import { allApplications, applicationRow, databasesAt, idOf, insertAll, officeWithDevices } from './old-rows';

const [A, B, C] = ['a', 'b', 'c'].map((c) => c.repeat(64)) as [string, string, string];

describeEachDatabase('0012-backfill-application-documents', (dialect) => {
  const openAt = databasesAt(dialect);

  it('links each application to the documents its envelope lists, once per hash and kind, across pages, and changes no application', async () => {
    const { test, db } = await openAt('0011-create-application-documents');
    await officeWithDevices(db, 'LKO1', ['LKO1-D01']);
    const envelope = (documents: unknown) => {
      const { documents: _, ...rest } = sampleEnvelope();
      return documents === undefined ? rest : { ...rest, documents };
    };
    const rows = [
      applicationRow(1, sampleEnvelope()), // photo, id_proof, ownership_proof
      applicationRow(2, envelope([{ kind: 'photo', sha256: A }, { kind: 'photo', sha256: A, mime: 'image/png' }])), // the same twice: one link
      applicationRow(3, envelope([{ kind: 'photo', sha256: B }, { kind: 'other', sha256: B }])), // one hash, two kinds: two links
      applicationRow(4, envelope(undefined)), // no documents at all
      applicationRow(5, envelope([])),
      applicationRow(6, envelope([{ kind: 'other', sha256: C }])), // already linked before the migration
      // More rows than one page (500) of the migration, one document each.
      ...Array.from({ length: 510 }, (_, i) => applicationRow(100 + i, envelope([{ kind: 'other', sha256: String(i).padStart(64, '0') }]))),
    ];
    await insertAll(db, 'applications', rows);
    await db.insertInto('application_documents').values({ application_id: idOf(6), sha256: C, kind: 'other' }).execute();
    const before = await allApplications(db);

    expect(await migrateTo(test.database, '0012-backfill-application-documents')).toEqual(['0012-backfill-application-documents']);
    expect(await allApplications(db)).toEqual(before);
    const links = (await db.selectFrom('application_documents').select(['application_id', 'sha256', 'kind']).orderBy('application_id').orderBy('sha256').orderBy('kind').execute()) as { application_id: string; sha256: string; kind: string }[];
    expect(links.slice(0, 7)).toEqual([
      { application_id: idOf(1), sha256: '1'.repeat(64), kind: 'photo' },
      { application_id: idOf(1), sha256: '2'.repeat(64), kind: 'id_proof' },
      { application_id: idOf(1), sha256: '3'.repeat(64), kind: 'ownership_proof' },
      { application_id: idOf(2), sha256: A, kind: 'photo' },
      { application_id: idOf(3), sha256: B, kind: 'other' },
      { application_id: idOf(3), sha256: B, kind: 'photo' },
      { application_id: idOf(6), sha256: C, kind: 'other' },
    ]);
    expect(links.slice(7)).toEqual(Array.from({ length: 510 }, (_, i) => ({ application_id: idOf(100 + i), sha256: String(i).padStart(64, '0'), kind: 'other' })));
  });
});
