import { expect, it } from 'vitest';
import { migrateTo } from '../../../server/db/migrate';
import { describeEachDatabase } from '../../support/test-database';
import { sampleEnvelope } from '../../support/sample-envelope';
import { applicationRow, databasesAt, eventRow, insertAll, officeWithDevices } from './old-rows';

describeEachDatabase('0036-add-application-events-note-code', (dialect) => {
  const openAt = databasesAt(dialect);

  it('adds the note code and parameters, empty on every event already there, whose note stays as it was', async () => {
    const { test, db } = await openAt('0035-backfill-document-uploads');
    await officeWithDevices(db, 'LKO1', ['LKO1-D01']);
    await insertAll(db, 'applications', [applicationRow(1, sampleEnvelope())]);
    const event = (status: string, note: string | null, actor: string) => eventRow(1, 'status_changed', status, note, actor);
    await insertAll(db, 'application_events', [event('under_review', 'Documents checked', 'meena'), event('cancelled', null, 'system')]);

    expect(await migrateTo(test.database, '0036-add-application-events-note-code')).toEqual(['0036-add-application-events-note-code']);
    const rows = await db.selectFrom('application_events').select(['status', 'note', 'note_code', 'note_params']).orderBy('seq').execute();
    expect(rows).toEqual([
      { status: 'under_review', note: 'Documents checked', note_code: null, note_params: null },
      { status: 'cancelled', note: null, note_code: null, note_params: null },
    ]);
    await db.insertInto('application_events').values({ ...event('under_review', null, 'LKO1-D01'), note_code: 'objection_answered', note_params: '{"answer":"x"}' }).execute();
    expect(await db.selectFrom('application_events').select(['note_code', 'note_params']).where('note_code', 'is not', null).execute()).toEqual([{ note_code: 'objection_answered', note_params: '{"answer":"x"}' }]);
  });
});
