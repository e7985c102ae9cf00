import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { afterFailedSend, CLAIM_MS, MAX_SENDS_PER_RUN, recentSends, SENDS_AT_ONCE, sendInGroups, settleAll, underHourlyCap } from '../otp/send-queue';
import type { SmsProvider } from '../otp/sms-provider';
import { dropVerificationLinks, fillVerificationLinks } from './verification-link';

/** At most this many status messages to one mobile an hour (a family's applications share one); the rest wait, never dropped. */
export const MAX_STATUS_MESSAGES_PER_MOBILE_HOUR = 5;

type DueMessage = Awaited<ReturnType<typeof dueMessages>>[number];

function dueMessages(db: Kysely<DB>, at: string, limit: number) {
  return db
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
    .limit(limit)
    .execute();
}

/**
 * Claims a group in one statement (only rows still queued and due, so several server
 * processes share the queue without sending one message twice), makes their links, sends
 * them, and marks the sent in one more statement. Single statements, not a transaction:
 * each is a commit of its own, and none holds the database across an await.
 */
async function sendGroup(db: Kysely<DB>, group: DueMessage[], { provider, publicUrl }: { provider: SmsProvider; publicUrl: string }, now: Date) {
  const at = now.toISOString();
  const won = await db
    .updateTable('status_messages')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), next_send_at: new Date(now.getTime() + CLAIM_MS).toISOString() }))
    .where('event_seq', 'in', group.map((message) => message.event_seq))
    .where('state', '=', 'queued')
    .where('next_send_at', '<=', at)
    .returning(['event_seq', 'attempts'])
    .execute();
  const attempts = new Map(won.map((row) => [Number(row.event_seq), row.attempts]));
  const claimed = group.filter((message) => attempts.has(Number(message.event_seq)));
  const filled = await fillVerificationLinks(db, claimed, publicUrl, now);
  const outcomes = await settleAll(claimed, SENDS_AT_ONCE, (message, index) => provider.send({ to: message.mobile, text: filled[index]!.text, templateId: message.template_id }));
  const sent = claimed.filter((_, index) => outcomes[index]!.status === 'fulfilled');
  if (sent.length) await db.updateTable('status_messages').set({ state: 'sent', sent_at: at, next_send_at: null, last_error: null }).where('event_seq', 'in', sent.map((message) => message.event_seq)).execute();
  const refused = claimed.flatMap((message, index) => (outcomes[index]!.status === 'rejected' ? [{ message, index }] : []));
  await dropVerificationLinks(db, refused.map(({ index }) => filled[index]!.challengeId));
  for (const { message, index } of refused) {
    const reason = (outcomes[index] as PromiseRejectedResult).reason;
    await db.updateTable('status_messages').set(afterFailedSend(attempts.get(Number(message.event_seq))!, reason, now)).where('event_seq', '=', message.event_seq).execute();
  }
  return { sent: sent.length, failed: refused.length };
}

/**
 * Sends every queued status message that is due, oldest events first, several at once (so
 * two applicants' messages may reach the gateway in either order). A message waits while
 * an earlier one of its application is still queued, so one applicant's never cross
 * ("survey on …" never arrives before "received"). Messages go in small groups, each claimed in one statement and marked in
 * another: on SQLite a statement is a commit, an fsync on the writer's one connection that
 * the filings wait behind, and one message used to cost four of them. A failing gateway is tried
 * again later, and nothing else waits for any of this.
 */
export async function sendDueStatusMessages(db: Kysely<DB>, settings: { provider: SmsProvider; publicUrl: string }, now = new Date()): Promise<{ sent: number; failed: number; deferred: number }> {
  const due = await dueMessages(db, now.toISOString(), MAX_SENDS_PER_RUN);
  if (!due.length) return { sent: 0, failed: 0, deferred: 0 };
  const recent = await recentSends(db, 'status_messages', [...new Set(due.map((message) => message.mobile))], now);
  const { ready, deferred } = underHourlyCap(due, recent, MAX_STATUS_MESSAGES_PER_MOBILE_HOUR, now);
  // Rare (five messages an hour to one mobile), so one statement each.
  for (const { message, until } of deferred) {
    await db.updateTable('status_messages').set({ next_send_at: until }).where('event_seq', '=', message.event_seq).where('state', '=', 'queued').where('next_send_at', '=', message.next_send_at).execute();
  }
  return { ...(await sendInGroups(ready, (group) => sendGroup(db, group, settings, now))), deferred: deferred.length };
}
