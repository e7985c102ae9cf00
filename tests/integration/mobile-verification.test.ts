import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { FileSmsProvider } from '../../server/otp/file-provider';
import { sendDueCodes, type OtpSettings } from '../../server/otp/otp-service';
import { SEND_GROUP } from '../../server/otp/send-queue';
import type { SmsMessage } from '../../server/otp/sms-provider';
import { FlakyGateway } from '../support/flaky-gateway';
import { isWrite, queryCounter } from '../support/query-counter';
import { createApiFixture, type ApiFixture } from '../support/api-fixture';
import { devanagariDigits } from '../support/devanagari';
import { signedInOfficer, testClock } from '../support/office-fixture';
import { sampleEnvelope } from '../support/sample-envelope';
import { tempDir } from '../support/temp-dirs';
import { describeEachDatabase } from '../support/test-database';

const codeIn = (message: SmsMessage) => /(\d{6}) is the code/.exec(message.text)![1]!;
const linkTokenIn = (message: SmsMessage) => /\/V\/#([\w-]{22})/.exec(message.text)![1]!;

describeEachDatabase('mobile verification', (dialect) => {
  let fx: ApiFixture;
  let clock: ReturnType<typeof testClock>;
  let gateway: FlakyGateway;
  let settings: OtpSettings;
  beforeEach(async () => {
    clock = testClock(new Date('2026-11-02T05:00:00Z'));
    fx = await createApiFixture(dialect, { now: clock.now });
    gateway = new FlakyGateway();
    settings = { provider: gateway, publicUrl: 'https://sahej.example.in', templateId: '1107160000000012345' };
  });
  afterEach(async () => {
    await fx.close();
  });

  const device = () => ({ authorization: `Bearer ${fx.device.token}` });
  async function file(mobile = '9876543210') {
    const envelope = sampleEnvelope({ deviceId: fx.device.deviceId, capturedAt: clock.now(), mobile });
    const response = await fx.app.inject({ method: 'PUT', url: `/api/v1/applications/${envelope.id}`, headers: device(), payload: envelope });
    expect(response.statusCode).toBe(201);
    return response.json() as { id: string; applicationNo: string };
  }
  const verify = (id: string, code: string) => fx.app.inject({ method: 'POST', url: `/api/v1/applications/${id}/verify-mobile`, headers: device(), payload: { code } });
  const send = () => sendDueCodes(fx.test.database.db, settings, clock.now());

  it('sends a code when a filing first arrives (hashed, with a DLT template), and a right code verifies it once, seen on the device', async () => {
    const { id, applicationNo } = await file();
    expect(await send()).toEqual({ sent: 1, failed: 0, deferred: 0 });
    expect(await send()).toEqual({ sent: 0, failed: 0, deferred: 0 });
    const [message] = gateway.delivered;
    expect(message).toMatchObject({ to: '9876543210', templateId: '1107160000000012345' });
    expect(message!.text).toContain(applicationNo);
    const code = codeIn(message!);
    const stored = await fx.test.database.db.selectFrom('otp_challenges').selectAll().executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(code);
    expect(JSON.stringify(stored)).not.toContain(linkTokenIn(message!));
    // A resend of the same filing does not queue another code.
    const envelope = await fx.test.database.db.selectFrom('applications').select('envelope').where('id', '=', id).executeTakeFirstOrThrow();
    expect((await fx.app.inject({ method: 'PUT', url: `/api/v1/applications/${id}`, headers: device(), payload: JSON.parse(envelope.envelope) })).statusCode).toBe(200);
    expect(await send()).toEqual({ sent: 0, failed: 0, deferred: 0 });

    const wrong = await verify(id, code === '000000' ? '111111' : '000000');
    expect(wrong.json()).toMatchObject({ error: 'otp_wrong', attemptsLeft: 4 });
    // Typed on a Hindi keyboard, the code is the same code.
    const right = await verify(id, devanagariDigits(code));
    expect([right.statusCode, right.json()]).toEqual([200, { mobileVerified: true, verifiedAt: clock.now().toISOString() }]);
    // One wrong and one right: the office is told of one wrong code.
    expect(await fx.test.database.db.selectFrom('otp_challenges').select('attempts').executeTakeFirstOrThrow()).toEqual({ attempts: 1 });
    expect((await verify(id, code)).statusCode).toBe(200);
    const changes = (await fx.app.inject({ method: 'GET', url: '/api/v1/changes?since=0', headers: device() })).json().changes;
    expect(changes.filter((change: { mobileVerified?: boolean }) => change.mobileVerified)).toEqual([expect.objectContaining({ id, status: 'received', mobileVerified: true })]);
  });

  it('sends more than 100 due codes in one run, each its own, a few write statements a group of them rather than several a code', async () => {
    const filings = 120;
    const filed = [];
    for (let n = 0; n < filings; n++) filed.push(await file(`98766${String(n).padStart(5, '0')}`));
    const writes = queryCounter(isWrite);
    expect(await sendDueCodes(fx.test.database.db.withPlugin(writes.plugin), settings, clock.now())).toEqual({ sent: filings, failed: 0, deferred: 0 });
    // A claim and a mark a group with no refusals (three statements a code, before).
    expect(writes.count).toBeLessThanOrEqual(2 * Math.ceil(filings / SEND_GROUP));
    const byMobile = new Map(gateway.delivered.map((message) => [message.to, message]));
    expect(byMobile.size).toBe(filings);
    // Every code was hashed onto its own challenge in the one statement: the first, a middle and the last verify.
    for (const index of [0, SEND_GROUP, filings - 1]) {
      const response = await verify(filed[index]!.id, codeIn(byMobile.get(`98766${String(index).padStart(5, '0')}`)!));
      expect([index, response.statusCode]).toEqual([index, 200]);
    }
    expect((await verify(filed[1]!.id, codeIn(byMobile.get('9876600002')!))).json()).toMatchObject({ error: 'otp_wrong' });
  });

  it('locks after five wrong codes, even against the right one; an expired code fails; a new code works', async () => {
    const { id } = await file();
    await send();
    const code = codeIn(gateway.delivered[0]!);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let attempt = 1; attempt <= 5; attempt++) {
      const response = await verify(id, wrong);
      expect([response.statusCode, response.json()]).toEqual([422, expect.objectContaining({ error: 'otp_wrong', attemptsLeft: 5 - attempt })]);
    }
    const locked = await verify(id, code);
    expect([locked.statusCode, locked.json().error]).toEqual([423, 'otp_locked']);

    // A new code (from the kiosk); it expires after 10 minutes.
    expect((await fx.app.inject({ method: 'POST', url: `/api/v1/applications/${id}/otp`, headers: device() })).statusCode).toBe(202);
    await send();
    const second = codeIn(gateway.delivered[1]!);
    clock.advanceMs(10 * 60 * 1000 + 1);
    const expired = await verify(id, second);
    expect([expired.statusCode, expired.json().error]).toEqual([410, 'otp_expired']);
    expect((await fx.test.database.db.selectFrom('applications').select('mobile_verified_at').where('id', '=', id).executeTakeFirstOrThrow()).mobile_verified_at).toBeNull();

    expect((await fx.app.inject({ method: 'POST', url: `/api/v1/applications/${id}/otp`, headers: device() })).statusCode).toBe(202);
    await send();
    expect((await verify(id, codeIn(gateway.delivered[2]!))).statusCode).toBe(200);
  });

  it('retries a failing gateway and delivers once; limits codes per mobile an hour without dropping them', async () => {
    gateway = new FlakyGateway(2);
    settings = { ...settings, provider: gateway };
    const { id } = await file('9000000001');
    expect(await send()).toEqual({ sent: 0, failed: 1, deferred: 0 });
    expect(await send()).toEqual({ sent: 0, failed: 0, deferred: 0 }); // not due yet
    clock.advanceMs(10_000);
    expect(await send()).toEqual({ sent: 0, failed: 1, deferred: 0 });
    clock.advanceMs(30_000);
    expect(await send()).toEqual({ sent: 1, failed: 0, deferred: 0 });
    // The code delivered is the one that works.
    expect((await verify(id, codeIn(gateway.delivered[0]!))).statusCode).toBe(200);
    clock.advanceMs(3_600_000);
    expect(await send()).toEqual({ sent: 0, failed: 0, deferred: 0 });
    expect([gateway.calls, gateway.delivered.length]).toEqual([3, 1]);

    // One mobile on four filings in an hour: three codes go, the fourth waits for the hour to pass.
    for (let i = 0; i < 4; i++) await file('9000000002');
    expect(await send()).toEqual({ sent: 3, failed: 0, deferred: 1 });
    clock.advanceMs(3_600_000);
    expect(await send()).toEqual({ sent: 1, failed: 0, deferred: 0 });
    // Asking by hand beyond three an hour is refused with Retry-After.
    const { id: busy } = await file('9000000003');
    for (let i = 0; i < 2; i++) expect((await fx.app.inject({ method: 'POST', url: `/api/v1/applications/${busy}/otp`, headers: device() })).statusCode).toBe(202);
    const limited = await fx.app.inject({ method: 'POST', url: `/api/v1/applications/${busy}/otp`, headers: device() });
    expect([limited.statusCode, limited.json().error, Number(limited.headers['retry-after']) > 0]).toEqual([429, 'rate_limited', true]);
  });

  it('receives a filing with no code ever sent, flags it, and verifies by the SMS link', async () => {
    const { id, applicationNo } = await file();
    // The gateway is down: nothing has gone out, and the filing is received all the same.
    const officer = await signedInOfficer(fx.app, fx.test.database.db, { username: 'meena', role: 'officer', office: 'LKO1' });
    const flagged = (await fx.app.inject({ method: 'GET', url: '/api/v1/office/applications?mobile=unverified', headers: { cookie: officer } })).json();
    expect(flagged.items).toEqual([expect.objectContaining({ id, status: 'received', mobileVerified: false })]);
    expect((await verify(id, '123456')).json().error).toBe('otp_not_sent');

    await send();
    const token = linkTokenIn(gateway.delivered[0]!);
    expect((await fx.app.inject({ method: 'POST', url: '/api/v1/mobile-verification', payload: { token: 'A'.repeat(22) } })).statusCode).toBe(404);
    const linked = await fx.app.inject({ method: 'POST', url: '/api/v1/mobile-verification', payload: { token } });
    expect([linked.statusCode, linked.json()]).toEqual([200, { mobileVerified: true, applicationNo, verifiedAt: clock.now().toISOString() }]);
    expect((await fx.app.inject({ method: 'GET', url: '/api/v1/office/applications?mobile=verified', headers: { cookie: officer } })).json().total).toBe(1);
  });

  it('writes each message as a JSON line with the file provider used in development', async () => {
    const file = path.join(tempDir('sahej-sms-'), 'sms.log');
    await new FileSmsProvider(file).send({ to: '9876543210', text: 'Sahej: 123456 is the code', templateId: 't' });
    expect(JSON.parse(fs.readFileSync(file, 'utf8').trim())).toMatchObject({ to: '9876543210', text: 'Sahej: 123456 is the code', templateId: 't' });
  });
});
