import type { Kysely } from 'kysely';
import { newId } from '../../src/domain/ids';
import type { DB } from '../db/schema';
import { ApiError } from '../http-errors';
import { hashLinkToken, hashOtp, newLinkToken, newOtpCode, sameHash, verificationLink } from './otp-codes';
import { afterFailedSend, CLAIM_MS, HOUR_MS, MAX_SENDS_PER_RUN, recentSends, SENDS_AT_ONCE, sendInGroups, settleAll, underHourlyCap } from './send-queue';
import { LOOP_LEASES, type LoopLease } from '../leases/loop-leases';
import { runUnderLease, type LeaseRunner } from '../leases/run-under-lease';
import type { SmsProvider } from './sms-provider';

export { MAX_SEND_ATTEMPTS, sendRetryDelayMs } from './send-queue';

export const OTP_TTL_MS = 10 * 60 * 1000;
/** A link in an SMS may be opened later than a code is typed; it is 128 bits, so it can live longer. */
export const LINK_TTL_MS = 24 * 60 * 60 * 1000;
export const MAX_CODE_ATTEMPTS = 5;
/** At most this many codes to one mobile an hour, whatever the applications. */
export const MAX_SENDS_PER_MOBILE_HOUR = 3;

export interface OtpSettings {
  provider: SmsProvider;
  /** Where the verification link points: the server's public address. */
  publicUrl: string;
  templateId: string;
}

function messageText(code: string, applicationNo: string, link: string): string {
  return `Sahej: ${code} is the code to verify your mobile for electricity application ${applicationNo}. Valid 10 minutes. Or open ${link}`;
}

type DueCode = { id: string; mobile: string; next_send_at: string | null; application_no: string };

/**
 * Claims a group in one statement (only challenges still queued and due, so processes
 * never send one code twice), each with its own new code and link, whose hashes go in by a
 * CASE on the id; sends them; marks the sent in one more statement.
 */
async function sendCodeGroup(db: Kysely<DB>, group: DueCode[], settings: OtpSettings, now: Date): Promise<{ sent: number; failed: number }> {
  const at = now.toISOString();
  const secrets = new Map(group.map((challenge) => [challenge.id, { code: newOtpCode(), token: newLinkToken() }]));
  const won = await db
    .updateTable('otp_challenges')
    .set((eb) => {
      // One CASE on the id a column: each challenge gets its own hashes in the one statement.
      const byId = (value: (id: string) => string) => {
        const [first, ...rest] = group;
        return rest.reduce((cases, challenge) => cases.when('id', '=', challenge.id).then(value(challenge.id)), eb.case().when('id', '=', first!.id).then(value(first!.id))).end();
      };
      return {
        send_attempts: eb('send_attempts', '+', 1),
        next_send_at: new Date(now.getTime() + CLAIM_MS).toISOString(),
        code_hash: byId((id) => hashOtp(id, secrets.get(id)!.code)),
        link_hash: byId((id) => hashLinkToken(secrets.get(id)!.token)),
      };
    })
    .where('id', 'in', group.map((challenge) => challenge.id))
    .where('state', '=', 'queued')
    .where('next_send_at', '<=', at)
    .returning(['id', 'send_attempts'])
    .execute();
  const attempts = new Map(won.map((row) => [row.id, row.send_attempts]));
  const claimed = group.filter((challenge) => attempts.has(challenge.id));
  const outcomes = await settleAll(claimed, SENDS_AT_ONCE, (challenge) => {
    const { code, token } = secrets.get(challenge.id)!;
    return settings.provider.send({ to: challenge.mobile, text: messageText(code, challenge.application_no, verificationLink(settings.publicUrl, token)), templateId: settings.templateId });
  });
  const sent = claimed.filter((_, index) => outcomes[index]!.status === 'fulfilled');
  if (sent.length) {
    await db
      .updateTable('otp_challenges')
      .set({ state: 'sent', sent_at: at, next_send_at: null, last_error: null, expires_at: new Date(now.getTime() + OTP_TTL_MS).toISOString(), link_expires_at: new Date(now.getTime() + LINK_TTL_MS).toISOString() })
      .where('id', 'in', sent.map((challenge) => challenge.id))
      .execute();
  }
  let failed = 0;
  for (const [index, challenge] of claimed.entries()) {
    const outcome = outcomes[index]!;
    if (outcome.status === 'fulfilled') continue;
    failed++;
    // The failed code never reached anyone: forgotten, and a new one made for the retry.
    await db
      .updateTable('otp_challenges')
      .set({ ...afterFailedSend(attempts.get(challenge.id)!, outcome.reason, now), code_hash: null, link_hash: null })
      .where('id', '=', challenge.id)
      .execute();
  }
  return { sent: sent.length, failed };
}

