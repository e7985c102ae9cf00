import { expect, it } from 'vitest';
import { migrateTo } from '../../../server/db/migrate';
import { describeEachDatabase } from '../../support/test-database';
import { sampleEnvelope } from '../../support/sample-envelope';
import { applicationRow, databasesAt, eventRow, insertAll, officeWithDevices } from './old-rows';

describeEachDatabase('0037-backfill-event-note-codes', (dialect) => {
  const openAt = databasesAt(dialect);

  it('turns the system’s English notes into codes across pages, and leaves every officer’s note and other event as it was', async () => {
    const { test, db } = await openAt('0036-add-application-events-note-code');
    await officeWithDevices(db, 'LKO1', ['LKO1-D01']);
    await insertAll(db, 'applications', [applicationRow(1, sampleEnvelope())]);
    const event = (kind: string, status: string | null, note: string | null, actor: string) => eventRow(1, kind, status, note, actor) as { kind: string; status: string | null; note: string | null; actor: string };
    const events = [
      event('status_changed', 'cancelled', 'No answer to the objection within 21 days', 'system'),
      event('status_changed', 'under_review', 'Objection answered: सेल डीड लगाई: देखें', 'LKO1-D01'),
      // An officer who wrote the same words keeps them; so does every other note.
      event('status_changed', 'under_review', 'Objection answered: by phone', 'meena'),
      event('status_changed', 'rejected', 'No answer to the objection within 21 days', 'meena'),
      event('status_changed', 'survey_scheduled', 'Survey on 5 December', 'meena'),
      // The answer itself (not a move) is the applicant's text.
      event('objection_answer', null, 'Objection answered: x', 'LKO1-D01'),
      event('received', 'received', null, 'LKO1-D01'),
      // More than a page (500) of the migration.
      ...Array.from({ length: 510 }, () => event('status_changed', 'cancelled', 'No answer to the objection within 21 days', 'system')),
    ];
    await insertAll(db, 'application_events', events);

    expect(await migrateTo(test.database, '0037-backfill-event-note-codes')).toEqual(['0037-backfill-event-note-codes']);
    const rows = (await db.selectFrom('application_events').select(['kind', 'status', 'note', 'note_code', 'note_params', 'actor']).orderBy('seq').execute()) as Record<string, unknown>[];
    const lapsed = { note: null, note_code: 'objection_lapsed', note_params: '{"days":21}' };
    const unchanged = (row: (typeof events)[number]) => ({ kind: row.kind, status: row.status, note: row.note, note_code: null, note_params: null, actor: row.actor });
    expect(rows).toEqual([
      { kind: 'status_changed', status: 'cancelled', actor: 'system', ...lapsed },
      { kind: 'status_changed', status: 'under_review', actor: 'LKO1-D01', note: null, note_code: 'objection_answered', note_params: JSON.stringify({ answer: 'सेल डीड लगाई: देखें' }) },
      ...events.slice(2, 7).map(unchanged),
      ...Array.from({ length: 510 }, () => ({ kind: 'status_changed', status: 'cancelled', actor: 'system', ...lapsed })),
    ]);
  });
});
