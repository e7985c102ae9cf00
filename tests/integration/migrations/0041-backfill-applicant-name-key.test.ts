import { expect, it } from 'vitest';
import { migrateTo } from '../../../server/db/migrate';
import { phoneticKeyV1 } from '../../../server/db/migrations/phonetic-key-v1';
import { phoneticKey } from '../../../src/domain/phonetic-key';
import { describeEachDatabase } from '../../support/test-database';
import { sampleEnvelope } from '../../support/sample-envelope';
import { HINDI_NAMES } from '../../unit/domain/hindi-names';
import { allApplications, applicationRow, databasesAt, insertAll, officeWithDevices, without } from './old-rows';

describeEachDatabase('0041-backfill-applicant-name-key', (dialect) => {
  const openAt = databasesAt(dialect);

  it('keys every application’s search name, across pages, so both scripts meet; and changes nothing else', async () => {
    const { test, db } = await openAt('0040-add-applications-applicant-name-key');
    await officeWithDevices(db, 'LKO1', ['LKO1-D01']);
    // Search names as 0026 and the write path store them (NFC, lower case, single spaces).
    const named = (n: number, name: string | null, columns: Record<string, unknown> = {}) => applicationRow(n, sampleEnvelope(), { applicant_name: name, ...columns });
    const rows = [
      named(1, 'सुनीता देवी'),
      named(2, 'sunita devi'),
      named(3, 'श्याम'),
      named(4, 'shyam'),
      named(5, ''), // a filing without a person: an empty key
      named(6, null), // never filled (a row 0026 could not have missed, but read safely): an empty key
      named(7, 'ram', { applicant_name_key: 'stale' }), // already set: overwritten
      // More rows than one page (500) of the migration.
      ...Array.from({ length: 510 }, (_, i) => named(100 + i, `नाम ${i}`)),
    ];
    await insertAll(db, 'applications', rows);
    const before = await allApplications(db);

    expect(await migrateTo(test.database, '0041-backfill-applicant-name-key')).toEqual(['0041-backfill-applicant-name-key']);
    const after = await allApplications(db);
    expect(after.map(without(['applicant_name_key']))).toEqual(before.map(without(['applicant_name_key'])));
    expect(after.map((row) => row.applicant_name_key)).toEqual(['sunit devi', 'sunit devi', 'syam', 'syam', '', '', 'ram', ...Array.from({ length: 510 }, () => 'nam')]);
  });
});

it('the newest backfill writes the key the server writes today: a change to the domain key needs a new backfill (and its frozen copy)', () => {
  const names = HINDI_NAMES.flatMap(({ hi, latin }) => [...hi, ...latin]);
  expect(names.filter((name) => phoneticKeyV1(name) !== phoneticKey(name))).toEqual([]);
  expect(['सुनीता  देवी', 'İSTANBUL', 'José', '१२३', 'LKO1/2026/1'].filter((name) => phoneticKeyV1(name) !== phoneticKey(name))).toEqual([]);
});
