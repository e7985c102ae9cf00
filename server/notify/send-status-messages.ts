import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { afterFailedSend, CLAIM_MS, HOUR_MS, rateLimitedUntil } from '../otp/send-queue';
import type { SmsProvider } from '../otp/sms-provider';
import { dropVerificationLink, fillVerificationLink } from './verification-link';

/** At most this many status messages to one mobile an hour (a family's applications share one); the rest wait, never dropped. */
export const MAX_STATUS_MESSAGES_PER_MOBILE_HOUR = 5;

/**
 * Sends every queued status message that is due, oldest event first. A message waits while
 * an earlier one of its application is still queued (so "survey on …" never arrives before
 * "received"). Each send is claimed by a conditional update first, so several server
 * processes share the queue without sending one message twice; a failing gateway is tried
 * again later, and nothing else waits for any of this.
 */
export async function sendDueStatusMessages(db: Kysely<DB>, { provider, publicUrl }: { provider: SmsProvider; publicUrl: string }, now = new Date()): Promise<{ sent: number; failed: number; deferred: number }> {
  const at = now.toISOString();
  const due = await db
    .selectFrom('status_messages as message')
    .select(['message.event_seq', 'message.application_id', 'message.language', 'message.mobile', 'message.text', 'message.template_id', 'message.attempts', 'message.next_send_at'])
    .where('message.state', '=', 'queued')
    .where('message.next_send_at', '<=', at)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('status_messages as earlier')
            .select('earlier.event_seq')
            .whereRef('earlier.application_id', '=', 'message.application_id')
            .whereRef('earlier.event_seq', '<', 'message.event_seq')
            .where('earlier.state', '=', 'queued'),
        ),
      ),
    )
    .orderBy('message.event_seq')
    .limit(100)
    .execute();
  const tally = { sent: 0, failed: 0, deferred: 0 };
  for (const message of due) {
    const recent = await db
      .selectFrom('status_messages')
      .select('sent_at')
      .where('mobile', '=', message.mobile)
      .where('sent_at', '>', new Date(now.getTime() - HOUR_MS).toISOString())
      .orderBy('sent_at')
      .execute();
    const nextAt = rateLimitedUntil(recent.map((row) => row.sent_at!), MAX_STATUS_MESSAGES_PER_MOBILE_HOUR);
    if (nextAt) {
      await db.updateTable('status_messages').set({ next_send_at: nextAt }).where('event_seq', '=', message.event_seq).where('state', '=', 'queued').where('next_send_at', '=', message.next_send_at).execute();
      tally.deferred++;
      continue;
    }
    const attempt = message.attempts + 1;
    const claimed = await db
      .updateTable('status_messages')
      .set({ attempts: attempt, next_send_at: new Date(now.getTime() + CLAIM_MS).toISOString() })
      .where('event_seq', '=', message.event_seq)
      .where('state', '=', 'queued')
      .where('next_send_at', '=', message.next_send_at)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    const filled = await fillVerificationLink(db, message, publicUrl, now);
    try {
      await provider.send({ to: message.mobile, text: filled.text, templateId: message.template_id });
    } catch (error) {
      await dropVerificationLink(db, filled.challengeId);
      await db.updateTable('status_messages').set(afterFailedSend(attempt, error, now)).where('event_seq', '=', message.event_seq).execute();
      tally.failed++;
      continue;
    }
    await db.updateTable('status_messages').set({ state: 'sent', sent_at: at, next_send_at: null, last_error: null }).where('event_seq', '=', message.event_seq).execute();
    tally.sent++;
  }
  return tally;
}
