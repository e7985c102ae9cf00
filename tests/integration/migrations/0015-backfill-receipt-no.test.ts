import { expect, it } from 'vitest';
import { migrateTo } from '../../../server/db/migrate';
import { describeEachDatabase } from '../../support/test-database';
import { sampleEnvelope } from '../../support/sample-envelope';
import { allApplications, applicationRow, databasesAt, insertAll, officeWithDevices, without } from './old-rows';

describeEachDatabase('0015-backfill-receipt-no', (dialect) => {
  const openAt = databasesAt(dialect);

  it('copies the envelope’s receipt number into receipt_no, only where there is one, across pages, and changes nothing else', async () => {
    const { test, db } = await openAt('0014-add-applications-receipt-no');
    await officeWithDevices(db, 'LKO1', ['LKO1-D01']);
    const withReceipt = (receipt: unknown) => ({ ...sampleEnvelope(), receipt });
    const rows = [
      applicationRow(1, withReceipt({ receiptNo: 'LKO1-D01-000001', issuedAt: '2026-04-01T06:00:00.000Z' })),
      applicationRow(2, sampleEnvelope()), // no receipt
      applicationRow(3, withReceipt({ issuedAt: '2026-04-01T06:00:00.000Z' })), // a receipt without a number
      applicationRow(4, withReceipt({ receiptNo: '' })), // an empty number is no number
      applicationRow(5, sampleEnvelope(), { receipt_no: 'LKO1-D01-000005' }), // a column already set and no receipt: left as it is
      applicationRow(6, withReceipt({ receiptNo: 'LKO1-D01-000006' }), { receipt_no: 'LKO1-D01-999999' }), // set and different: the envelope's wins
      // More rows than one page (500) of the migration.
      ...Array.from({ length: 510 }, (_, i) => applicationRow(100 + i, withReceipt({ receiptNo: `LKO1-D01-${String(100 + i).padStart(6, '0')}` }))),
    ];
    await insertAll(db, 'applications', rows);
    const before = await allApplications(db);

    expect(await migrateTo(test.database, '0015-backfill-receipt-no')).toEqual(['0015-backfill-receipt-no']);
    const after = await allApplications(db);
    expect(after.map(without(['receipt_no']))).toEqual(before.map(without(['receipt_no'])));
    expect(after.map((row) => row.receipt_no)).toEqual([
      'LKO1-D01-000001',
      null,
      null,
      null,
      'LKO1-D01-000005',
      'LKO1-D01-000006',
      ...Array.from({ length: 510 }, (_, i) => `LKO1-D01-${String(100 + i).padStart(6, '0')}`),
    ]);
  });
});
