import { expect, it } from 'vitest';
import { migrateTo } from '../../../server/db/migrate';
import { describeEachDatabase } from '../../support/test-database';
import { sampleEnvelope } from '../../support/sample-envelope';
import { allApplications, applicationRow, databasesAt, idOf, insertAll, officeWithDevices } from './old-rows';

describeEachDatabase('0020-backfill-fee-entries', (dialect) => {
  const openAt = databasesAt(dialect);

  it('writes one ledger entry per application whose envelope has a fee, from the envelope, across pages, and changes no application', async () => {
    const { test, db } = await openAt('0019-create-fee-entries');
    await officeWithDevices(db, 'LKO1', ['LKO1-D01', 'LKO1-D02']);
    const envelope = (changes: { capturedAt?: string; deviceId?: string; fee?: unknown; receipt?: unknown }) => {
      const base = sampleEnvelope({ deviceId: 'LKO1-D02', capturedAt: new Date('2026-04-01T06:00:00.000Z') });
      const { fee: _, ...data } = base.data;
      return { ...base, ...changes, data: changes.fee === undefined ? data : { ...data, fee: changes.fee } };
    };
    const rows = [
      // Cash with a receipt; 20:00 UTC on 31 March is 1 April in India.
      applicationRow(1, envelope({ capturedAt: '2026-03-31T20:00:00.000Z', fee: { amount: 100, mode: 'cash' }, receipt: { receiptNo: 'LKO1-D02-000001' } })),
      // UPI with its reference, no receipt; the last millisecond of 31 March in India.
      applicationRow(2, envelope({ capturedAt: '2026-03-31T18:29:59.999Z', fee: { amount: 250, mode: 'upi', upiRef: '412345678901' } })),
      applicationRow(3, envelope({})), // no fee: no entry
      // A row that lost its device: the envelope's device is the ledger's.
      applicationRow(4, envelope({ fee: { amount: 50, mode: 'cash' } }), { device_id: null }),
      // A row whose device column and envelope disagree: the column wins.
      applicationRow(5, envelope({ fee: { amount: 75, mode: 'cash' } }), { device_id: 'LKO1-D01' }),
      applicationRow(6, envelope({ fee: { amount: 1, mode: 'cash' } })), // already in the ledger: left as it is
      // More rows than one page (500) of the migration.
      ...Array.from({ length: 510 }, (_, i) => applicationRow(100 + i, envelope({ capturedAt: '2026-04-01T06:00:00.000Z', fee: { amount: i, mode: 'cash' } }))),
    ];
    await insertAll(db, 'applications', rows);
    const existing = { application_id: idOf(6), office_code: 'LKO1', device_id: 'LKO1-D01', operator_id: 'someone', day: '2026-01-01', receipt_no: 'x', amount: 999, mode: 'upi', upi_ref: 'y' };
    await db.insertInto('fee_entries').values(existing).execute();
    const before = await allApplications(db);

    expect(await migrateTo(test.database, '0020-backfill-fee-entries')).toEqual(['0020-backfill-fee-entries']);
    expect(await allApplications(db)).toEqual(before);
    const entries = await db.selectFrom('fee_entries').selectAll().orderBy('application_id').execute();
    const entry = (n: number, values: Partial<typeof existing>) => ({ application_id: idOf(n), office_code: 'LKO1', device_id: 'LKO1-D01', operator_id: 'op-17', day: '2026-04-01', receipt_no: null, mode: 'cash', upi_ref: null, ...values });
    expect(entries).toEqual([
      entry(1, { receipt_no: 'LKO1-D02-000001', amount: 100 }),
      entry(2, { day: '2026-03-31', amount: 250, mode: 'upi', upi_ref: '412345678901' }),
      entry(4, { device_id: 'LKO1-D02', amount: 50 }),
      entry(5, { amount: 75 }),
      existing,
      ...Array.from({ length: 510 }, (_, i) => entry(100 + i, { amount: i })),
    ]);
  });
});
