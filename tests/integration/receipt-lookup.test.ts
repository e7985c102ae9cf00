import { afterEach, beforeEach, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { receiptCheckCode } from '../../src/domain/receipt/check-code';
import { encodeReceiptProof, receiptLink, type ReceiptProof } from '../../src/domain/receipt/proof';
import { addDays, indiaDay } from '../../src/domain/dates';
import { createApiFixture, type ApiFixture } from '../support/api-fixture';
import { signedInOfficer, signIn, testClock } from '../support/office-fixture';
import { forgetApplications } from '../support/forget-applications';
import { enrollSignedDevice, fileSigned } from '../support/signed-device';
import { describeEachDatabase } from '../support/test-database';

/** What a walker could compare between two answers: everything but the clock and the limiter's own counters. */
function shape(response: LightMyRequestResponse) {
  const headers = Object.fromEntries(Object.entries(response.headers).filter(([name]) => name !== 'date' && !name.startsWith('x-ratelimit-')));
  return { status: response.statusCode, headers, body: response.body };
}

/** Issue 12 point 7 (and the device half of point 5's restore check). */
describeEachDatabase('the public receipt lookup and restore', (dialect) => {
  let fx: ApiFixture;
  beforeEach(async () => {
    fx = await createApiFixture(dialect);
  });
  afterEach(async () => {
    await fx.close();
  });

  const get = (url: string, remoteAddress = '198.51.100.1') => fx.app.inject({ method: 'GET', url, remoteAddress });

  it('answers only with the receipt’s check code; no code, a wrong one and an unknown number get the same 404', async () => {
    const device = await enrollSignedDevice(fx.app, fx.test.database.db);
    const { envelope, ack } = await fileSigned(fx.app, device, { name: 'सीता क्षत्रिय' }, 1);
    const other = await fileSigned(fx.app, device, { name: 'गीता' }, 2);
    const receiptNo = envelope.receipt.receiptNo;
    const code = receiptCheckCode(envelope.receipt.signature);
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);

    const answered = await get(`/api/v1/receipts/${receiptNo}?check=${code}`);
    const { due_at } = await fx.test.database.db.selectFrom('applications').select('due_at').where('id', '=', envelope.id).executeTakeFirstOrThrow();
    expect([answered.statusCode, answered.json()]).toEqual([
      200,
      { valid: true, receiptNo, applicationNo: ack.applicationNo, status: 'received', statusAt: ack.receivedAt, issuedAt: envelope.capturedAt, amount: 100, applicantInitials: 'सी. क्ष.', dueAt: due_at, deadlineMissed: false },
    ]);
    // As a person may type it: lower case, no hyphen.
    expect((await get(`/api/v1/receipts/${receiptNo}?check=${code.replace('-', '').toLowerCase()}`)).statusCode).toBe(200);

    const unknown = shape(await get(`/api/v1/receipts/LKO1-D77-000001?check=${code}`));
    expect(unknown).toMatchObject({ status: 404, body: JSON.stringify({ error: 'not_found', message: 'Not found' }) });
    const wrong = `${code.slice(0, -1)}${code.endsWith('0') ? '1' : '0'}`;
    for (const url of [
      `/api/v1/receipts/${receiptNo}`,
      `/api/v1/receipts/${receiptNo}?check=`,
      `/api/v1/receipts/${receiptNo}?check=${wrong}`,
      `/api/v1/receipts/${receiptNo}?check=${receiptCheckCode(other.envelope.receipt.signature)}`,
      `/api/v1/receipts/${receiptNo}?check=${code}&check=${code}`,
      `/api/v1/receipts/${receiptNo}?check=${envelope.receipt.signature}`,
      `/api/v1/receipts/${receiptNo}?signature=${envelope.receipt.signature}`,
    ]) {
      expect([url, shape(await get(url))]).toEqual([url, unknown]);
    }
    // No HEAD twin to ask the same question outside the limit.
    expect((await fx.app.inject({ method: 'HEAD', url: `/api/v1/receipts/${receiptNo}?check=${code}` })).statusCode).toBe(404);
  });

  it('walking numbers finds nothing, and an address past 120 lookups a minute gets 429', async () => {
    const device = await enrollSignedDevice(fx.app, fx.test.database.db);
    const filed = [];
    for (let sequence = 1; sequence <= 5; sequence++) filed.push(await fileSigned(fx.app, device, {}, sequence));
    const statuses: number[] = [];
    const started = performance.now();
    for (let sequence = 1; sequence <= 120; sequence++) statuses.push((await get(`/api/v1/receipts/${device.deviceId}-${String(sequence).padStart(6, '0')}`)).statusCode);
    const ms = performance.now() - started;
    console.log(`receipt lookup [${dialect}]: 120 walked numbers in ${ms.toFixed(0)} ms, all ${[...new Set(statuses)].join('/')}`);
    expect(new Set(statuses)).toEqual(new Set([404]));
    const limited = await get(`/api/v1/receipts/${filed[0]!.envelope.receipt.receiptNo}?check=${receiptCheckCode(filed[0]!.envelope.receipt.signature)}`);
    expect([limited.statusCode, limited.json().error, Number(limited.headers['retry-after']) > 0]).toEqual([429, 'rate_limited', true]);
    // Another address (another office, another phone) is not held up.
    expect((await get(`/api/v1/receipts/${filed[0]!.envelope.receipt.receiptNo}?check=${receiptCheckCode(filed[0]!.envelope.receipt.signature)}`, '203.0.113.9')).statusCode).toBe(200);
  });

  it('restores from a receipt only for a device of the receipt’s own office (403 otherwise, nothing created)', async () => {
    const db = fx.test.database.db;
    const owner = await enrollSignedDevice(fx.app, db, 'RTA');
    const stranger = await enrollSignedDevice(fx.app, db, 'LKO1');
    const colleague = await enrollSignedDevice(fx.app, db, 'RTA');
    const { envelope } = await fileSigned(fx.app, owner);
    const qr = receiptLink('http://kiosk.local', await encodeReceiptProof({ envelope, certificate: owner.certificate } as unknown as ReceiptProof));
    await forgetApplications(db, [envelope.id]);
    const restore = (token: string) => fx.app.inject({ method: 'POST', url: '/api/v1/receipts/restore', headers: { authorization: `Bearer ${token}` }, payload: { qr } });

    const refused = await restore(stranger.token);
    expect([refused.statusCode, refused.json().error]).toEqual([403, 'forbidden']);
    expect(await db.selectFrom('applications').select('id').where('id', '=', envelope.id).executeTakeFirst()).toBeUndefined();
    const created = await restore(colleague.token);
    expect([created.statusCode, created.json().kind]).toEqual([201, 'created']);
  });
});

