import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { newId } from '../../src/domain/ids';
import { receiptCheckCode } from '../../src/domain/receipt/check-code';
import {
  additionAckSchema,
  applicationAckSchema,
  applicationDetailSchema,
  backlogPageSchema,
  backlogStatsSchema,
  batchAnswerSchema,
  changesPageSchema,
  codeQueuedSchema,
  deviceCertificateSchema,
  enrollmentAnswerSchema,
  errorBodySchema,
  keysAnswerSchema,
  ledgerReportSchema,
  loginAnswerSchema,
  meAnswerSchema,
  mobileCodeAnswerSchema,
  mobileLinkAnswerSchema,
  officesAnswerSchema,
  receiptStatusAnswerSchema,
  reconcileDaysAnswerSchema,
  reconcileItemsAnswerSchema,
  transitionAnswerSchema,
} from '../../src/domain/wire';
import { sendDueCodes } from '../../server/otp/otp-service';
import type { SmsMessage, SmsProvider } from '../../server/otp/sms-provider';
import { createApiFixture, TEST_PUBLIC_KEY, type ApiFixture } from '../support/api-fixture';
import { OFFICER_PASSWORD, signedInOfficer, testClock } from '../support/office-fixture';
import { enrollSignedDevice, fileSigned } from '../support/signed-device';
import { sampleEnvelope } from '../support/sample-envelope';
import { describeEachDatabase } from '../support/test-database';
import { createEnrollmentCode } from '../../server/services/devices';

/**
 * Every response body a browser client reads (src/sync/api-client.ts, src/office/office-api.ts),
 * from the real server on both dialects, against its schema in src/domain/wire/: the
 * answer parses, and parsing keeps all of it (the server sends no field the schema does
 * not declare, so the clients see the whole answer).
 */
type Schema<T> = { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: unknown[] } } };

function wire<T>(schema: Schema<T>, response: LightMyRequestResponse, status: number): T {
  expect([response.statusCode, response.headers['content-type']]).toEqual([status, expect.stringContaining('application/json')]);
  const body: unknown = response.json();
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new Error(`${response.raw.req.url}: ${JSON.stringify(parsed.error.issues)}\n${response.body}`);
  expect(parsed.data).toEqual(body);
  return parsed.data;
}

class Gateway implements SmsProvider {
  readonly name = 'test';
  delivered: SmsMessage[] = [];
  async send(message: SmsMessage): Promise<void> {
    this.delivered.push(message);
  }
}

