import { afterEach, beforeEach, expect, it } from 'vitest';
import { addDays, indiaDay } from '../../src/domain/dates';
import { newId } from '../../src/domain/ids';
import { nextStatuses, type Status } from '../../src/domain/status';
import { cancelUnansweredObjections } from '../../server/services/objections';
import { createApiFixture, type ApiFixture } from '../support/api-fixture';
import { devanagariDigits } from '../support/devanagari';
import { signedInOfficer, signIn, testClock, fileAsDevice } from '../support/office-fixture';
import { sampleEnvelope, sampleEnvelopeOf } from '../support/sample-envelope';
import { describeEachDatabase } from '../support/test-database';

describeEachDatabase('office workflow', (dialect) => {
  let fx: ApiFixture;
  let clock: ReturnType<typeof testClock>;
  let officer: string;
  /** Days pass; the officer signs in again the next morning. */
  async function daysPass(days: number) {
    clock.advanceDays(days);
    officer = await signIn(fx.app, 'meena');
  }
  beforeEach(async () => {
    clock = testClock(new Date('2026-11-02T05:00:00Z'));
    fx = await createApiFixture(dialect, { now: clock.now });
    officer = await signedInOfficer(fx.app, fx.test.database.db, { username: 'meena', role: 'officer', office: 'LKO1' });
  });
  afterEach(async () => {
    await fx.close();
  });

  const device = () => ({ authorization: `Bearer ${fx.device.token}` });
  const file = (envelope: { id: string } = sampleEnvelope({ deviceId: fx.device.deviceId, capturedAt: clock.now() })) => fileAsDevice(fx, envelope);
  /** A survey needs its day and an estimate its amount (src/domain/transition.ts); office-transition-details.test.ts judges them. */
  const detailsOf = (to: string) => (to === 'survey_scheduled' ? { surveyDate: addDays(indiaDay(clock.now()), 3) } : to === 'estimate_issued' ? { estimateAmount: 3450 } : {});
  const move = (id: string, to: string, note: string) => fx.app.inject({ method: 'POST', url: `/api/v1/office/applications/${id}/transitions`, headers: { cookie: officer }, payload: { to, note, ...detailsOf(to) } });
  const changes = async () => (await fx.app.inject({ method: 'GET', url: '/api/v1/changes?since=0', headers: device() })).json().changes as { id: string; status: string; note?: string }[];
  const detail = async (id: string) => (await fx.app.inject({ method: 'GET', url: `/api/v1/office/applications/${id}`, headers: { cookie: officer } })).json();

  it('records every legal move with its note, shows it on the device, and refuses an illegal one changing nothing', async () => {
    const { id } = await file();
    const path = [
      ['under_review', 'Documents checked'],
      ['survey_scheduled', 'Survey on 5 December, lineman Ramesh'],
      ['estimate_issued', 'Estimate ₹3,450'],
      ['estimate_paid', 'Paid at counter, receipt 8812'],
      ['meter_installed', 'Meter 77120045 fitted'],
      ['connected', 'Supply on'],
    ] as const;
    for (const [to, note] of path) {
      const response = await move(id, to, note);
      expect([to, response.statusCode]).toEqual([to, 200]);
    }
    expect((await changes()).map(({ status, note }) => [status, note])).toEqual([['received', undefined], ...path]);
    const history = (await detail(id)).history as { kind: string; status: string; note: string; actor: string }[];
    expect(history.slice(1).map((event) => [event.status, event.note, event.actor])).toEqual(path.map(([to, note]) => [to, note, 'meena']));

    const { id: other } = await file();
    const before = await detail(other);
    for (const [to, note] of [['connected', 'skip ahead'], ['estimate_paid', 'skip'], ['nonsense', 'x']] as const) {
      const refused = await move(other, to, note);
      expect([refused.statusCode, refused.json().error]).toEqual([409, 'illegal_transition']);
    }
    const noNote = await move(other, 'under_review', '  ');
    expect([noNote.statusCode, noNote.json().error]).toEqual([422, 'invalid']);
    expect(await detail(other)).toEqual(before);
    // Out of a final stage there is no way.
    expect((await move(id, 'under_review', 'reopen')).json().error).toBe('illegal_transition');
  });

  it('records every legal transition of the stages, each with its note, in the feed the devices read', async () => {
    // Every (from, to) the status machine allows from `received` on, each reached by the shortest path.
    const pathTo = new Map<Status, Status[]>([['received', []]]);
    for (const [from, path] of pathTo) for (const to of nextStatuses(from)) if (!pathTo.has(to)) pathTo.set(to, [...path, to]);
    const transitions = [...pathTo.keys()].flatMap((from) => nextStatuses(from).map((to) => [from, to] as const));
    expect(transitions.length).toBeGreaterThanOrEqual(18);
    for (const [from, to] of transitions) {
      const { id } = await file();
      for (const step of pathTo.get(from)!) expect((await move(id, step, `on the way to ${from}`)).statusCode).toBe(200);
      const note = `${from} → ${to}: नोट`;
      const moved = await move(id, to, note);
      expect([from, to, moved.statusCode, moved.json()]).toEqual([from, to, 200, { id, from, to, status: to }]);
      const last = (await changes()).filter((change) => change.id === id).at(-1);
      expect(last).toMatchObject({ status: to, note });
    }
  });

  it('cancels an objection unanswered for 21 days; an answer captured at the kiosk reopens another and restarts its clock', async () => {
    const unanswered = await file();
    const answered = await file();
    for (const { id } of [unanswered, answered]) expect((await move(id, 'objection', 'Ownership proof is not readable — bring the sale deed')).statusCode).toBe(200);
    expect((await changes()).filter((change) => change.status === 'objection').map((change) => change.note)).toEqual([
      'Ownership proof is not readable — bring the sale deed',
      'Ownership proof is not readable — bring the sale deed',
    ]);
    const objection = (await detail(answered.id)).objections[0];
    expect(objection).toMatchObject({ raisedBy: 'meena', raisedAt: '2026-11-02T05:00:00.000Z', answerDueAt: '2026-11-23T05:00:00.000Z', closedAt: null });

    // Day 10: the kiosk captured the applicant's answer (offline) and it syncs now.
    await daysPass(10);
    const addition = { id: newId(clock.now().getTime()), applicationId: answered.id, kind: 'objection_answer', text: 'सेल डीड की प्रति लगाई है', documents: [], capturedAt: clock.now().toISOString(), deviceId: fx.device.deviceId, operatorId: 'op-17' };
    const put = () => fx.app.inject({ method: 'PUT', url: `/api/v1/applications/${answered.id}/additions/${addition.id}`, headers: device(), payload: addition });
    const first = await put();
    expect([first.statusCode, first.json()]).toEqual([201, { id: addition.id, applicationId: answered.id, receivedAt: clock.now().toISOString(), status: 'under_review', documentsMissing: [] }]);
    expect((await put()).statusCode).toBe(200);
    expect((await fx.app.inject({ method: 'PUT', url: `/api/v1/applications/${answered.id}/additions/${addition.id}`, headers: device(), payload: { ...addition, text: 'changed' } })).statusCode).toBe(409);
    const reopened = await detail(answered.id);
    expect(reopened).toMatchObject({ status: 'under_review', dueAt: '2026-11-19T05:00:00.000Z', objections: [{ outcome: 'answered', additionId: addition.id }] });
    expect(reopened.additions).toEqual([expect.objectContaining({ text: 'सेल डीड की प्रति लगाई है' })]);
    // The system's note on the move is a code with the answer as its parameter, never an English sentence.
    const answeredNote = { noteCode: 'objection_answered', noteParams: { answer: 'सेल डीड की प्रति लगाई है' } };
    expect(reopened.history.at(-1)).toMatchObject({ kind: 'status_changed', status: 'under_review', note: null, ...answeredNote });
    const answeredChange = (await changes()).filter((change) => change.id === answered.id).at(-1);
    expect(answeredChange).toEqual({ id: answered.id, applicationNo: answered.applicationNo, status: 'under_review', at: clock.now().toISOString(), ...answeredNote });

    // Day 20: not yet. Day 21: the unanswered one is cancelled, with an event the device sees.
    await daysPass(10);
    expect(await cancelUnansweredObjections(fx.test.database.db, clock.now())).toEqual([]);
    await daysPass(1);
    expect(await cancelUnansweredObjections(fx.test.database.db, clock.now())).toEqual([unanswered.id]);
    expect(await cancelUnansweredObjections(fx.test.database.db, clock.now())).toEqual([]);
    expect((await detail(unanswered.id)).objections[0]).toMatchObject({ outcome: 'cancelled', closedAt: clock.now().toISOString() });
    const last = (await changes()).filter((change) => change.id === unanswered.id).at(-1);
    expect(last).toMatchObject({ status: 'cancelled', noteCode: 'objection_lapsed', noteParams: { days: 21 } });
    expect(last).not.toHaveProperty('note');
    expect((await detail(unanswered.id)).history.at(-1)).toMatchObject({ status: 'cancelled', note: null, noteCode: 'objection_lapsed', noteParams: { days: 21 }, actor: 'system' });
    expect((await detail(answered.id)).status).toBe('under_review');

    // An answer that comes after the cancellation is kept, and moves nothing.
    const late = { ...addition, id: newId(clock.now().getTime()), applicationId: unanswered.id, capturedAt: clock.now().toISOString() };
    const lateAnswer = await fx.app.inject({ method: 'PUT', url: `/api/v1/applications/${unanswered.id}/additions/${late.id}`, headers: device(), payload: late });
    expect([lateAnswer.statusCode, lateAnswer.json().status]).toEqual([201, 'cancelled']);
    expect((await detail(unanswered.id)).additions).toHaveLength(1);
  });

  it('refuses additions that are malformed, of another device or for an application it does not have', async () => {
    const { id } = await file();
    const base = { id: newId(), applicationId: id, kind: 'objection_answer', text: 'answer', documents: [], capturedAt: clock.now().toISOString(), deviceId: fx.device.deviceId, operatorId: 'op-17' };
    const put = (body: Record<string, unknown>, applicationId = id) => fx.app.inject({ method: 'PUT', url: `/api/v1/applications/${applicationId}/additions/${String(body.id)}`, headers: device(), payload: body });
    expect((await put({ ...base, text: '' })).json()).toMatchObject({ error: 'invalid', issues: [{ path: 'text', code: 'required' }] });
    expect((await put({ ...base, extra: 1 })).json()).toMatchObject({ error: 'invalid', issues: [{ path: 'extra', code: 'unknown_field' }] });
    expect((await put({ ...base, deviceId: 'LKO1-D99' })).statusCode).toBe(403);
    const missing = newId();
    expect((await put({ ...base, applicationId: missing }, missing)).statusCode).toBe(404);
    expect(await fx.test.database.db.selectFrom('application_additions').selectAll().execute()).toEqual([]);
  });

  it('filters, searches and pages the backlog, counts it by stage and age, and flags breached clocks', async () => {
    const day = (days: number) => new Date(clock.now().getTime() + days * 86_400_000);
    // Received on different days: the clock starts when each arrives.
    const start = clock.now();
    const metro = await file(sampleEnvelope({ deviceId: fx.device.deviceId, capturedAt: start, name: 'राम प्रसाद', area: 'metro', mobile: '9123456780' }));
    await daysPass(5);
    const rural = await file(sampleEnvelope({ deviceId: fx.device.deviceId, capturedAt: day(0), name: 'Sita Kumari', area: 'rural' }));
    const others = [];
    for (let i = 0; i < 60; i++) others.push(await file(sampleEnvelopeOf('load_change', { deviceId: fx.device.deviceId, capturedAt: day(0) })));
    await daysPass(5);
    // Day 10: the metro one (3 days) is breached; the rural one (15) has 10 days left.
    const list = async (query: string) => (await fx.app.inject({ method: 'GET', url: `/api/v1/office/applications?${query}`, headers: { cookie: officer } })).json();
    expect((await list('breached=true')).items.map((item: { id: string }) => item.id)).toEqual([metro.id]);
    const first = await list('q=राम');
    expect(first.items).toEqual([expect.objectContaining({ id: metro.id, applicantName: 'राम प्रसाद', ageDays: 10, daysLeft: -7, breached: true, mobileVerified: false, area: 'metro' })]);
    // "sita" is Sita Kumari's name as typed, so she comes first; the sixty filings of सीता follow by their phonetic key.
    const sita = await list('q=sita');
    expect([sita.total, sita.items[0].id, sita.items.slice(1).every((item: { applicantName: string }) => item.applicantName === 'सीता')]).toEqual([61, rural.id, true]);
    expect((await list('q=91234 56780')).items.map((item: { id: string }) => item.id)).toEqual([metro.id]);
    expect((await list(`q=${encodeURIComponent(devanagariDigits('91234 56780'))}`)).items.map((item: { id: string }) => item.id)).toEqual([metro.id]);
    expect((await list(`q=${rural.applicationNo.toLowerCase()}`)).items.map((item: { id: string }) => item.id)).toEqual([rural.id]);
    expect((await list('q=50%25')).total).toBe(0);
    expect((await list('type=load_change')).total).toBe(60);
    expect((await list('age=8-30')).items.map((item: { id: string }) => item.id)).toEqual([metro.id]);
    expect((await list('age=0-7')).total).toBe(61);
    const page2 = await list('page=2');
    expect([page2.total, page2.items.length, page2.pageSize]).toEqual([62, 12, 50]);
    expect((await list('page=1')).items[0].id).toBe(metro.id);
    expect((await list('mobile=unverified')).total).toBe(62);
    expect((await fx.app.inject({ method: 'GET', url: '/api/v1/office/applications?status=sleeping', headers: { cookie: officer } })).json()).toMatchObject({ error: 'bad_request', parameter: 'status' });

    await move(others[0]!.id, 'under_review', 'checked');
    const stats = (await fx.app.inject({ method: 'GET', url: '/api/v1/office/stats', headers: { cookie: officer } })).json();
    expect(stats.total).toBe(62);
    expect(stats.breached).toBe(1);
    expect(stats.byStatus.find((entry: { status: string }) => entry.status === 'received')).toEqual({ status: 'received', total: 61, byAge: { '0-7': 60, '8-30': 1, '31-90': 0, '90+': 0 } });
    expect(stats.byStatus.find((entry: { status: string }) => entry.status === 'under_review').total).toBe(1);

    // Connected in time stops the clock: no longer breached.
    for (const [to, note] of [['survey_scheduled', 's'], ['estimate_issued', 'e'], ['estimate_paid', 'p'], ['meter_installed', 'm'], ['connected', 'c']]) await move(metro.id, to!, note!);
    expect((await list('breached=true')).total).toBe(0);
  });
});