/** Issue 16 point 5: what the applicant's page learns, and what it never does. */
describeEachDatabase('the receipt lookup’s status', (dialect) => {
  const START = '2026-11-02T05:00:00.000Z';
  let fx: ApiFixture;
  let clock: ReturnType<typeof testClock>;
  let officer: string;
  beforeEach(async () => {
    clock = testClock(new Date(START));
    fx = await createApiFixture(dialect, { now: clock.now });
    officer = await signedInOfficer(fx.app, fx.test.database.db, { username: 'meena', role: 'officer', office: 'LKO1' });
  });
  afterEach(async () => {
    await fx.close();
  });

  const move = async (id: string, payload: Record<string, unknown>) => {
    const response = await fx.app.inject({ method: 'POST', url: `/api/v1/office/applications/${id}/transitions`, headers: { cookie: officer }, payload });
    expect([payload.to, response.statusCode]).toEqual([payload.to, 200]);
  };
  async function daysPass(days: number) {
    clock.advanceDays(days);
    officer = await signIn(fx.app, 'meena');
  }

  it('answers when the stage began, the office’s words for the applicant on that move only, the day and estimate while they matter, and the deadline — never the internal note or who the applicant is', async () => {
    const device = await enrollSignedDevice(fx.app, fx.test.database.db);
    // Urban: 7 days on the service clock.
    const { envelope } = await fileSigned(fx.app, device, { name: 'सीता क्षत्रिय', capturedAt: clock.now(), mobile: '9123456780' }, 1);
    const url = `/api/v1/receipts/${envelope.receipt.receiptNo}?check=${receiptCheckCode(envelope.receipt.signature)}`;
    const lookup = async () => {
      const response = await fx.app.inject({ method: 'GET', url, remoteAddress: '198.51.100.1' });
      expect(response.statusCode).toBe(200);
      return { body: response.body, answer: response.json() as Record<string, unknown> };
    };
    const dueAt = '2026-11-09T05:00:00.000Z';
    const fixed = ['valid', 'receiptNo', 'applicationNo', 'issuedAt', 'amount', 'applicantInitials'];
    const shown = (answer: Record<string, unknown>) => Object.fromEntries(Object.entries(answer).filter(([key]) => !fixed.includes(key)));
    expect(shown((await lookup()).answer)).toEqual({ status: 'received', statusAt: START, dueAt, deadlineMissed: false });

    const surveyDate = addDays(indiaDay(clock.now()), 4);
    clock.advanceMs(60 * 60 * 1000);
    const internal = 'INTERNAL: the neighbour disputes the boundary';
    await move(envelope.id, { to: 'survey_scheduled', note: internal, applicantNote: 'Please keep the sale deed ready', surveyDate });
    const surveyed = await lookup();
    expect(shown(surveyed.answer)).toEqual({ status: 'survey_scheduled', statusAt: '2026-11-02T06:00:00.000Z', applicantNote: 'Please keep the sale deed ready', surveyDate, dueAt, deadlineMissed: false });
    for (const secret of [internal, 'सीता क्षत्रिय', '9123456780', 'Aliganj', 'Gali 4', '226024', 'meena']) expect([secret, surveyed.body.includes(secret)]).toEqual([secret, false]);

    // The next move says nothing to the applicant: the survey's words are stale, not shown.
    clock.advanceMs(60 * 60 * 1000);
    await move(envelope.id, { to: 'estimate_issued', note: 'Pole and 30 m cable', estimateAmount: 3450 });
    expect(shown((await lookup()).answer)).toEqual({ status: 'estimate_issued', statusAt: '2026-11-02T07:00:00.000Z', surveyDate, estimateAmount: 3450, dueAt, deadlineMissed: false });

    // Back to an objection: neither the day nor the estimate is the applicant's concern now.
    clock.advanceMs(60 * 60 * 1000);
    await move(envelope.id, { to: 'objection', note: 'Cable route crosses a neighbour', applicantNote: 'Bring the neighbour’s consent' });
    expect(shown((await lookup()).answer)).toEqual({ status: 'objection', statusAt: '2026-11-02T08:00:00.000Z', applicantNote: 'Bring the neighbour’s consent', dueAt, deadlineMissed: false });

    // A verified mobile (an event at the same stage) begins no stage and hides no note.
    const { office_code } = await fx.test.database.db.selectFrom('applications').select('office_code').where('id', '=', envelope.id).executeTakeFirstOrThrow();
    await fx.test.database.db.insertInto('application_events').values({ application_id: envelope.id, office_code, kind: 'mobile_verified', status: 'objection', note: null, actor: 'applicant', at: '2026-11-02T09:00:00.000Z' }).execute();
    expect((await lookup()).answer).toMatchObject({ statusAt: '2026-11-02T08:00:00.000Z', applicantNote: 'Bring the neighbour’s consent' });

    // Past the deadline and not connected: missed.
    await daysPass(8);
    expect((await lookup()).answer).toMatchObject({ status: 'objection', dueAt, deadlineMissed: true });
  });

  it('a connection after the deadline stays missed (compensation is still due), one in time is not; says nothing where no clock runs', async () => {
    const device = await enrollSignedDevice(fx.app, fx.test.database.db);
    const connected = await fileSigned(fx.app, device, { capturedAt: clock.now() }, 1);
    const unclocked = await fileSigned(fx.app, device, { capturedAt: clock.now() }, 2);
    await fx.test.database.db.updateTable('applications').set({ clock_started_at: null, due_at: null }).where('id', '=', unclocked.envelope.id).execute();
    const lookup = async ({ envelope }: { envelope: typeof connected.envelope }) => (await fx.app.inject({ method: 'GET', url: `/api/v1/receipts/${envelope.receipt.receiptNo}?check=${receiptCheckCode(envelope.receipt.signature)}` })).json();

    const surveyDate = addDays(indiaDay(clock.now()), 2);
    await move(connected.envelope.id, { to: 'survey_scheduled', note: 's', surveyDate });
    await move(connected.envelope.id, { to: 'estimate_issued', note: 'e', estimateAmount: 1200 });
    await move(connected.envelope.id, { to: 'estimate_paid', note: 'p' });
    await move(connected.envelope.id, { to: 'meter_installed', note: 'm' });
    await daysPass(10);
    expect(await lookup(connected)).toMatchObject({ status: 'meter_installed', deadlineMissed: true });
    await move(connected.envelope.id, { to: 'connected', note: 'c', applicantNote: 'Supply is on' });
    const done = await lookup(connected);
    expect(done).toMatchObject({ status: 'connected', applicantNote: 'Supply is on', surveyDate, estimateAmount: 1200, deadlineMissed: true });
    // Connected in time: not missed, however long ago.
    const inTime = await fileSigned(fx.app, device, { capturedAt: clock.now() }, 3);
    for (const [to, extra] of [['survey_scheduled', { surveyDate: addDays(indiaDay(clock.now()), 1) }], ['estimate_issued', { estimateAmount: 900 }], ['estimate_paid', {}], ['meter_installed', {}], ['connected', {}]] as const) {
      await move(inTime.envelope.id, { to, note: to, ...extra });
    }
    await daysPass(40);
    expect(await lookup(inTime)).toMatchObject({ status: 'connected', deadlineMissed: false });

    const answer = await lookup(unclocked);
    expect(answer.status).toBe('received');
    expect(Object.keys(answer).filter((key) => ['dueAt', 'deadlineMissed', 'applicantNote', 'surveyDate', 'estimateAmount'].includes(key))).toEqual([]);
  });
});
