import { expect, it } from 'vitest';
import { migrateTo } from '../../../server/db/migrate';
import { describeEachDatabase } from '../../support/test-database';
import { sampleEnvelope, sampleEnvelopeOf } from '../../support/sample-envelope';
import { allApplications, applicationRow, databasesAt, insertAll, officeWithDevices, without } from './old-rows';

const COLUMNS = ['area', 'clock_started_at', 'due_at'];

describeEachDatabase('0027-backfill-service-clock', (dialect) => {
  const openAt = databasesAt(dialect);

  it('starts the clock of every new connection when it was received, due 3/7/15/30 days on by area, across pages; other types and columns untouched', async () => {
    const { test, db } = await openAt('0026-backfill-applicant-columns');
    await officeWithDevices(db, 'LKO1', ['LKO1-D01']);
    const received = '2026-04-02T00:00:00.000Z';
    const rows = [
      applicationRow(1, sampleEnvelope({ area: 'metro' })),
      applicationRow(2, sampleEnvelope({ area: 'urban' })),
      applicationRow(3, sampleEnvelope({ area: 'rural' })),
      applicationRow(4, sampleEnvelope({ area: 'hilly_rural' })),
      // Received written with an offset: the clock keeps it as written, the due time is UTC.
      applicationRow(5, sampleEnvelope({ area: 'urban' }), { received_at: '2026-04-02T05:30:00+05:30' }),
      // Not a new connection: no clock, and what the columns held stays.
      applicationRow(6, sampleEnvelopeOf('name_change'), { type: 'name_change', area: 'metro', clock_started_at: received, due_at: received }),
      applicationRow(7, sampleEnvelopeOf('load_change'), { type: 'load_change' }),
      // A new connection with a clock already: restarted from received_at.
      applicationRow(8, sampleEnvelope({ area: 'rural' }), { area: 'metro', clock_started_at: '2026-01-01T00:00:00.000Z', due_at: '2026-01-04T00:00:00.000Z' }),
      // More rows than one page (500) of the migration.
      ...Array.from({ length: 510 }, (_, i) => applicationRow(100 + i, sampleEnvelope({ area: 'metro' }), { received_at: `2026-05-01T00:00:${String(i % 60).padStart(2, '0')}.000Z` })),
    ];
    await insertAll(db, 'applications', rows);
    const before = await allApplications(db);

    expect(await migrateTo(test.database, '0027-backfill-service-clock')).toEqual(['0027-backfill-service-clock']);
    const after = await allApplications(db);
    expect(after.map(without(COLUMNS))).toEqual(before.map(without(COLUMNS)));
    expect(after.map((row) => [row.area, row.clock_started_at, row.due_at])).toEqual([
      ['metro', received, '2026-04-05T00:00:00.000Z'],
      ['urban', received, '2026-04-09T00:00:00.000Z'],
      ['rural', received, '2026-04-17T00:00:00.000Z'],
      ['hilly_rural', received, '2026-05-02T00:00:00.000Z'],
      ['urban', '2026-04-02T05:30:00+05:30', '2026-04-09T00:00:00.000Z'],
      ['metro', received, received],
      [null, null, null],
      ['rural', received, '2026-04-17T00:00:00.000Z'],
      ...Array.from({ length: 510 }, (_, i) => {
        const seconds = String(i % 60).padStart(2, '0');
        return ['metro', `2026-05-01T00:00:${seconds}.000Z`, `2026-05-04T00:00:${seconds}.000Z`];
      }),
    ]);
  });
});
