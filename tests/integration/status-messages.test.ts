import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { addDaysToInstant } from '../../src/domain/dates';
import { receiptCheckCode } from '../../src/domain/receipt/check-code';
import { statusLinkPath } from '../../src/domain/receipt/status-link';
import { readConfig } from '../../server/config';
import type { DB } from '../../server/db/schema';
import { dispatchStatusMessages, statusMessageSettings, type StatusMessageSettings } from '../../server/notify/status-dispatcher';
import { MAX_STATUS_MESSAGES_PER_MOBILE_HOUR, sendDueStatusMessages } from '../../server/notify/send-status-messages';
import { SEND_GROUP } from '../../server/otp/send-queue';
import { produceStatusMessages } from '../../server/notify/produce-status-messages';
import type { SmsMessage } from '../../server/otp/sms-provider';
import { FlakyGateway } from '../support/flaky-gateway';
import { isWrite, queryCounter } from '../support/query-counter';
import { cancelUnansweredObjections } from '../../server/services/objections';
import { changeStatus } from '../../server/services/status';
import { verifyCode, verifyLink } from '../../server/otp/otp-service';
import { createApiFixture, type ApiFixture } from '../support/api-fixture';
import { testClock } from '../support/office-fixture';
import { enrollSignedDevice, fileSigned, type SignedDevice } from '../support/signed-device';
import { tempDir } from '../support/temp-dirs';
import { describeEachDatabase } from '../support/test-database';

const PUBLIC_URL = 'https://sahej.example.in';
const NAME = 'सीता देवी';
const MOBILE = '9876543210';