/**
 * Sends every queued code that is due, in small groups (see SEND_GROUP). Each group is
 * claimed first by a conditional update, so several server processes can share the queue
 * without sending one code twice. A failed send is tried again later with a new code (the
 * failed one never reached anyone); the application is never held up by any of this.
 */
export async function sendDueCodes(db: Kysely<DB>, settings: OtpSettings, now = new Date()): Promise<{ sent: number; failed: number; deferred: number }> {
  const due = await db
    .selectFrom('otp_challenges as challenge')
    .innerJoin('applications as application', 'application.id', 'challenge.application_id')
    .select(['challenge.id', 'challenge.mobile', 'challenge.next_send_at', 'application.application_no'])
    .where('challenge.state', '=', 'queued')
    .where('challenge.next_send_at', '<=', now.toISOString())
    .orderBy('challenge.next_send_at')
    .limit(MAX_SENDS_PER_RUN)
    .execute();
  if (!due.length) return { sent: 0, failed: 0, deferred: 0 };
  const recent = await recentSends(db, 'otp_challenges', [...new Set(due.map((challenge) => challenge.mobile))], now);
  const { ready, deferred } = underHourlyCap(due, recent, MAX_SENDS_PER_MOBILE_HOUR, now);
  for (const { message, until } of deferred) {
    await db.updateTable('otp_challenges').set({ next_send_at: until }).where('id', '=', message.id).where('state', '=', 'queued').execute();
  }
  return { ...(await sendInGroups(ready, (group) => sendCodeGroup(db, group, settings, now))), deferred: deferred.length };
}

/**
 * Asks for a new code for an application (the applicant did not get one, or it expired or
 * locked). Earlier codes stop working. Refused with 429 if this mobile had its hour's codes.
 */
export async function requestNewCode(db: Kysely<DB>, applicationId: string, now = new Date()): Promise<{ queuedAt: string }> {
  const application = await db.selectFrom('applications').select(['applicant_mobile', 'mobile_verified_at']).where('id', '=', applicationId).executeTakeFirst();
  if (!application) throw new ApiError('not_found');
  if (!application.applicant_mobile) throw new ApiError('bad_request', { detail: 'this application has no mobile number' });
  if (application.mobile_verified_at) return { queuedAt: application.mobile_verified_at };
  const hourAgo = new Date(now.getTime() - HOUR_MS).toISOString();
  const recent = await db.selectFrom('otp_challenges').select('created_at').where('mobile', '=', application.applicant_mobile).where('created_at', '>', hourAgo).orderBy('created_at').execute();
  if (recent.length >= MAX_SENDS_PER_MOBILE_HOUR) {
    throw new ApiError('rate_limited', { retryAfterSeconds: Math.ceil((new Date(recent[0]!.created_at).getTime() + HOUR_MS - now.getTime()) / 1000) });
  }
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('otp_challenges').set({ state: 'superseded', next_send_at: null }).where('application_id', '=', applicationId).where('state', 'in', ['queued', 'sent', 'locked']).execute();
    await trx.insertInto('otp_challenges').values({ id: newId(now.getTime()), application_id: applicationId, mobile: application.applicant_mobile!, state: 'queued', created_at: at, next_send_at: at }).execute();
  });
  return { queuedAt: at };
}

