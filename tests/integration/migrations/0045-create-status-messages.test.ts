import { expect, it } from 'vitest';
import { migrateTo } from '../../../server/db/migrate';
import { describeEachDatabase } from '../../support/test-database';
import { sampleEnvelope } from '../../support/sample-envelope';
import { applicationRow, databasesAt, eventRow, insertAll, officeWithDevices } from './old-rows';

describeEachDatabase('0045 status messages', (dialect) => {
  const openAt = databasesAt(dialect);

  it('adds an empty outbox keyed by the event, and changes no row already there', async () => {
    const { test, db } = await openAt('0044-index-applications-name-key');
    await officeWithDevices(db, 'LKO1', ['LKO1-D01']);
    await insertAll(db, 'applications', [applicationRow(1, sampleEnvelope())]);
    await insertAll(db, 'application_events', [eventRow(1, 'received', 'received', null, 'LKO1-D01'), eventRow(1, 'status_changed', 'objection', 'Deed looks forged', 'meena')]);
    const tables = ['applications', 'application_events', 'server_meta'] as const;
    const before = await Promise.all(tables.map((table) => db.selectFrom(table).selectAll().execute()));

    expect(await migrateTo(test.database, '0045-create-status-messages')).toEqual(['0045-create-status-messages']);
    expect(await Promise.all(tables.map((table) => db.selectFrom(table).selectAll().execute()))).toEqual(before);
    // Nothing of the history is queued by the migration: the producer decides what is news.
    expect(await db.selectFrom('status_messages').selectAll().execute()).toEqual([]);

    const { seq } = (await db.selectFrom('application_events').select('seq').orderBy('seq').executeTakeFirstOrThrow()) as { seq: number };
    const row = { event_seq: seq, application_id: '01J00000000000000000000001', kind: 'received', mobile: '9876543210', template_id: 'dev-status-received-hi', language: 'hi', text: 'सहेज: …', state: 'queued', next_send_at: '2026-04-03T00:00:00.000Z', last_error: null, created_at: '2026-04-03T00:00:00.000Z', sent_at: null };
    await db.insertInto('status_messages').values(row).execute();
    // One message an event: a second row for the same event is refused, and skipped when asked to.
    await expect(db.insertInto('status_messages').values({ ...row, text: 'again' }).execute()).rejects.toThrow();
    await db.insertInto('status_messages').values({ ...row, text: 'again' }).onConflict((conflict) => conflict.column('event_seq').doNothing()).execute();
    expect(await db.selectFrom('status_messages').selectAll().execute()).toEqual([{ ...row, attempts: 0 }]);
  });
});
