import { expect, it } from 'vitest';
import { canonicalJson } from '../../../src/domain/canonical-json';
import { migrateTo, migrateToLatest, MIGRATIONS } from '../../../server/db/migrate';
import { sampleEnvelope } from '../../support/sample-envelope';
import { createTestDatabase, describeEachDatabase } from '../../support/test-database';
import { emptyDatabases } from './old-rows';
import { sql, type Kysely } from 'kysely';

// What is not one data migration's: the migrator on a shared PostgreSQL database, and the
// whole chain from 0006 to the latest over rows of that age (each backfill on its own is
// in its NNNN-*.test.ts beside this file).
describeEachDatabase('migrations: schema', (dialect) => {
  // An empty database: each test migrates it as far as the rows it loads need.
  const fresh = emptyDatabases(dialect);

  // A schema of its own in a shared PostgreSQL database, beside another that Kysely already
  // migrated (here the suite's own database): the migrator must look only at its schema.
  if (dialect === 'postgres') {
    it('migrates an empty schema while another schema of the same database holds migrated tables', async () => {
      await migrateToLatest(fresh());
      const neighbour = await sql<{ count: number }>`select count(*)::int as count from kysely_migration`.execute(fresh().db);
      const empty = await createTestDatabase('postgres', { migrate: false });
      try {
        const applied = await migrateToLatest(empty.database);
        expect(applied).toEqual(Object.keys(MIGRATIONS));
        const { rows } = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_name = 'applications'`.execute(empty.database.db);
        expect(rows).toHaveLength(1);
        await expect(migrateToLatest(empty.database)).resolves.toEqual([]);
        // The other schema's bookkeeping is untouched.
        await expect(sql<{ count: number }>`select count(*)::int as count from kysely_migration`.execute(fresh().db)).resolves.toEqual(neighbour);
      } finally {
        await empty.dispose();
      }
    });
  }

  it('0007–0032 keep every old row as it was and fill the new columns and links from it', async () => {
    // From nothing, stop at 0006 (before capture days and document links), load rows in that shape.
    const db = fresh().db as unknown as Kysely<any>;
    await migrateTo(fresh(), '0006-create-application-events');
    await db.insertInto('offices').values({ code: 'LKO1', name: null, created_at: '2026-01-01T00:00:00.000Z' }).execute();
    await db.insertInto('devices').values({ id: 'LKO1-D01', office_code: 'LKO1', label: null, token_hash: 'h', public_key_jwk: '{}', enrolled_at: '2026-01-01T00:00:00.000Z', revoked_at: null }).execute();
    const old = [new Date('2026-03-31T20:00:00Z'), new Date('2026-04-01T06:00:00Z')].map((capturedAt, index) => {
      const envelope = { ...sampleEnvelope({ deviceId: 'LKO1-D01', capturedAt, name: index ? 'Sita Devi' : 'सीता  देवी' }), receipt: { receiptNo: `LKO1-D01-00000${index + 1}`, issuedAt: capturedAt.toISOString() } };
      return {
        id: envelope.id,
        application_no: `LKO1-00000${index + 1}`,
        office_code: 'LKO1',
        device_id: 'LKO1-D01',
        type: 'new_connection',
        schema_version: 1,
        content_hash: String(index).repeat(64),
        envelope: canonicalJson(envelope),
        captured_at: envelope.capturedAt,
        received_at: '2026-04-02T00:00:00.000Z',
        status: 'received',
      };
    });
    await db.insertInto('applications').values(old).execute();
    await db.insertInto('application_events').values(old.map((row) => ({ application_id: row.id, office_code: 'LKO1', kind: 'received', status: 'received', note: null, actor: 'LKO1-D01', at: row.received_at }))).execute();

    const applied = await migrateToLatest(fresh());
    expect(applied).toEqual(Object.keys(MIGRATIONS).filter((name) => name > '0006-create-application-events'));

    const rows = (await db.selectFrom('applications').selectAll().orderBy('application_no').execute()) as Record<string, unknown>[];
    const added = ['capture_day', 'receipt_no', 'confirmation', 'applicant_name', 'applicant_mobile', 'area', 'clock_started_at', 'due_at', 'mobile_verified_at', 'applicant_name_key', 'survey_date', 'estimate_amount'];
    expect(rows.map((row) => Object.fromEntries(Object.entries(row).filter(([column]) => !added.includes(column))))).toEqual(old);
    // Search keys and service clocks from the envelopes: an urban connection is due 7 days after it was received.
    expect(rows.map((row) => [row.applicant_name, row.applicant_mobile, row.area, row.clock_started_at, row.due_at, row.mobile_verified_at])).toEqual([
      ['सीता देवी', '9876543210', 'urban', '2026-04-02T00:00:00.000Z', '2026-04-09T00:00:00.000Z', null],
      ['sita devi', '9876543210', 'urban', '2026-04-02T00:00:00.000Z', '2026-04-09T00:00:00.000Z', null],
    ]);
    // One phonetic key for both scripts.
    expect(rows.map((row) => row.applicant_name_key)).toEqual(['sit devi', 'sit devi']);
    expect(rows.map((row) => row.receipt_no)).toEqual(['LKO1-D01-000001', 'LKO1-D01-000002']);
    expect(rows.map((row) => [row.survey_date, row.estimate_amount])).toEqual([[null, null], [null, null]]);
    const fees = (await db.selectFrom('fee_entries').selectAll().orderBy('receipt_no').execute()) as { amount: number; mode: string; day: string; operator_id: string }[];
    expect(fees.map((fee) => [fee.amount, fee.mode, fee.day, fee.operator_id])).toEqual([
      [100, 'cash', '2026-04-01', 'op-17'],
      [100, 'cash', '2026-04-01', 'op-17'],
    ]);
    // 20:00 UTC on 31 March is 1:30 on 1 April in India.
    expect(rows.map((row) => row.capture_day)).toEqual(['2026-04-01', '2026-04-01']);
    const links = (await db.selectFrom('application_documents').selectAll().orderBy('application_id').orderBy('kind').execute()) as { kind: string }[];
    expect(links).toHaveLength(6);
    expect(new Set(links.map((link) => link.kind))).toEqual(new Set(['photo', 'id_proof', 'ownership_proof']));
    expect(await db.selectFrom('application_events').selectAll().execute()).toHaveLength(2);
    // Running again changes nothing.
    expect(await migrateToLatest(fresh())).toEqual([]);
  });
});