describeEachDatabase('wire shapes', (dialect) => {
  let fx: ApiFixture;
  let clock: ReturnType<typeof testClock>;
  beforeEach(async () => {
    clock = testClock(new Date('2026-11-02T05:00:00Z'));
    fx = await createApiFixture(dialect, { now: clock.now });
  });
  afterEach(async () => {
    await fx.close();
  });

  it('every answer the kiosk reads parses with its schema, whole', async () => {
    const { code } = await createEnrollmentCode(fx.test.database.db, 'LKO1');
    wire(enrollmentAnswerSchema, await fx.app.inject({ method: 'POST', url: '/api/v1/devices/enroll', payload: { code, publicKeyJwk: TEST_PUBLIC_KEY } }), 201);
    const device = await enrollSignedDevice(fx.app, fx.test.database.db);
    const auth = { authorization: `Bearer ${device.token}` };
    const inject = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, headers: Record<string, string> = auth) => fx.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

    const envelope = sampleEnvelope({ deviceId: device.deviceId, capturedAt: clock.now() });
    const ack = wire(applicationAckSchema, await inject('PUT', `/api/v1/applications/${envelope.id}`, envelope), 201);
    expect(ack.documentsMissing.length).toBeGreaterThan(0);
    wire(applicationAckSchema, await inject('PUT', `/api/v1/applications/${envelope.id}`, envelope), 200);
    const signed = await fileSigned(fx.app, device, { capturedAt: clock.now() }, 1);
    expect(applicationAckSchema.parse(signed.ack)).toEqual(signed.ack);
    expect(signed.ack.receipt).toMatchObject({ keyId: expect.any(String), signature: expect.any(String) });

    const batch = wire(batchAnswerSchema, await inject('POST', '/api/v1/applications/batch', { items: [sampleEnvelope({ deviceId: device.deviceId, capturedAt: clock.now() }), { id: 'nonsense' }] }), 200);
    expect(batch.results.map((result) => result.status)).toEqual([201, 422]);
    expect(applicationAckSchema.parse(batch.results[0]!.body)).toEqual(batch.results[0]!.body);
    expect(errorBodySchema.safeParse(batch.results[1]!.body).success).toBe(true);

    const page = wire(changesPageSchema, await inject('GET', '/api/v1/changes?since=0'), 200);
    expect(page.changes.length).toBeGreaterThan(0);
    wire(reconcileDaysAnswerSchema, await inject('POST', '/api/v1/reconcile/days', { days: [{ day: '2026-11-02', count: 1, digest: '0'.repeat(64) }] }), 200);
    const compared = wire(reconcileItemsAnswerSchema, await inject('POST', '/api/v1/reconcile', { items: [{ id: envelope.id, hash: 'e'.repeat(64) }, { id: newId(), hash: 'e'.repeat(64) }] }), 200);
    expect(compared.incomplete).toBeDefined();
    wire(keysAnswerSchema, await inject('GET', '/api/v1/keys', undefined, {}), 200);
    wire(deviceCertificateSchema, await inject('POST', '/api/v1/devices/certificate'), 200);

    const ledger = wire(ledgerReportSchema, await inject('GET', `/api/v1/ledger?day=${signed.envelope.capturedAt.slice(0, 10)}`), 200);
    expect(ledger.operators.length).toBeGreaterThan(0);

    const receipt = signed.envelope.receipt;
    const lookup = () => inject('GET', `/api/v1/receipts/${receipt.receiptNo}?check=${receiptCheckCode(receipt.signature)}`, undefined, {});
    wire(receiptStatusAnswerSchema, await lookup(), 200);
    // With every field the office can set (issue 16): the day, the estimate, words for the applicant.
    const cookie = await signedInOfficer(fx.app, fx.test.database.db, { username: 'meena', role: 'officer', office: 'LKO1' });
    const move = (payload: object) => fx.app.inject({ method: 'POST', url: `/api/v1/office/applications/${signed.envelope.id}/transitions`, headers: { cookie }, payload });
    expect((await move({ to: 'survey_scheduled', note: 'Lineman Ramesh', applicantNote: 'Keep the sale deed ready', surveyDate: '2026-11-10' })).statusCode).toBe(200);
    expect((await move({ to: 'estimate_issued', note: 'Pole and cable', applicantNote: 'Pay at the counter', estimateAmount: 3450 })).statusCode).toBe(200);
    const status = wire(receiptStatusAnswerSchema, await lookup(), 200);
    expect(Object.keys(status)).toEqual(expect.arrayContaining(['statusAt', 'applicantNote', 'surveyDate', 'estimateAmount', 'dueAt', 'deadlineMissed']));
    const moved = wire(changesPageSchema, await inject('GET', `/api/v1/changes?since=${page.cursor}`), 200);
    expect(moved.changes.filter((change) => change.id === signed.envelope.id).map(({ applicantNote, surveyDate, estimateAmount }) => [applicantNote, surveyDate, estimateAmount])).toEqual([
      ['Keep the sale deed ready', '2026-11-10', undefined],
      ['Pay at the counter', undefined, 3450],
    ]);

    // The mobile: a code for one filing, the SMS link for the other.
    const gateway = new Gateway();
    await sendDueCodes(fx.test.database.db, { provider: gateway, publicUrl: 'https://sahej.example.in', templateId: '1107160000000012345' }, clock.now());
    const messageFor = (applicationNo: string) => gateway.delivered.find((message) => message.text.includes(applicationNo))!;
    const otpCode = /(\d{6}) is the code/.exec(messageFor(ack.applicationNo).text)![1]!;
    const wrong = await inject('POST', `/api/v1/applications/${envelope.id}/verify-mobile`, { code: otpCode === '000000' ? '111111' : '000000' });
    expect(errorBodySchema.parse(wrong.json())).toMatchObject({ error: 'otp_wrong', attemptsLeft: expect.any(Number) });
    wire(mobileCodeAnswerSchema, await inject('POST', `/api/v1/applications/${envelope.id}/verify-mobile`, { code: otpCode }), 200);
    const linkToken = /\/V\/#([\w-]{22})/.exec(messageFor(signed.ack.applicationNo).text)![1]!;
    wire(mobileLinkAnswerSchema, await inject('POST', '/api/v1/mobile-verification', { token: linkToken }, {}), 200);
    // Another mobile: this one has had its codes for the hour.
    const other = sampleEnvelope({ deviceId: device.deviceId, capturedAt: clock.now(), mobile: '9123456780' });
    await inject('PUT', `/api/v1/applications/${other.id}`, other);
    wire(codeQueuedSchema, await inject('POST', `/api/v1/applications/${other.id}/otp`), 202);

    // An error answer of ours.
    const refused = await inject('PUT', `/api/v1/applications/${newId()}`, { ...envelope, id: 'x' });
    expect(refused.statusCode).toBe(422);
    expect(errorBodySchema.safeParse(refused.json()).success).toBe(true);
  });

  it('every answer the console reads parses with its schema, whole', async () => {
    const cookie = await signedInOfficer(fx.app, fx.test.database.db, { username: 'meena', role: 'officer', office: 'LKO1' });
    const office = (method: 'GET' | 'POST', url: string, payload?: object, as = cookie) => fx.app.inject({ method, url: `/api/v1/office${url}`, headers: { cookie: as }, ...(payload ? { payload } : {}) });
    const device = { authorization: `Bearer ${fx.device.token}` };
    const envelope = sampleEnvelope({ deviceId: fx.device.deviceId, capturedAt: clock.now() });
    expect((await fx.app.inject({ method: 'PUT', url: `/api/v1/applications/${envelope.id}`, headers: device, payload: envelope })).statusCode).toBe(201);

    wire(loginAnswerSchema, await fx.app.inject({ method: 'POST', url: '/api/v1/office/login', payload: { username: 'meena', password: OFFICER_PASSWORD } }), 200);
    expect(wire(meAnswerSchema, await office('GET', '/me'), 200).user.officeCode).toBe('LKO1');
    wire(officesAnswerSchema, await office('GET', '/offices'), 200);
    const admin = await signedInOfficer(fx.app, fx.test.database.db, { username: 'asha', role: 'admin' });
    expect(wire(meAnswerSchema, await office('GET', '/me', undefined, admin), 200).user.officeCode).toBeNull();
    expect(wire(officesAnswerSchema, await office('GET', '/offices', undefined, admin), 200).offices).toContain('LKO1');

    wire(codeQueuedSchema, await office('POST', `/applications/${envelope.id}/otp`), 202);
    const moved = wire(transitionAnswerSchema, await office('POST', `/applications/${envelope.id}/transitions`, { to: 'objection', note: 'The sale deed is not readable' }), 200);
    expect(moved).toEqual({ id: envelope.id, from: 'received', to: 'objection', status: 'objection' });
    const addition = { id: newId(clock.now().getTime()), applicationId: envelope.id, kind: 'objection_answer', text: 'सेल डीड की प्रति लगाई है', documents: [], capturedAt: clock.now().toISOString(), deviceId: fx.device.deviceId, operatorId: 'op-17' };
    wire(additionAckSchema, await fx.app.inject({ method: 'PUT', url: `/api/v1/applications/${envelope.id}/additions/${addition.id}`, headers: device, payload: addition }), 201);

    const stats = wire(backlogStatsSchema, await office('GET', '/stats'), 200);
    expect(stats.total).toBe(1);
    wire(backlogStatsSchema, await office('GET', '/stats?office=LKO1', undefined, admin), 200);
    const list = wire(backlogPageSchema, await office('GET', '/applications'), 200);
    expect(list.items.map((item) => item.id)).toEqual([envelope.id]);
    const detail = wire(applicationDetailSchema, await office('GET', `/applications/${envelope.id}`), 200);
    // Nothing the detail page reads is empty here, so each part's shape was checked.
    expect([detail.documents.length > 0, detail.history.length > 0, detail.objections.length, detail.additions.length, detail.otp !== null, detail.next.length > 0]).toEqual([true, true, 1, 1, true, true]);
    expect(detail.envelope).toEqual(envelope);
    // A system note's code and parameters pass both schemas (the history's and the feed's).
    expect(detail.history.at(-1)).toMatchObject({ noteCode: 'objection_answered', noteParams: { answer: addition.text } });
    const feed = wire(changesPageSchema, await fx.app.inject({ method: 'GET', url: '/api/v1/changes?since=0', headers: device }), 200);
    expect(feed.changes.at(-1)).toMatchObject({ status: 'under_review', noteCode: 'objection_answered', noteParams: { answer: addition.text } });

    // The survey's day and the estimate, on the events and on top, with the applicant's own preferred days.
    for (const payload of [
      { to: 'survey_scheduled', note: 'Lineman Ramesh', applicantNote: 'Keep the sale deed ready', surveyDate: '2026-11-10' },
      { to: 'estimate_issued', note: 'Pole and cable', estimateAmount: 3450 },
    ]) {
      expect((await office('POST', `/applications/${envelope.id}/transitions`, payload)).statusCode).toBe(200);
    }
    const detailed = wire(applicationDetailSchema, await office('GET', `/applications/${envelope.id}`), 200);
    expect([detailed.surveyDate, detailed.estimateAmount, detailed.preferredSurveyDates.length, detailed.history.at(-2)?.applicantNote, detailed.history.at(-1)?.estimateAmount]).toEqual(['2026-11-10', 3450, 3, 'Keep the sale deed ready', 3450]);
    expect(wire(backlogPageSchema, await office('GET', '/applications'), 200).items[0]).toMatchObject({ surveyDate: '2026-11-10', estimateAmount: 3450 });

    const badFilter = await office('GET', '/applications?status=nonsense');
    expect(badFilter.statusCode).toBe(400);
    expect(errorBodySchema.parse(badFilter.json())).toMatchObject({ error: 'bad_request' });
  });
});
