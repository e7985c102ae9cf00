import { expect, it } from 'vitest';
import { canonicalJson } from '../../../src/domain/canonical-json';
import { migrateTo, migrateToLatest, MIGRATIONS } from '../../../server/db/migrate';
import { isUniqueViolation } from '../../../server/services/unique-violation';
import { sampleEnvelope } from '../../support/sample-envelope';
import { describeEachDatabase } from '../../support/test-database';
import { emptyDatabases } from './old-rows';
import type { Kysely } from 'kysely';

describeEachDatabase('0033-unique-receipt-no', (dialect) => {
  // An empty database: each test migrates it as far as the rows it loads need.
  const fresh = emptyDatabases(dialect);

  it('0033 makes receipt numbers unique: clears only the numbers rows may not keep, keeps every row and every other column', async () => {
    const db = fresh().db as unknown as Kysely<any>;
    await migrateTo(fresh(), '0032-create-login-failures');
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

    expect(await migrateToLatest(fresh())).toEqual(Object.keys(MIGRATIONS).filter((name) => name > '0032-create-login-failures'));
    const rows = (await db.selectFrom('applications').selectAll().orderBy('id').execute()) as Record<string, unknown>[];
    expect(rows.map((row) => row.receipt_no)).toEqual([null, 'LKO1-D01-000001', null, 'LKO1-D01-000002', 'LKO1-D01-000003', null, 'LKO1-D02-000001', null, null, 'LKO1-D01-0000044']);
    // Nothing else changed, the envelopes included (they keep what the device sent); the
    // columns later migrations add (0040, 0041, 0043) are checked in their own tests.
    const later = ['receipt_no', 'applicant_name_key', 'survey_date', 'estimate_amount'];
    const without = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).filter(([column]) => !later.includes(column)));
    expect(rows.map(without)).toEqual(old.map(without));
    // The index now refuses a second row under a number, and still allows many without one.
    const copy = { ...old[7]!, id: '01J0000000000000000000000Z', application_no: 'LKO1-000099' };
    await db.insertInto('applications').values(copy).execute();
    const error = await db.insertInto('applications').values({ ...copy, id: '01J0000000000000000000000Y', application_no: 'LKO1-000098', receipt_no: 'LKO1-D01-000001' }).execute().catch((caught: unknown) => caught);
    expect(isUniqueViolation(error)).toBe(true);
  });
});
