import { expect, it } from 'vitest';
import { migrateTo } from '../../../server/db/migrate';
import { describeEachDatabase } from '../../support/test-database';
import { databasesAt, insertAll, officeWithDevices } from './old-rows';

describeEachDatabase('0046 leases', (dialect) => {
  const openAt = databasesAt(dialect);

  it('adds an empty leases table, one row a name, and changes no row already there', async () => {
    const { test, db } = await openAt('0045-create-status-messages');
    await officeWithDevices(db, 'LKO1', ['LKO1-D01']);
    const before = await db.selectFrom('devices').selectAll().execute();
    expect(await migrateTo(test.database, '0046-create-leases')).toEqual(['0046-create-leases']);
    expect(await db.selectFrom('devices').selectAll().execute()).toEqual(before);
    expect(await db.selectFrom('leases').selectAll().execute()).toEqual([]);
    const row = { name: 'otp-send', holder: 'host:1:abc', expires_at: '2026-05-04T10:00:45.000Z', acquired_at: '2026-05-04T10:00:00.000Z' };
    await insertAll(db, 'leases', [row]);
    // One holder a lease: a second row for the name is refused.
    await expect(insertAll(db, 'leases', [{ ...row, holder: 'host:2:def' }])).rejects.toThrow();
    expect(await db.selectFrom('leases').selectAll().execute()).toEqual([row]);
  });
});
