import { Writable } from 'node:stream';
import { afterEach, expect, it } from 'vitest';
import { serverLoggerOptions } from '../../server/http/logging';
import { sendDueCodes } from '../../server/otp/otp-service';
import type { SmsMessage } from '../../server/otp/sms-provider';
import { createEnrollmentCode } from '../../server/services/devices';
import { createUser } from '../../server/services/users';
import { newId } from '../../src/domain/ids';
import { createApiFixture, TEST_PUBLIC_KEY, type ApiFixture } from '../support/api-fixture';
import { sampleEnvelope } from '../support/sample-envelope';
import { describeEachDatabase } from '../support/test-database';

// What a person or a secret looks like in this flow; none of it may reach the log.
const MOBILE = '9123456780';
const OTHER_MOBILE = '9988776655';
const NAME_DEVANAGARI = 'सुनीता कुमारी';
const NAME_LATIN = 'Sunita Kumari';
const RELATIVE = 'Rameshwar Prasad';
const AADHAAR_LAST4 = '7391';
const PASSWORD = 'mango-lassi 4471 secret';
const WRONG_PASSWORD = 'papaya-shake 5582 guess';

describeEachDatabase('logs without personal data or secrets', (dialect) => {
  let fx: ApiFixture;
  afterEach(async () => {
    await fx?.close();
  });

  it('logs a whole day of work (enrollment, filings, refusals, sign-in, stages, codes, bad tokens) without a name, mobile, Aadhaar digit, token, cookie, password or code', async () => {
    let log = '';
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        log += chunk.toString();
        done();
      },
    });
    // The server's own logger options (server/cli.ts serve), at debug, so nothing is held back by the level.
    fx = await createApiFixture(dialect, { logger: { ...serverLoggerOptions('debug'), stream } });
    const db = fx.test.database.db;

    // Enrollment over HTTP, with its code and the token it hands out.
    const { code: enrollmentCode } = await createEnrollmentCode(db, 'LKO1');
    const enrolled = await fx.app.inject({ method: 'POST', url: '/api/v1/devices/enroll', payload: { code: enrollmentCode, label: 'Counter 3', publicKeyJwk: TEST_PUBLIC_KEY } });
    expect(enrolled.statusCode).toBe(201);
    const { token, deviceId } = enrolled.json() as { token: string; deviceId: string };
    const bearer = { authorization: `Bearer ${token}` };

    // Filings: Devanagari and Latin names, a mobile, an Aadhaar's last four digits.
    const first = sampleEnvelope({ deviceId, name: NAME_DEVANAGARI, mobile: MOBILE });
    (first.data.applicant as { relativeName: string }).relativeName = RELATIVE;
    first.data.applicant.idProof.last4 = AADHAAR_LAST4;
    expect((await fx.app.inject({ method: 'PUT', url: `/api/v1/applications/${first.id}`, headers: bearer, payload: first })).statusCode).toBe(201);
    const second = sampleEnvelope({ deviceId, name: NAME_LATIN, mobile: OTHER_MOBILE });
    const third = sampleEnvelope({ deviceId, name: `${NAME_LATIN} Devi`, mobile: MOBILE });
    const batch = await fx.app.inject({ method: 'POST', url: '/api/v1/applications/batch', headers: bearer, payload: { items: [second, third] } });
    expect(batch.json().results.map((result: { status: number }) => result.status)).toEqual([201, 201]);
    // A refusal that names the fields it refused.
    const refused = sampleEnvelope({ deviceId, name: NAME_DEVANAGARI, mobile: MOBILE });
    refused.data.applicant.idProof.last4 = `${AADHAAR_LAST4}x`;
    (refused.data.premises as { pin: string }).pin = MOBILE;
    expect((await fx.app.inject({ method: 'PUT', url: `/api/v1/applications/${refused.id}`, headers: bearer, payload: refused })).statusCode).toBe(422);

    // The office: a wrong password, the right one, a search by mobile and by name, a CSV, a stage with a note.
    await createUser(db, { username: 'meena', role: 'officer', office: 'LKO1', password: PASSWORD });
    expect((await fx.app.inject({ method: 'POST', url: '/api/v1/office/login', payload: { username: 'meena', password: WRONG_PASSWORD } })).statusCode).toBe(401);
    const login = await fx.app.inject({ method: 'POST', url: '/api/v1/office/login', payload: { username: 'meena', password: PASSWORD } });
    expect(login.statusCode).toBe(200);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const sessionToken = cookie.split('=')[1]!;
    for (const q of [MOBILE, NAME_DEVANAGARI, NAME_LATIN]) {
      expect((await fx.app.inject({ method: 'GET', url: `/api/v1/office/applications?q=${encodeURIComponent(q)}`, headers: { cookie } })).json().total).toBeGreaterThan(0);
      expect((await fx.app.inject({ method: 'GET', url: `/api/v1/office/export.csv?q=${encodeURIComponent(q)}`, headers: { cookie } })).body).toContain(q);
    }
    const detail = await fx.app.inject({ method: 'GET', url: `/api/v1/office/applications/${first.id}`, headers: { cookie } });
    expect(detail.body).toContain(MOBILE);
    const moved = await fx.app.inject({ method: 'POST', url: `/api/v1/office/applications/${first.id}/transitions`, headers: { cookie }, payload: { to: 'objection', note: `Call ${NAME_LATIN} on ${MOBILE}` } });
    expect(moved.statusCode).toBe(200);

    // Mobile codes: sent, a wrong one, the right one; a link for the other filing.
    const delivered: SmsMessage[] = [];
    await sendDueCodes(db, { provider: { name: 'capture', send: async (message) => void delivered.push(message) }, publicUrl: 'https://sahej.example.in', templateId: 't' });
    const codeFor = (mobile: string) => /(\d{6}) is the code/.exec(delivered.find((message) => message.to === mobile)!.text)![1]!;
    const linkFor = (mobile: string) => /\/V\/#([\w-]{22})/.exec(delivered.find((message) => message.to === mobile)!.text)![1]!;
    const otp = codeFor(MOBILE);
    const wrongOtp = otp === '000000' ? '111111' : '000000';
    expect((await fx.app.inject({ method: 'POST', url: `/api/v1/applications/${first.id}/verify-mobile`, headers: bearer, payload: { code: wrongOtp } })).statusCode).toBe(422);
    expect((await fx.app.inject({ method: 'POST', url: `/api/v1/applications/${first.id}/verify-mobile`, headers: bearer, payload: { code: otp } })).statusCode).toBe(200);
    const link = linkFor(OTHER_MOBILE);
    expect((await fx.app.inject({ method: 'POST', url: '/api/v1/mobile-verification', payload: { token: link } })).statusCode).toBe(200);
    expect((await fx.app.inject({ method: 'POST', url: `/api/v1/office/applications/${third.id}/otp`, headers: { cookie } })).statusCode).toBe(202);

    // An answer to the objection, with the applicant's words.
    const addition = { id: newId(), applicationId: first.id, kind: 'objection_answer', text: `${NAME_DEVANAGARI} ने कागज़ दिए, ${MOBILE}`, documents: [], capturedAt: new Date().toISOString(), deviceId, operatorId: 'op-17' };
    expect((await fx.app.inject({ method: 'PUT', url: `/api/v1/applications/${first.id}/additions/${addition.id}`, headers: bearer, payload: addition })).statusCode).toBe(201);

    // Wrong and stolen-looking credentials.
    expect((await fx.app.inject({ method: 'GET', url: '/api/v1/changes?since=0', headers: { authorization: `Bearer ${token}-not` } })).statusCode).toBe(401);
    expect((await fx.app.inject({ method: 'GET', url: '/api/v1/office/me', headers: { cookie: `sahej_session=${sessionToken}-not` } })).statusCode).toBe(401);
    expect((await fx.app.inject({ method: 'POST', url: '/api/v1/office/logout', headers: { cookie } })).statusCode).toBe(204);

    // The log said something (so the test is not vacuous), and nothing it must not.
    expect(log).toContain('application put');
    expect(log).toContain('officer signed in');
    expect(log).toContain(first.id);
    // Process ids and timestamps are digits too: judge only what the routes put in the lines.
    const lines = log
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .map(({ time: _time, pid: _pid, hostname: _hostname, ...rest }) => JSON.stringify(rest));
    const text = lines.join('\n');
    const secrets: Record<string, string | RegExp> = {
      mobile: MOBILE,
      'other mobile': OTHER_MOBILE,
      'mobile, spaced': /91234\s?56780/,
      'Devanagari name': 'सुनीता',
      'Latin name': /sunita/i,
      'relative name': /rameshwar/i,
      'Aadhaar last four': new RegExp(`(?<!\\d)${AADHAAR_LAST4}(?!\\d)`),
      'enrollment code': enrollmentCode,
      'enrollment code, bare': enrollmentCode.replace('-', ''),
      'device token': token.slice(6),
      'session token': sessionToken,
      password: PASSWORD,
      'wrong password': WRONG_PASSWORD,
      'OTP code': new RegExp(`(?<!\\d)${otp}(?!\\d)`),
      'wrong OTP code': new RegExp(`(?<!\\d)${wrongOtp}(?!\\d)`),
      'link token': link,
    };
    const found = Object.entries(secrets).filter(([, secret]) => (typeof secret === 'string' ? text.includes(secret) : secret.test(text)));
    expect(
      found.map(([what, secret]) => `${what}: ${lines.find((line) => (typeof secret === 'string' ? line.includes(secret) : secret.test(line)))}`),
      'log lines carrying personal data or secrets',
    ).toEqual([]);
  });
});
