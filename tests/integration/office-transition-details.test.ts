import { afterEach, beforeEach, expect, it } from 'vitest';
import { addDays } from '../../src/domain/dates';
import { NOTE_MAX_LENGTH } from '../../src/domain/status-notes';
import { APPLICANT_NOTE_MAX_LENGTH } from '../../src/domain/transition';
import { createApiFixture, type ApiFixture } from '../support/api-fixture';
import { signedInOfficer, testClock, fileAsDevice } from '../support/office-fixture';
import { sampleEnvelope, sampleEnvelopeOf } from '../support/sample-envelope';
import { describeEachDatabase } from '../support/test-database';

/** Issue 16, the server side: what a move says to the applicant, the survey's day and the estimate. */
describeEachDatabase('transition details', (dialect) => {
  // 01:30 on 3 November in India, still 2 November in UTC: the survey window is India's days.
  const NOW = '2026-11-02T20:00:00.000Z';
  const TODAY = '2026-11-03';
  let fx: ApiFixture;
  let clock: ReturnType<typeof testClock>;
  let officer: string;
  beforeEach(async () => {
    clock = testClock(new Date(NOW));
    fx = await createApiFixture(dialect, { now: clock.now });
    officer = await signedInOfficer(fx.app, fx.test.database.db, { username: 'meena', role: 'officer', office: 'LKO1' });
  });
  afterEach(async () => {
    await fx.close();
  });

  const device = () => ({ authorization: `Bearer ${fx.device.token}` });
  const file = (envelope: { id: string } = sampleEnvelope({ deviceId: fx.device.deviceId, capturedAt: clock.now() })) => fileAsDevice(fx, envelope);
  const move = (id: string, payload: Record<string, unknown>) => fx.app.inject({ method: 'POST', url: `/api/v1/office/applications/${id}/transitions`, headers: { cookie: officer }, payload });
  const detail = async (id: string) => (await fx.app.inject({ method: 'GET', url: `/api/v1/office/applications/${id}`, headers: { cookie: officer } })).json();
  const changesOf = async (id: string) => ((await fx.app.inject({ method: 'GET', url: '/api/v1/changes?since=0', headers: device() })).json().changes as { id: string }[]).filter((change) => change.id === id);
  /** The application's row, its events and its objections, exactly as stored. */
  async function stored(id: string): Promise<string> {
    const db = fx.test.database.db;
    const [application, events, objections] = await Promise.all([
      db.selectFrom('applications').selectAll().where('id', '=', id).execute(),
      db.selectFrom('application_events').selectAll().where('application_id', '=', id).orderBy('seq').execute(),
      db.selectFrom('objections').selectAll().where('application_id', '=', id).execute(),
    ]);
    return JSON.stringify({ application, events, objections }, (_key, value) => (typeof value === 'bigint' ? String(value) : value));
  }

  it('refuses a note or an applicant’s note over its limit, a survey day missing, malformed or outside today..+60 India days, an estimate missing, fractional or zero — 422 with coded issues, nothing changed', async () => {
    const { id } = await file();
    const good = { to: 'survey_scheduled', note: 'Lineman Ramesh', surveyDate: addDays(TODAY, 7) };
    const refusals: [Record<string, unknown>, { path: string; code: string }[]][] = [
      [{ ...good, note: 'n'.repeat(NOTE_MAX_LENGTH + 1) }, [{ path: 'note', code: 'text.too_long' }]],
      [{ ...good, note: ' ' }, [{ path: 'note', code: 'required' }]],
      [{ ...good, applicantNote: 'a'.repeat(APPLICANT_NOTE_MAX_LENGTH + 1) }, [{ path: 'applicantNote', code: 'text.too_long' }]],
      [{ ...good, applicantNote: 42 }, [{ path: 'applicantNote', code: 'invalid' }]],
      [{ to: 'survey_scheduled', note: 'no day' }, [{ path: 'surveyDate', code: 'required' }]],
      [{ ...good, surveyDate: '' }, [{ path: 'surveyDate', code: 'required' }]],
      [{ ...good, surveyDate: '2026-11-31' }, [{ path: 'surveyDate', code: 'date.format' }]],
      [{ ...good, surveyDate: '10/11/2026' }, [{ path: 'surveyDate', code: 'date.format' }]],
      [{ ...good, surveyDate: 20261110 }, [{ path: 'surveyDate', code: 'date.format' }]],
      // Today in UTC, yesterday in India.
      [{ ...good, surveyDate: '2026-11-02' }, [{ path: 'surveyDate', code: 'date.window' }]],
      [{ ...good, surveyDate: addDays(TODAY, 61) }, [{ path: 'surveyDate', code: 'date.window' }]],
      // A day or an amount on a move that takes none is not quietly dropped.
      [{ to: 'under_review', note: 'checked', surveyDate: addDays(TODAY, 7) }, [{ path: 'surveyDate', code: 'unknown_field' }]],
      [{ to: 'under_review', note: 'checked', estimateAmount: 3450 }, [{ path: 'estimateAmount', code: 'unknown_field' }]],
      [{ ...good, surveyTime: '10:00' }, [{ path: 'surveyTime', code: 'unknown_field' }]],
    ];
    const before = await stored(id);
    for (const [payload, issues] of refusals) {
      const refused = await move(id, payload);
      expect([JSON.stringify(payload).slice(0, 80), refused.statusCode, refused.json()]).toEqual([
        JSON.stringify(payload).slice(0, 80),
        422,
        { error: 'invalid', message: expect.any(String), issues: issues.map((issue) => ({ ...issue, message: expect.any(String) })) },
      ]);
      expect(await stored(id)).toBe(before);
    }
    // The window's ends are in it.
    for (const day of [TODAY, addDays(TODAY, 60)]) {
      const { id: other } = await file();
      expect([day, (await move(other, { ...good, surveyDate: day })).statusCode]).toEqual([day, 200]);
    }

    expect((await move(id, good)).statusCode).toBe(200);
    const scheduled = await stored(id);
    const estimate = { to: 'estimate_issued', note: 'Pole and 30 m cable' };
    for (const [payload, issues] of [
      [estimate, [{ path: 'estimateAmount', code: 'required' }]],
      [{ ...estimate, estimateAmount: 3450.5 }, [{ path: 'estimateAmount', code: 'estimate.amount' }]],
      [{ ...estimate, estimateAmount: 0 }, [{ path: 'estimateAmount', code: 'estimate.amount' }]],
      [{ ...estimate, estimateAmount: -100 }, [{ path: 'estimateAmount', code: 'estimate.amount' }]],
      [{ ...estimate, estimateAmount: '3450' }, [{ path: 'estimateAmount', code: 'estimate.amount' }]],
    ] as const) {
      const refused = await move(id, payload);
      expect([refused.statusCode, refused.json().error, refused.json().issues.map(({ path, code }: { path: string; code: string }) => ({ path, code }))]).toEqual([422, 'invalid', issues]);
      expect(await stored(id)).toBe(scheduled);
    }
    expect((await move(id, { ...estimate, estimateAmount: 3450 })).statusCode).toBe(200);
  });

  it('keeps the applicant’s note, the day and the estimate on the event and the application; the detail and the feed carry them, the office’s note goes nowhere new', async () => {
    const envelope = sampleEnvelope({ deviceId: fx.device.deviceId, capturedAt: clock.now() });
    const { id, applicationNo } = await file(envelope);
    const surveyDate = addDays(TODAY, 9);
    const internal = 'Neighbour says the deed looks forged';
    expect((await move(id, { to: 'survey_scheduled', note: internal, applicantNote: '  Please keep the sale deed ready  ', surveyDate })).statusCode).toBe(200);
    const surveyedAt = clock.now().toISOString();
    clock.advanceMs(2 * 60 * 60 * 1000);
    // An applicant's note of only spaces is no note.
    expect((await move(id, { to: 'estimate_issued', note: 'Pole and 30 m cable', applicantNote: '   ', estimateAmount: 3450 })).statusCode).toBe(200);

    const db = fx.test.database.db;
    expect(await db.selectFrom('applications').select(['status', 'survey_date', 'estimate_amount']).where('id', '=', id).executeTakeFirst()).toEqual({ status: 'estimate_issued', survey_date: surveyDate, estimate_amount: 3450 });
    const events = await db.selectFrom('application_events').select(['status', 'note', 'applicant_note', 'survey_date', 'estimate_amount']).where('application_id', '=', id).orderBy('seq').execute();
    expect(events).toEqual([
      { status: 'received', note: null, applicant_note: null, survey_date: null, estimate_amount: null },
      { status: 'survey_scheduled', note: internal, applicant_note: 'Please keep the sale deed ready', survey_date: surveyDate, estimate_amount: null },
      { status: 'estimate_issued', note: 'Pole and 30 m cable', applicant_note: null, survey_date: null, estimate_amount: 3450 },
    ]);

    const shown = await detail(id);
    expect(shown).toMatchObject({ status: 'estimate_issued', surveyDate, estimateAmount: 3450, preferredSurveyDates: envelope.data.survey.preferredDates });
    expect(shown.preferredSurveyDates).toHaveLength(3);
    expect(shown.history.map(({ status, note, applicantNote, surveyDate: day, estimateAmount }: Record<string, unknown>) => ({ status, note, applicantNote, surveyDate: day, estimateAmount }))).toEqual([
      { status: 'received', note: null, applicantNote: null, surveyDate: null, estimateAmount: null },
      { status: 'survey_scheduled', note: internal, applicantNote: 'Please keep the sale deed ready', surveyDate, estimateAmount: null },
      { status: 'estimate_issued', note: 'Pole and 30 m cable', applicantNote: null, surveyDate: null, estimateAmount: 3450 },
    ]);
    // The list carries the projection too (the CSV reads it from there).
    const list = (await fx.app.inject({ method: 'GET', url: '/api/v1/office/applications', headers: { cookie: officer } })).json();
    expect(list.items).toEqual([expect.objectContaining({ id, surveyDate, estimateAmount: 3450 })]);

    const feed = await changesOf(id);
    expect(feed.slice(1)).toEqual([
      { id, applicationNo, status: 'survey_scheduled', at: surveyedAt, note: internal, applicantNote: 'Please keep the sale deed ready', surveyDate },
      { id, applicationNo, status: 'estimate_issued', at: clock.now().toISOString(), note: 'Pole and 30 m cable', estimateAmount: 3450 },
    ]);
    expect(feed[0]).toMatchObject({ status: 'received' });
    expect(Object.keys(feed[0]!).filter((key) => ['applicantNote', 'surveyDate', 'estimateAmount'].includes(key))).toEqual([]);
    // The office's note is in its one old place, `note`, and in no other field.
    expect(JSON.stringify(feed).split(internal)).toHaveLength(2);

    // Another request type asks for no survey.
    const { id: loadChange } = await file(sampleEnvelopeOf('load_change', { deviceId: fx.device.deviceId, capturedAt: clock.now() }));
    expect(await detail(loadChange)).toMatchObject({ preferredSurveyDates: [], surveyDate: null, estimateAmount: null });
  });

  it('a later survey replaces the day; a move that names none leaves it standing', async () => {
    const { id } = await file();
    expect((await move(id, { to: 'survey_scheduled', note: 'first', surveyDate: addDays(TODAY, 5) })).statusCode).toBe(200);
    expect((await move(id, { to: 'objection', note: 'Boundary unclear', applicantNote: 'Bring the khasra map' })).statusCode).toBe(200);
    const projection = () => fx.test.database.db.selectFrom('applications').select(['status', 'survey_date', 'estimate_amount']).where('id', '=', id).executeTakeFirst();
    expect(await projection()).toEqual({ status: 'objection', survey_date: addDays(TODAY, 5), estimate_amount: null });
    expect((await move(id, { to: 'under_review', note: 'Map seen at the counter' })).statusCode).toBe(200);
    expect((await move(id, { to: 'survey_scheduled', note: 'again', surveyDate: addDays(TODAY, 12) })).statusCode).toBe(200);
    expect(await projection()).toEqual({ status: 'survey_scheduled', survey_date: addDays(TODAY, 12), estimate_amount: null });
  });
});
