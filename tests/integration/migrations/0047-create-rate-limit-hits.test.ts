import { expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrateTo } from '../../../server/db/migrate';
import { describeEachDatabase } from '../../support/test-database';
import { databasesAt, insertAll } from './old-rows';

describeEachDatabase('0047 rate limit hits', (dialect) => {
  const openAt = databasesAt(dialect);

  it('adds an empty table of counts, one row a key, unlogged on PostgreSQL', async () => {
    const { test, db } = await openAt('0046-create-leases');
    expect(await migrateTo(test.database, '0047-create-rate-limit-hits')).toEqual(['0047-create-rate-limit-hits']);
    expect(await db.selectFrom('rate_limit_hits').selectAll().execute()).toEqual([]);
    // Milliseconds since the epoch fit the column on both databases.
    const row = { key: 'POST /api/v1/devices/enroll 203.0.113.7', hits: 3, window_ends_at: Date.parse('2026-05-04T10:01:00.000Z') };
    await insertAll(db, 'rate_limit_hits', [row]);
    await expect(insertAll(db, 'rate_limit_hits', [row])).rejects.toThrow();
    expect(await db.selectFrom('rate_limit_hits').selectAll().execute()).toEqual([row]);
    if (dialect === 'postgres') {
      const { rows } = await sql<{ persistence: string }>`select relpersistence as persistence from pg_class where oid = 'rate_limit_hits'::regclass`.execute(db);
      expect(rows).toEqual([{ persistence: 'u' }]);
    }
  });
});
