import type { Insertable, Kysely } from 'kysely';
import { newId } from '../../src/domain/ids';
import { sms } from '../../src/i18n/server/sms';
import type { DB, OtpChallengesTable } from '../db/schema';
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

interface LinkMessage {
  application_id: string;
  mobile: string;
  text: string;
  language: string;
}

/** The texts of several messages about to be sent, each link made as a challenge row: one read and one insert for them all. */
export async function fillVerificationLinks(db: Kysely<DB>, messages: readonly LinkMessage[], publicUrl: string, now: Date): Promise<FilledText[]> {
  const linked = messages.filter((message) => message.text.includes(VERIFY_PLACEHOLDER));
  const verified = new Map<string, string | null>();
  if (linked.length) {
    const rows = await db.selectFrom('applications').select(['id', 'mobile_verified_at']).where('id', 'in', [...new Set(linked.map((message) => message.application_id))]).execute();
    for (const row of rows) verified.set(row.id, row.mobile_verified_at);
  }
  const at = now.toISOString();
  const challenges: Insertable<OtpChallengesTable>[] = [];
  const filled = messages.map((message): FilledText => {
    if (!message.text.includes(VERIFY_PLACEHOLDER)) return { text: message.text };
    const lang = message.language as SmsLang;
    // Gone, or proved already: the message says so instead of carrying a link.
    if (!verified.has(message.application_id) || verified.get(message.application_id)) return { text: message.text.replaceAll(VERIFY_PLACEHOLDER, sms.text(lang, 'fill.verify_done')) };
    const token = newLinkToken();
    const id = newId(now.getTime());
    challenges.push({ id, application_id: message.application_id, mobile: message.mobile, state: 'link', created_at: at, link_hash: hashLinkToken(token), link_expires_at: new Date(now.getTime() + LINK_TTL_MS).toISOString() });
    return { text: message.text.replaceAll(VERIFY_PLACEHOLDER, verificationLink(publicUrl, token)), challengeId: id };
  });
  if (challenges.length) await db.insertInto('otp_challenges').values(challenges).execute();
  return filled;
}

/** The gateway refused these messages: their links reached no one. */
export async function dropVerificationLinks(db: Kysely<DB>, challengeIds: readonly (string | undefined)[]): Promise<void> {
  const ids = challengeIds.filter((id): id is string => id !== undefined);
  if (ids.length) await db.deleteFrom('otp_challenges').where('id', 'in', ids).where('state', '=', 'link').execute();
}
