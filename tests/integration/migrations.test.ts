import { afterEach, beforeEach, expect, it } from 'vitest';
import { canonicalJson } from '../../src/domain/canonical-json';
import { migrateTo, migrateToLatest, MIGRATIONS } from '../../server/db/migrate';
import { openDatabase, type Database } from '../../server/db/open';
import { isUniqueViolation } from '../../server/services/unique-violation';
import { sampleEnvelope } from '../support/sample-envelope';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../support/test-database';
import { sql, type Kysely } from 'kysely';

describeEachDatabase('migrations', (dialect) => {
  let test: TestDatabase;
  let fresh: Database;
  beforeEach(async () => {
    test = await createTestDatabase(dialect);
    await test.database.close();
    fresh = openDatabase(test.url);
  });
  afterEach(async () => {
    await fresh.close();
    await test.dispose();
  });

  // A schema of its own in a shared PostgreSQL database, beside another that Kysely already
  // migrated (here the suite's own database): the migrator must look only at its schema.
  if (dialect === 'postgres') {
    it('migrates an empty schema while another schema of the same database holds migrated tables', async () => {
      const neighbour = await sql<{ count: number }>`select count(*)::int as count from kysely_migration`.execute(fresh.db);
      const empty = await createTestDatabase('postgres', { migrate: false });
      try {
        const applied = await migrateToLatest(empty.database);
        expect(applied).toEqual(Object.keys(MIGRATIONS));
        const { rows } = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_name = 'applications'`.execute(empty.database.db);
        expect(rows).toHaveLength(1);
        await expect(migrateToLatest(empty.database)).resolves.toEqual([]);
        // The other schema's bookkeeping is untouched.
        await expect(sql<{ count: number }>`select count(*)::int as count from kysely_migration`.execute(fresh.db)).resolves.toEqual(neighbour);
      } finally {
        await empty.dispose();
      }
    });
  }

  it('0007–0032 keep every old row as it was and fill the new columns and links from it', async () => {
    // Start again from nothing, stop at 0006 (before capture days and document links), load rows in that shape.
    const db = fresh.db as unknown as Kysely<any>;
    for (const table of ['login_failures', 'document_uploads', 'otp_challenges', 'objections', 'application_additions', 'sessions', 'users', 'fee_entries', 'server_keys', 'server_meta', 'application_documents', 'documents', 'application_events', 'applications', 'devices', 'enrollment_codes', 'counters', 'offices', 'kysely_migration', 'kysely_migration_lock']) {
      await db.schema.dropTable(table).ifExists().execute();
    }
    await migrateTo(fresh, '0006-create-application-events');
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

    const applied = await migrateToLatest(fresh);
    expect(applied).toEqual(Object.keys(MIGRATIONS).filter((name) => name > '0006-create-application-events'));

    const rows = (await db.selectFrom('applications').selectAll().orderBy('application_no').execute()) as Record<string, unknown>[];
    const added = ['capture_day', 'receipt_no', 'confirmation', 'applicant_name', 'applicant_mobile', 'area', 'clock_started_at', 'due_at', 'mobile_verified_at'];
    expect(rows.map((row) => Object.fromEntries(Object.entries(row).filter(([column]) => !added.includes(column))))).toEqual(old);
    // Search keys and service clocks from the envelopes: an urban connection is due 7 days after it was received.
    expect(rows.map((row) => [row.applicant_name, row.applicant_mobile, row.area, row.clock_started_at, row.due_at, row.mobile_verified_at])).toEqual([
      ['सीता देवी', '9876543210', 'urban', '2026-04-02T00:00:00.000Z', '2026-04-09T00:00:00.000Z', null],
      ['sita devi', '9876543210', 'urban', '2026-04-02T00:00:00.000Z', '2026-04-09T00:00:00.000Z', null],
    ]);
    expect(rows.map((row) => row.receipt_no)).toEqual(['LKO1-D01-000001', 'LKO1-D01-000002']);
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
    expect(await migrateToLatest(fresh)).toEqual([]);
  });

  it('0035 takes as a document’s uploaders the devices whose filings listed it before it arrived, never one that named it later', async () => {
    // From the latest schema back to 0034 (0035's down empties the table), rows as they were before uploaders were kept.
    await migrateTo(fresh, '0034-create-document-uploads');
    const db = fresh.db as unknown as Kysely<any>;
    const at = (hour: number) => new Date(Date.UTC(2026, 3, 1, hour)).toISOString();
    await db.insertInto('offices').values(['LKO1', 'KNP1'].map((code) => ({ code, name: null, created_at: at(0) }))).execute();
    await db.insertInto('devices').values(['LKO1-D01', 'LKO1-D02', 'KNP1-D01'].map((id) => ({ id, office_code: id.slice(0, 4), label: null, token_hash: `h-${id}`, public_key_jwk: '{}', enrolled_at: at(0), revoked_at: null }))).execute();
    const filing = (n: number, deviceId: string, receivedHour: number) => {
      const envelope = sampleEnvelope({ deviceId });
      return { id: envelope.id, application_no: `${deviceId.slice(0, 4)}-00000${n}`, office_code: deviceId.slice(0, 4), device_id: deviceId, type: 'new_connection', schema_version: 1, content_hash: String(n).repeat(64), envelope: canonicalJson(envelope), captured_at: envelope.capturedAt, received_at: at(receivedHour), status: 'received' };
    };
    const [sender, copier, late, lone] = [filing(1, 'LKO1-D01', 1), filing(2, 'KNP1-D01', 5), filing(3, 'LKO1-D02', 6), filing(4, 'LKO1-D02', 9)];
    await db.insertInto('applications').values([sender, copier, late, lone]).execute();
    const [shared, clockWrong, unlisted] = ['a', 'b', 'c'].map((c) => c.repeat(64));
    await db.insertInto('documents').values([
      { sha256: shared, size: 1000, mime: 'image/jpeg', stored_at: at(2) }, // sent by LKO1-D01 after its filing (1:00), before the copier named it (5:00)
      { sha256: clockWrong, size: 2000, mime: 'application/pdf', stored_at: at(3) }, // listed only by a filing received later (9:00)
      { sha256: unlisted, size: 3000, mime: 'image/png', stored_at: at(3) },
    ]).execute();
    await db.insertInto('application_documents').values([
      { application_id: sender.id, sha256: shared, kind: 'photo' },
      { application_id: copier.id, sha256: shared, kind: 'photo' },
      { application_id: lone.id, sha256: clockWrong, kind: 'other' },
    ]).execute();
    // An addition of LKO1-D02 (1:00) that brought the shared photo to its own filing `late` (6:00): the addition counts, not the filing.
    await db.insertInto('application_documents').values({ application_id: late.id, sha256: shared, kind: 'other' }).execute();
    await db.insertInto('application_additions').values({ id: 'add-1', application_id: late.id, kind: 'objection_answer', content_hash: 'f'.repeat(64), body: JSON.stringify({ documents: [{ sha256: shared }] }), device_id: 'LKO1-D02', captured_at: at(1), received_at: at(1) }).execute();
    const before = await db.selectFrom('documents').selectAll().orderBy('sha256').execute();

    expect(await migrateToLatest(fresh)).toContain('0035-backfill-document-uploads');
    const uploads = (await db.selectFrom('document_uploads').selectAll().orderBy('sha256').orderBy('device_id').execute()) as { sha256: string; device_id: string; size: number | string; completed_at: string }[];
    expect(uploads.map((row) => [row.sha256[0], row.device_id, Number(row.size), row.completed_at])).toEqual([
      ['a', 'LKO1-D01', 1000, at(2)],
      ['a', 'LKO1-D02', 1000, at(2)],
      ['b', 'LKO1-D02', 2000, at(3)],
    ]);
    // Nothing else changed.
    expect(await db.selectFrom('documents').selectAll().orderBy('sha256').execute()).toEqual(before);
    expect(await migrateToLatest(fresh)).toEqual([]);
  });

  it('0033 makes receipt numbers unique: clears only the numbers rows may not keep, keeps every row and every other column', async () => {
    const db = fresh.db as unknown as Kysely<any>;
    for (const table of ['login_failures', 'document_uploads', 'otp_challenges', 'objections', 'application_additions', 'sessions', 'users', 'fee_entries', 'server_keys', 'server_meta', 'application_documents', 'documents', 'application_events', 'applications', 'devices', 'enrollment_codes', 'counters', 'offices', 'kysely_migration', 'kysely_migration_lock']) {
      await db.schema.dropTable(table).ifExists().execute();
    }
    await migrateTo(fresh, '0031-create-otp-challenges');
    await db.insertInto('offices').values({ code: 'LKO1', name: null, created_at: '2026-01-01T00:00:00.000Z' }).execute();
    for (const id of ['LKO1-D01', 'LKO1-D02']) {
      await db.insertInto('devices').values({ id, office_code: 'LKO1', label: null, token_hash: id, public_key_jwk: '{}', enrolled_at: '2026-01-01T00:00:00.000Z', revoked_at: null }).execute();
    }
    // [device, receipt number, received at]; ids are in this order, so a tie on time falls to the earlier row.
    const shapes: [string | null, string | null, string][] = [
      ['LKO1-D02', 'LKO1-D01-000002', '2026-04-01T00:00:00.000Z'], // another device's number, stored first: cleared
      ['LKO1-D01', 'LKO1-D01-000001', '2026-04-02T00:00:00.000Z'], // first under its number: keeps it
      ['LKO1-D01', 'LKO1-D01-000001', '2026-04-03T00:00:00.000Z'], // the same number again: cleared
      ['LKO1-D01', 'LKO1-D01-000002', '2026-04-04T00:00:00.000Z'], // its own number, the forger's cleared: keeps it
      ['LKO1-D01', 'LKO1-D01-000003', '2026-04-05T00:00:00.000Z'], // same time as the next: the lower id keeps it
      ['LKO1-D01', 'LKO1-D01-000003', '2026-04-05T00:00:00.000Z'],
      ['LKO1-D02', 'LKO1-D02-000001', '2026-04-05T00:00:00.000Z'], // nothing wrong: untouched
      [null, null, '2026-04-06T00:00:00.000Z'], // an outside submission: no number
      [null, 'LKO1-D01-000009', '2026-04-06T00:00:00.000Z'], // a number and no device to own it: cleared
      ['LKO1-D01', 'LKO1-D01-0000044', '2026-04-06T00:00:00.000Z'], // its own, longer sequence: kept
    ];
    const old = shapes.map(([device, receiptNo, receivedAt], index) => {
      const envelope = { ...sampleEnvelope({ deviceId: device ?? 'LKO1-D01', name: `आवेदक ${index}` }), ...(receiptNo ? { receipt: { receiptNo, issuedAt: receivedAt } } : {}) };
      return {
        id: `01J0000000000000000000000${String.fromCharCode(65 + index)}`,
        application_no: `LKO1-${String(index + 1).padStart(6, '0')}`,
        office_code: 'LKO1',
        device_id: device,
        type: 'new_connection',
        schema_version: 1,
        content_hash: String(index % 10).repeat(64),
        envelope: canonicalJson(envelope),
        captured_at: envelope.capturedAt,
        capture_day: '2026-04-01',
        received_at: receivedAt,
        status: 'received',
        receipt_no: receiptNo,
        confirmation: null,
        applicant_name: `आवेदक ${index}`,
        applicant_mobile: '9876543210',
        area: 'urban',
        clock_started_at: receivedAt,
        due_at: receivedAt,
        mobile_verified_at: null,
      };
    });
    await db.insertInto('applications').values(old).execute();

    expect(await migrateToLatest(fresh)).toEqual(Object.keys(MIGRATIONS).filter((name) => name > '0031-create-otp-challenges'));
    const rows = (await db.selectFrom('applications').selectAll().orderBy('id').execute()) as Record<string, unknown>[];
    expect(rows.map((row) => row.receipt_no)).toEqual([null, 'LKO1-D01-000001', null, 'LKO1-D01-000002', 'LKO1-D01-000003', null, 'LKO1-D02-000001', null, null, 'LKO1-D01-0000044']);
    // Nothing else changed, the envelopes included (they keep what the device sent).
    const without = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).filter(([column]) => column !== 'receipt_no'));
    expect(rows.map(without)).toEqual(old.map(without));
    // The index now refuses a second row under a number, and still allows many without one.
    const copy = { ...old[7]!, id: '01J0000000000000000000000Z', application_no: 'LKO1-000099' };
    await db.insertInto('applications').values(copy).execute();
    const error = await db.insertInto('applications').values({ ...copy, id: '01J0000000000000000000000Y', application_no: 'LKO1-000098', receipt_no: 'LKO1-D01-000001' }).execute().catch((caught: unknown) => caught);
    expect(isUniqueViolation(error)).toBe(true);
  });
});