async function markVerified(db: Kysely<DB>, challengeId: string, applicationId: string, actor: string, now: Date): Promise<string> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('otp_challenges').set({ state: 'verified', verified_at: at }).where('id', '=', challengeId).execute();
    const application = await trx.selectFrom('applications').select(['status', 'office_code', 'mobile_verified_at']).where('id', '=', applicationId).executeTakeFirstOrThrow();
    if (application.mobile_verified_at) return application.mobile_verified_at;
    await trx.updateTable('applications').set({ mobile_verified_at: at }).where('id', '=', applicationId).execute();
    // The event carries the unchanged status so it flows to the devices with the flag.
    await trx.insertInto('application_events').values({ application_id: applicationId, office_code: application.office_code, kind: 'mobile_verified', status: application.status, note: null, actor, at }).execute();
    return at;
  });
}

/** Checks a typed code. Five wrong codes lock the challenge; a locked or expired one needs a new code. */
export async function verifyCode(db: Kysely<DB>, applicationId: string, code: string, actor: string, now = new Date()): Promise<{ verifiedAt: string }> {
  const application = await db.selectFrom('applications').select('mobile_verified_at').where('id', '=', applicationId).executeTakeFirst();
  if (!application) throw new ApiError('not_found');
  if (application.mobile_verified_at) return { verifiedAt: application.mobile_verified_at };
  const challenge = await db
    .selectFrom('otp_challenges')
    .select(['id', 'state', 'code_hash', 'expires_at', 'attempts'])
    .where('application_id', '=', applicationId)
    .where('state', 'in', ['sent', 'locked'])
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (!challenge || !challenge.code_hash) throw new ApiError('otp_not_sent');
  if (challenge.state === 'locked' || challenge.attempts >= MAX_CODE_ATTEMPTS) throw new ApiError('otp_locked');
  if (challenge.expires_at! <= now.toISOString()) throw new ApiError('otp_expired');
  // Count the attempt before judging it, conditionally, so parallel guesses cannot exceed five.
  const counted = await db.updateTable('otp_challenges').set((eb) => ({ attempts: eb('attempts', '+', 1) })).where('id', '=', challenge.id).where('attempts', '<', MAX_CODE_ATTEMPTS).executeTakeFirst();
  if (Number(counted.numUpdatedRows) !== 1) throw new ApiError('otp_locked');
  if (!/^\d{6}$/.test(code) || !sameHash(hashOtp(challenge.id, code), challenge.code_hash)) {
    const attemptsLeft = MAX_CODE_ATTEMPTS - challenge.attempts - 1;
    if (attemptsLeft <= 0) await db.updateTable('otp_challenges').set({ state: 'locked' }).where('id', '=', challenge.id).execute();
    throw new ApiError('otp_wrong', { attemptsLeft });
  }
  // The attempt was counted before it was judged; a right code is not a wrong one (the office reads this as "wrong codes").
  await db.updateTable('otp_challenges').set((eb) => ({ attempts: eb('attempts', '-', 1) })).where('id', '=', challenge.id).execute();
  return { verifiedAt: await markVerified(db, challenge.id, applicationId, actor, now) };
}

/** The link in the SMS: possession of the token proves the mobile. */
export async function verifyLink(db: Kysely<DB>, token: string, now = new Date()): Promise<{ applicationNo: string; verifiedAt: string }> {
  const challenge = await db
    .selectFrom('otp_challenges as challenge')
    .innerJoin('applications as application', 'application.id', 'challenge.application_id')
    .select(['challenge.id', 'challenge.application_id', 'challenge.state', 'challenge.link_expires_at', 'application.application_no'])
    .where('challenge.link_hash', '=', hashLinkToken(token))
    .executeTakeFirst();
  // `link`: the one a received status message carried (server/notify/verification-link.ts).
  if (!challenge || !['sent', 'verified', 'locked', 'link'].includes(challenge.state)) throw new ApiError('not_found');
  if (challenge.link_expires_at! <= now.toISOString() && challenge.state !== 'verified') throw new ApiError('otp_expired');
  return { applicationNo: challenge.application_no, verifiedAt: await markVerified(db, challenge.id, challenge.application_id, 'link', now) };
}

/** Sends due codes now and every `intervalMs` while the server runs. */
export function startOtpDispatcher(db: Kysely<DB>, settings: OtpSettings, lease: LoopLease, onError: (error: unknown) => void, intervalMs = 3_000): LeaseRunner {
  return runUnderLease(db, { ...lease, name: LOOP_LEASES.otpSend, run: () => sendDueCodes(db, settings), intervalMs, onError });
}
