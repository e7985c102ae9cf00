import { expect, it } from 'vitest';
import { migrateTo } from '../../../server/db/migrate';
import { describeEachDatabase } from '../../support/test-database';
import { sampleEnvelope } from '../../support/sample-envelope';
import { allApplications, applicationRow, databasesAt, insertAll, officeWithDevices, without } from './old-rows';

// captured_at as stored → its calendar day in India (UTC+05:30), written out by hand.
const CASES: [string, string][] = [
  ['2026-03-31T18:29:59.999Z', '2026-03-31'], // the last millisecond of 31 March in India
  ['2026-03-31T18:30:00.000Z', '2026-04-01'], // the first of 1 April
  ['2026-03-31T20:00:00.000Z', '2026-04-01'],
  ['2026-04-01T06:00:00.000Z', '2026-04-01'],
  ['2026-12-31T18:30:00.000Z', '2027-01-01'], // a new year
  ['2024-02-28T20:00:00Z', '2024-02-29'], // no milliseconds; a leap day
  ['2026-04-01T00:00:00+05:30', '2026-04-01'], // an offset instead of Z
];

describeEachDatabase('0008-backfill-capture-day', (dialect) => {
  const openAt = databasesAt(dialect);

  it('gives every row without a capture day the India day of its captured_at, across pages, and changes nothing else', async () => {
    const { test, db } = await openAt('0007-add-applications-capture-day');
    await officeWithDevices(db, 'LKO1', ['LKO1-D01']);
    // More rows than one page (1,000) of the migration.
    const rows = Array.from({ length: 1_005 }, (_, n) => applicationRow(n, sampleEnvelope(), { captured_at: CASES[n % CASES.length]![0] }));
    // A row that already has a day keeps it, whatever it says.
    rows.push(applicationRow(2_000, sampleEnvelope(), { captured_at: '2026-04-01T06:00:00.000Z', capture_day: '1999-01-01' }));
    await insertAll(db, 'applications', rows);
    const before = await allApplications(db);

    expect(await migrateTo(test.database, '0008-backfill-capture-day')).toEqual(['0008-backfill-capture-day']);
    const after = await allApplications(db);
    expect(after.map(without(['capture_day']))).toEqual(before.map(without(['capture_day'])));
    expect(after.map((row) => row.capture_day)).toEqual([...Array.from({ length: 1_005 }, (_, n) => CASES[n % CASES.length]![1]), '1999-01-01']);
  });
});
