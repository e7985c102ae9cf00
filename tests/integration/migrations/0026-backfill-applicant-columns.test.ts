import { expect, it } from 'vitest';
import { migrateTo } from '../../../server/db/migrate';
import { describeEachDatabase } from '../../support/test-database';
import { sampleEnvelope, sampleEnvelopeOf } from '../../support/sample-envelope';
import { allApplications, applicationRow, databasesAt, insertAll, officeWithDevices, without } from './old-rows';

const COLUMNS = ['applicant_name', 'applicant_mobile'];

describeEachDatabase('0026-backfill-applicant-columns', (dialect) => {
  const openAt = databasesAt(dialect);

  it('fills the search name and mobile of every application from its envelope’s person, across pages, and changes nothing else', async () => {
    const { test, db } = await openAt('0025-add-applications-mobile-verified-at');
    await officeWithDevices(db, 'LKO1', ['LKO1-D01']);
    const withData = (data: unknown) => ({ ...sampleEnvelope(), data });
    const nameChange = sampleEnvelopeOf('name_change');
    const rows = [
      applicationRow(1, sampleEnvelope({ name: 'सीता  देवी' })), // two spaces: one
      applicationRow(2, sampleEnvelope({ name: ' SITA\tDevi\n' })), // lower case, tabs and ends
      applicationRow(3, sampleEnvelope({ name: 'Jose\u0301' })), // decomposed: composed (NFC)
      applicationRow(4, sampleEnvelope({ name: '\u0958\u093e\u0928' })), // क़ is decomposed by NFC (a composition exclusion)
      applicationRow(5, sampleEnvelope({ name: 'İSTANBUL' })), // the dotted capital I lower-cases to i and a combining dot
      applicationRow(6, { ...nameChange, data: { ...nameChange.data, newOwner: { name: 'New Owner', mobile: '9123456780' } } }, { type: 'name_change' }), // the new owner
      applicationRow(7, withData({ applicant: { name: 'Applicant', mobile: '9000000001' }, newOwner: { name: 'Owner', mobile: '9000000002' } })), // both: the new owner
      applicationRow(8, withData({ applicant: { name: 'No Mobile', mobile: '' } })), // an empty mobile: null
      applicationRow(9, withData({})), // no person: empty name, no mobile
      applicationRow(10, sampleEnvelope({ name: 'Ram' }), { applicant_name: 'stale', applicant_mobile: '9999999999' }), // already set: overwritten
      // More rows than one page (500) of the migration.
      ...Array.from({ length: 510 }, (_, i) => applicationRow(100 + i, sampleEnvelope({ name: `Name ${i}`, mobile: `98${String(i).padStart(8, '0')}` }))),
    ];
    await insertAll(db, 'applications', rows);
    const before = await allApplications(db);

    expect(await migrateTo(test.database, '0026-backfill-applicant-columns')).toEqual(['0026-backfill-applicant-columns']);
    const after = await allApplications(db);
    expect(after.map(without(COLUMNS))).toEqual(before.map(without(COLUMNS)));
    expect(after.map((row) => [row.applicant_name, row.applicant_mobile])).toEqual([
      ['सीता देवी', '9876543210'],
      ['sita devi', '9876543210'],
      ['jos\u00e9', '9876543210'],
      ['\u0915\u093c\u093e\u0928', '9876543210'],
      ['i\u0307stanbul', '9876543210'],
      ['new owner', '9123456780'],
      ['owner', '9000000002'],
      ['no mobile', null],
      ['', null],
      ['ram', '9876543210'],
      ...Array.from({ length: 510 }, (_, i) => [`name ${i}`, `98${String(i).padStart(8, '0')}`]),
    ]);
  });
});