describeEachDatabase('status messages to applicants', (dialect) => {
  let fx: ApiFixture;
  let clock: ReturnType<typeof testClock>;
  let device: SignedDevice;
  let smsFile: string;
  let settings: StatusMessageSettings;
  let db: Kysely<DB>;
  beforeEach(async () => {
    clock = testClock(new Date('2026-11-02T05:00:00Z'));
    fx = await createApiFixture(dialect, { now: clock.now });
    db = fx.test.database.db;
    device = await enrollSignedDevice(fx.app, db);
    smsFile = path.join(tempDir('sahej-sms-'), 'sms.log');
    // The server's own configuration, as `serve` reads it: the file provider and the default template ids.
    settings = statusMessageSettings(readConfig({ SMS_FILE: smsFile, PUBLIC_URL }));
    // The first run starts the cursor: what happened before it is history, never messaged.
    await dispatch();
  });
  afterEach(async () => {
    await fx.close();
  });

  const dispatch = (using = settings, database = db) => dispatchStatusMessages(database, using, clock.now());
  const lines = (): (SmsMessage & { at: string })[] => (fs.existsSync(smsFile) ? fs.readFileSync(smsFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line)) : []);
  let sequence = 0;
  const file = (options: Parameters<typeof fileSigned>[2] = {}) => fileSigned(fx.app, device, { name: NAME, mobile: MOBILE, capturedAt: clock.now(), ...options }, ++sequence);

  /** A move as the console makes it, its details (migration 0042) with it. */
  async function move(id: string, to: string, details: { note?: string; applicantNote?: string; surveyDate?: string; estimateAmount?: number; answered?: boolean } = {}) {
    const { note, answered, ...fields } = details;
    await changeStatus(db, { id, to, note: note ?? `moved to ${to}`, actor: 'meena', ...fields, ...(answered ? { systemNote: { code: 'objection_answered', params: { answer: 'Deed attached' } }, objectionOutcome: 'answered' as const } : {}) }, clock.now());
  }

  /** Runs the loop twice (a second run must add nothing) and returns the lines it wrote. */
  async function newLines(): Promise<(SmsMessage & { at: string })[]> {
    const before = lines().length;
    await dispatch();
    await dispatch();
    return lines().slice(before);
  }

  it('each listed stage writes exactly one message, in Hindi by default, under its template, with only the number, initials and what the stage needs', async () => {
    const filed = await file();
    const { id } = filed.envelope;
    const applicationNo = filed.ack.applicationNo as string;
    const expectLine = async (kind: string, ...parts: string[]) => {
      const written = await newLines();
      expect(written.map((line) => [line.to, line.templateId])).toEqual([[MOBILE, `dev-status-${kind}-hi`]]);
      for (const part of [applicationNo, 'सी. दे.', ...parts]) expect(written[0]!.text).toContain(part);
      clock.advanceMs(2 * 60 * 60 * 1000); // past the hour's limit, which its own test holds
      return written[0]!;
    };

    // Received, with the link to the status page: the receipt's number and check code, whether the mobile is verified or not.
    const link = `${PUBLIC_URL}${statusLinkPath(filed.envelope.receipt.receiptNo, receiptCheckCode(filed.envelope.receipt.signature))}`;
    const received = await expectLine('received', link, 'मिल गया');
    expect(received.text.startsWith('सहेज:')).toBe(true);

    const raisedAt = clock.now().toISOString();
    await move(id, 'objection', { note: 'Deed looks forged', applicantNote: 'Bring the sale deed of the house' });
    await expectLine('objection', 'Bring the sale deed of the house', '23-11-2026');
    expect(addDaysToInstant(raisedAt, 21).slice(0, 10)).toBe('2026-11-23');

    await move(id, 'under_review', { answered: true });
    await expectLine('objection-answered', 'उत्तर मिल गया');

    await move(id, 'survey_scheduled', { surveyDate: '2026-11-14' });
    await expectLine('survey-scheduled', '14-11-2026');

    await move(id, 'estimate_issued', { estimateAmount: 125000 });
    await expectLine('estimate-issued', '₹1,25,000', 'भुगतान');

    // Paid and metered: steps the applicant took part in, not messaged.
    await move(id, 'estimate_paid');
    await move(id, 'meter_installed');
    expect(await newLines()).toEqual([]);

    await move(id, 'connected');
    await expectLine('connected', 'बधाई');

    // Nothing personal beyond the number and initials: not the name, the mobile, the address or the office's own notes.
    const texts = lines().map((line) => line.text).join('\n');
    for (const secret of [NAME, 'सीता', MOBILE, 'Gali 4', 'Aliganj', '226024', 'Ram Prasad', 'Deed looks forged', 'moved to', 'Deed attached', '2346']) expect(texts).not.toContain(secret);
    expect(lines()).toHaveLength(6);
    const rows = await db.selectFrom('status_messages').select(['kind', 'language', 'state', 'attempts']).orderBy('event_seq').execute();
    expect(rows).toEqual(['received', 'objection', 'objection_answered', 'survey_scheduled', 'estimate_issued', 'connected'].map((kind) => ({ kind, language: 'hi', state: 'sent', attempts: 1 })));
  });

  it('writes in English when the applicant chose it at capture; rejected and cancelled carry the reason in short, or a generic one', async () => {
    const english = await file({ smsLanguage: 'en' });
    const rejectedLater = await file({ smsLanguage: 'en', mobile: '9876500001' });
    const lapsing = await file({ mobile: '9876500002' });
    // Messages to different applicants go out several at once, so they may be written in any order.
    const inFilingOrder = (written: SmsMessage[]) => [...written].sort((a, b) => [MOBILE, '9876500001', '9876500002'].indexOf(a.to) - [MOBILE, '9876500001', '9876500002'].indexOf(b.to));
    const written = inFilingOrder(await newLines());
    expect(written.map((line) => [line.to, line.templateId])).toEqual([
      [MOBILE, 'dev-status-received-en'],
      ['9876500001', 'dev-status-received-en'],
      ['9876500002', 'dev-status-received-hi'],
    ]);
    expect(written[0]!.text).toContain(`Sahej: सी. दे., your electricity connection application ${english.ack.applicationNo as string} has reached the office`);

    const longNote = `Your load exceeds the line capacity in this lane; ${'apply again after the new transformer is commissioned '.repeat(3)}`;
    await move(english.envelope.id, 'rejected', { note: 'Transformer overloaded, feeder 7', applicantNote: longNote });
    await move(rejectedLater.envelope.id, 'rejected', { note: 'Duplicate of LKO1-000001' });
    await move(lapsing.envelope.id, 'objection', { note: 'No ID proof on file' });
    const moved = inFilingOrder(await newLines());
    expect(moved.map((line) => line.templateId)).toEqual(['dev-status-rejected-en', 'dev-status-rejected-en', 'dev-status-objection-hi']);
    expect(moved[0]!.text).toContain('Reason: Your load exceeds the line capacity in this lane; apply again after');
    expect(moved[0]!.text.endsWith('…')).toBe(true);
    expect(moved[1]!.text).toContain('Reason: contact your electricity office for details');
    expect(moved[2]!.text).toContain('विवरण के लिए अपने बिजली कार्यालय से संपर्क करें');
    for (const line of moved) expect(line.text).not.toMatch(/feeder 7|Duplicate of|No ID proof/);

    // Unanswered for 21 days: cancelled by the timer, and told why.
    clock.advanceDays(22);
    await cancelUnansweredObjections(db, clock.now());
    const cancelled = await newLines();
    expect(cancelled.map((line) => [line.to, line.templateId])).toEqual([['9876500002', 'dev-status-cancelled-hi']]);
    expect(cancelled[0]!.text).toContain('आपत्ति का उत्तर 21 दिनों में नहीं मिला');
  });

  it('messages nothing of the history before its first run, nor events that are no stage of the list', async () => {
    const old = await file();
    await move(old.envelope.id, 'under_review');
    // A new server (or a restored one) starts its cursor on its first run, after these.
    await db.deleteFrom('server_meta').where('key', '=', 'status_messages.cursor').execute();
    clock.advanceMs(2 * 60 * 1000);
    expect(await newLines()).toEqual([]);

    const fresh = await file({ mobile: '9876500003' });
    await newLines();
    const at = clock.now().toISOString();
    // A mobile verified, a kiosk's addition, a filing brought back by import: no message.
    await db
      .insertInto('application_events')
      .values([
        { application_id: fresh.envelope.id, office_code: 'LKO1', kind: 'mobile_verified', status: 'received', note: null, actor: 'link', at },
        { application_id: fresh.envelope.id, office_code: 'LKO1', kind: 'objection_answer', status: null, note: 'Deed attached', actor: device.deviceId, at },
        { application_id: old.envelope.id, office_code: 'LKO1', kind: 'received', status: 'received', note: null, actor: 'import', at },
      ])
      .execute();
    await move(fresh.envelope.id, 'under_review');
    expect(await newLines()).toEqual([]);
    expect(await db.selectFrom('status_messages').select('kind').execute()).toEqual([{ kind: 'received' }]);
  });

  it('never sends one message twice when two server processes run the loop at once', async () => {
    const other = fx.test.openAnother().db;
    for (let n = 0; n < 4; n++) await file({ mobile: `98765000${String(n).padStart(2, '0')}` });
    const runs = await Promise.all([dispatch(settings, db), dispatch(settings, other), dispatch(settings, db), dispatch(settings, other)]);
    expect(runs.reduce((sum, run) => sum + run.queued, 0)).toBe(4);
    runs.push(...(await Promise.all([dispatch(settings, db), dispatch(settings, other)])));
    expect(runs.reduce((sum, run) => sum + run.sent, 0)).toBe(4);
    expect(lines().map((line) => line.to).sort()).toEqual(['9876500000', '9876500001', '9876500002', '9876500003']);
  });

  it('sends more than 100 due messages in one run, a few write statements a group of them rather than several a message', async () => {
    const filings = 120;
    for (let n = 0; n < filings; n++) await file({ mobile: `98766${String(n).padStart(5, '0')}` });
    expect(await produceStatusMessages(db, settings, clock.now())).toEqual({ queued: filings });
    const writes = queryCounter(isWrite);
    expect(await sendDueStatusMessages(db.withPlugin(writes.plugin), settings, clock.now())).toEqual({ sent: filings, failed: 0, deferred: 0 });
    // Claim, links and marks: three a group with no refusals (four a message, before).
    expect(writes.count).toBeLessThanOrEqual(3 * Math.ceil(filings / SEND_GROUP));
    expect(new Set(lines().map((line) => line.to)).size).toBe(filings);
    expect(await db.selectFrom('status_messages').select('state').where('state', '!=', 'sent').execute()).toEqual([]);
  });

  it('reads no application again for events of the settling minute it has queued already', async () => {
    for (let n = 0; n < 3; n++) await file({ mobile: `98765002${String(n).padStart(2, '0')}` });
    expect(await produceStatusMessages(db, settings, clock.now())).toEqual({ queued: 3 });
    // The events are under a minute old, so the next run reads them again: their outbox rows stand, their applications are not read.
    const applicationReads = queryCounter((node) => node.kind === 'SelectQueryNode' && JSON.stringify(node.from).includes('"applications"'));
    expect(await produceStatusMessages(db.withPlugin(applicationReads.plugin), settings, clock.now())).toEqual({ queued: 0 });
    expect(applicationReads.count).toBe(0);
    // A new event among them is still read and queued.
    await file({ mobile: '9876500299' });
    applicationReads.reset();
    expect(await produceStatusMessages(db.withPlugin(applicationReads.plugin), settings, clock.now())).toEqual({ queued: 1 });
    expect(applicationReads.count).toBe(1);
  });

  it('lets waiting requests go between pages of events (on SQLite every query runs on the server\'s one thread)', async () => {
    for (let n = 0; n < 5; n++) await file({ mobile: `98765001${String(n).padStart(2, '0')}` });
    // Counts turns of the event loop while the producer reads 5 events 2 at a time: 3 pages, so 2 turns at least.
    let turns = 0;
    let counting = true;
    const tick = () => {
      if (!counting) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    const { queued } = await produceStatusMessages(db, settings, clock.now(), 2);
    counting = false;
    expect(queued).toBe(5);
    expect(turns).toBeGreaterThanOrEqual(2);
  });

  it('retries a failing gateway and delivers once; a later message of the application waits for the earlier one', async () => {
    const gateway = new FlakyGateway(2);
    const flaky = { ...settings, provider: gateway };
    const filed = await file();
    await move(filed.envelope.id, 'objection', { applicantNote: 'Bring the sale deed' });
    expect(await dispatch(flaky)).toEqual({ queued: 2, sent: 0, failed: 1, deferred: 0 });
    // Not due yet: the retry waits 10 s, and the objection waits behind the received message.
    expect(await dispatch(flaky)).toEqual({ queued: 0, sent: 0, failed: 0, deferred: 0 });
    clock.advanceMs(10_000);
    expect(await dispatch(flaky)).toEqual({ queued: 0, sent: 0, failed: 1, deferred: 0 });
    clock.advanceMs(30_000);
    expect(await dispatch(flaky)).toEqual({ queued: 0, sent: 1, failed: 0, deferred: 0 });
    // The objection, free to go once the received message is out.
    expect(await dispatch(flaky)).toEqual({ queued: 0, sent: 1, failed: 0, deferred: 0 });
    clock.advanceMs(60 * 60 * 1000);
    expect(await dispatch(flaky)).toEqual({ queued: 0, sent: 0, failed: 0, deferred: 0 });
    expect(gateway.calls).toBe(4);
    expect(gateway.delivered.map((message) => message.templateId)).toEqual(['dev-status-received-hi', 'dev-status-objection-hi']);
    const rows = await db.selectFrom('status_messages').select(['kind', 'state', 'attempts', 'last_error']).orderBy('event_seq').execute();
    expect(rows).toEqual([
      { kind: 'received', state: 'sent', attempts: 3, last_error: null },
      { kind: 'objection', state: 'sent', attempts: 1, last_error: null },
    ]);
  });

  it(`holds ${MAX_STATUS_MESSAGES_PER_MOBILE_HOUR} messages an hour to one mobile: the rest are deferred, then sent, none dropped`, async () => {
    const start = clock.now().toISOString();
    const filings = MAX_STATUS_MESSAGES_PER_MOBILE_HOUR + 2;
    for (let n = 0; n < filings; n++) await file();
    await file({ mobile: '9876500009' });
    expect(await dispatch()).toEqual({ queued: filings + 1, sent: MAX_STATUS_MESSAGES_PER_MOBILE_HOUR + 1, failed: 0, deferred: 2 });
    clock.advanceMs(30 * 60 * 1000);
    expect(await dispatch()).toEqual({ queued: 0, sent: 0, failed: 0, deferred: 0 });
    clock.advanceMs(30 * 60 * 1000);
    expect(await dispatch()).toEqual({ queued: 0, sent: 2, failed: 0, deferred: 0 });
    expect(lines().filter((line) => line.to === MOBILE)).toHaveLength(filings);
    const sent = await db.selectFrom('status_messages').select(['sent_at']).where('mobile', '=', MOBILE).orderBy('event_seq').execute();
    const anHourOn = new Date(new Date(start).getTime() + 60 * 60 * 1000).toISOString();
    expect(sent.map((row) => row.sent_at)).toEqual([...Array<string>(MAX_STATUS_MESSAGES_PER_MOBILE_HOUR).fill(start), anHourOn, anHourOn]);
  });

  it('the received message carries a mobile-verification link of its own, made only as it is sent, spending none of the codes', async () => {
    const filed = await file();
    const { id } = filed.envelope;
    const [received] = await newLines();
    const token = /\/V\/#([A-Za-z0-9_-]+)/.exec(received!.text)?.[1];
    expect(received!.text).toContain(`मोबाइल की पुष्टि: ${PUBLIC_URL}/V/#`);
    expect(token).toBeTruthy();
    // The outbox keeps the placeholder, never the token; the challenge keeps only its hash.
    const stored = await db.selectFrom('status_messages').select('text').where('application_id', '=', id).executeTakeFirstOrThrow();
    expect(stored.text).toContain('{verify}');
    expect(stored.text).not.toContain(token!);
    const challenges = await db.selectFrom('otp_challenges').select(['state', 'link_hash', 'code_hash', 'sent_at']).where('application_id', '=', id).execute();
    expect(challenges.filter((row) => row.state === 'link')).toEqual([{ state: 'link', link_hash: expect.any(String), code_hash: null, sent_at: null }]);
    expect(JSON.stringify(challenges)).not.toContain(token!);
    // Typed codes never pick the link's row: with no code sent yet, the answer is "not sent", as before.
    await expect(verifyCode(db, id, '123456', 'kiosk', clock.now())).rejects.toMatchObject({ code: 'otp_not_sent' });
    // Opening it proves the mobile.
    await expect(verifyLink(db, token!, clock.now())).resolves.toMatchObject({ applicationNo: filed.ack.applicationNo });
    expect((await db.selectFrom('applications').select('mobile_verified_at').where('id', '=', id).executeTakeFirstOrThrow()).mobile_verified_at).toBe(clock.now().toISOString());

    // A mobile already verified gets no link, and the message says so.
    clock.advanceMs(2 * 60 * 60 * 1000);
    const verified = await file({ smsLanguage: 'en', mobile: '9876500004' });
    await db.updateTable('applications').set({ mobile_verified_at: clock.now().toISOString() }).where('id', '=', verified.envelope.id).execute();
    const [english] = await newLines();
    expect(english!.text).toContain('Confirm your mobile: already done');
    expect(english!.text).not.toContain('/V/#');
  });

  it('a refused send leaves no link behind: the retry makes a new one', async () => {
    const gateway = new FlakyGateway(1);
    const filed = await file();
    await dispatch({ ...settings, provider: gateway });
    expect(await db.selectFrom('otp_challenges').select('state').where('application_id', '=', filed.envelope.id).where('state', '=', 'link').execute()).toEqual([]);
    clock.advanceMs(10_000);
    await dispatch({ ...settings, provider: gateway });
    expect(gateway.delivered).toHaveLength(1);
    expect(await db.selectFrom('otp_challenges').select('state').where('application_id', '=', filed.envelope.id).where('state', '=', 'link').execute()).toEqual([{ state: 'link' }]);
  });
});
