import type { Kysely } from 'kysely';
import { newId } from '../../src/domain/ids';
import { sms } from '../../src/i18n/server/sms';
import type { DB } from '../db/schema';
import { hashLinkToken, newLinkToken, verificationLink } from '../otp/otp-codes';
import { LINK_TTL_MS } from '../otp/otp-service';
import type { SmsLang } from './status-message-kinds';

/**
 * The received message carries a mobile-verification link of its own, because OTP delivery
 * is what failed in the field: if the code SMS never came, this one still lets the
 * applicant prove the number. The link is made only when the message is sent (the outbox
 * keeps `{verify}` as written, never a token), as an `otp_challenges` row in state `link`:
 * it holds only the token's hash, opens like any code SMS's link, has no code to type (so
 * typed-code checks never pick it), and is not an OTP send, so it spends none of the
 * mobile's hourly codes.
 */
export const VERIFY_PLACEHOLDER = '{verify}';

export interface FilledText {
  text: string;
  /** The challenge made for the link: dropped again if the gateway refuses the message. */
  challengeId?: string;
}

export async function fillVerificationLink(db: Kysely<DB>, message: { application_id: string; mobile: string; text: string; language: string }, publicUrl: string, now: Date): Promise<FilledText> {
  if (!message.text.includes(VERIFY_PLACEHOLDER)) return { text: message.text };
  const lang = message.language as SmsLang;
  const application = await db.selectFrom('applications').select('mobile_verified_at').where('id', '=', message.application_id).executeTakeFirst();
  if (!application || application.mobile_verified_at) return { text: message.text.replaceAll(VERIFY_PLACEHOLDER, sms.text(lang, 'fill.verify_done')) };
  const token = newLinkToken();
  const id = newId(now.getTime());
  const at = now.toISOString();
  await db
    .insertInto('otp_challenges')
    .values({ id, application_id: message.application_id, mobile: message.mobile, state: 'link', created_at: at, link_hash: hashLinkToken(token), link_expires_at: new Date(now.getTime() + LINK_TTL_MS).toISOString() })
    .execute();
  return { text: message.text.replaceAll(VERIFY_PLACEHOLDER, verificationLink(publicUrl, token)), challengeId: id };
}

/** The gateway refused the message: its link reached no one. */
export async function dropVerificationLink(db: Kysely<DB>, challengeId: string | undefined): Promise<void> {
  if (challengeId) await db.deleteFrom('otp_challenges').where('id', '=', challengeId).where('state', '=', 'link').execute();
}
