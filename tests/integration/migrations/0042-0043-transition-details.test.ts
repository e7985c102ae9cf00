import { expect, it } from 'vitest';
import { migrateTo } from '../../../server/db/migrate';
import { describeEachDatabase } from '../../support/test-database';
import { sampleEnvelope } from '../../support/sample-envelope';
import { applicationRow, databasesAt, eventRow, insertAll, officeWithDevices } from './old-rows';

describeEachDatabase('0042–0043 transition details', (dialect) => {
  const openAt = databasesAt(dialect);

  it('adds the applicant note, survey day and estimate, empty on every row already there, which stays as it was', async () => {
    const { test, db } = await openAt('0041-backfill-applicant-name-key');
    await officeWithDevices(db, 'LKO1', ['LKO1-D01']);
    await insertAll(db, 'applications', [applicationRow(1, sampleEnvelope())]);
    await insertAll(db, 'application_events', [eventRow(1, 'status_changed', 'survey_scheduled', 'Survey on 2026-12-10', 'meena')]);
    const applicationBefore = await db.selectFrom('applications').selectAll().execute();
    const eventsBefore = await db.selectFrom('application_events').selectAll().execute();

    expect(await migrateTo(test.database, '0043-add-applications-survey-and-estimate')).toEqual(['0042-add-application-events-transition-details', '0043-add-applications-survey-and-estimate']);
    const applications = await db.selectFrom('applications').selectAll().execute();
    expect(applications).toEqual(applicationBefore.map((row) => ({ ...row, survey_date: null, estimate_amount: null })));
    const events = await db.selectFrom('application_events').selectAll().execute();
    expect(events).toEqual(eventsBefore.map((row) => ({ ...row, applicant_note: null, survey_date: null, estimate_amount: null })));
    // The new columns hold what a move sets.
    await db.updateTable('applications').set({ survey_date: '2026-12-10', estimate_amount: 12500 }).execute();
    expect(await db.selectFrom('applications').select(['survey_date', 'estimate_amount']).execute()).toEqual([{ survey_date: '2026-12-10', estimate_amount: 12500 }]);
  });
});
