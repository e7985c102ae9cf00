import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { Envelope } from '../../src/domain/envelope';
import { initialsOf, personOf, smsLanguageOf } from '../../src/domain/person';
import { receiptCheckCode } from '../../src/domain/receipt/check-code';
import { statusLinkPath } from '../../src/domain/receipt/status-link';
import type { DB } from '../db/schema';
import { stageOf } from './event-stage';
import type { StatusTemplateIds } from './status-message-kinds';
import { statusMessageText } from './status-message-text';
import { advanceStatusCursor, statusCursor } from './status-cursor';

export interface ProducerSettings {
  /** The server's address as applicants' phones reach it: the status link points here. */
  publicUrl: string;
  templates: StatusTemplateIds;
}

const PAGE = 500;
/** Pages one run reads at most; the rest wait for the next run (every few seconds). */
const MAX_PAGES = 20;
/**
 * How long after its time an event is taken as visible for good. On PostgreSQL sequence
 * numbers are handed out before their transactions commit, so a later number can be seen
 * before an earlier one: the cursor moves only past events this old, and newer ones are
 * read again on the next run (their rows already queued, the insert does nothing), so an
 * event whose transaction committed late is still found.
 */
export const SETTLE_MS = 60 * 1000;
/**
 * An event older than this when first read is not messaged: news two days late is no news,
 * and an outbox that fell behind (the dispatcher off for days) must not flood phones with
 * the backlog. With the cursor every run keeps up, so in practice this never applies.
 */
export const MAX_EVENT_AGE_MS = 2 * 24 * 60 * 60 * 1000;

type EventRow = Awaited<ReturnType<typeof readEvents>>[number];

function readEvents(db: Kysely<DB>, after: number, pageSize: number) {
  return db
    .selectFrom('application_events')
    .select(['seq', 'application_id', 'kind', 'status', 'note_code', 'applicant_note', 'survey_date', 'estimate_amount', 'actor', 'at'])
    .where('seq', '>', after)
    .orderBy('seq')
    .limit(pageSize)
    .execute();
}

/** The receipt's status link, if the filing came with a device receipt (an outside submission has none to prove it with). */
function statusLink(envelope: Envelope, publicUrl: string): string | undefined {
  const receipt = envelope.receipt;
  if (!receipt?.signature) return undefined;
  try {
    return `${publicUrl}${statusLinkPath(receipt.receiptNo, receiptCheckCode(receipt.signature))}`;
  } catch {
    return undefined;
  }
}

/** For each objection event, the answer's due time of the objection it opened (raised in the same transaction, at the event's time). */
async function answerDueTimes(db: Kysely<DB>, events: EventRow[]): Promise<Map<number, string>> {
  const objections = events.filter((event) => event.status === 'objection');
  const due = new Map<number, string>();
  if (!objections.length) return due;
  const rows = await db
    .selectFrom('objections')
    .select(['application_id', 'raised_at', 'answer_due_at'])
    .where('application_id', 'in', [...new Set(objections.map((event) => event.application_id))])
    .execute();
  for (const event of objections) {
    const opened = rows.filter((row) => row.application_id === event.application_id && row.raised_at <= event.at).sort((a, b) => b.raised_at.localeCompare(a.raised_at))[0];
    if (opened) due.set(event.seq, opened.answer_due_at);
  }
  return due;
}

async function queuePage(db: Kysely<DB>, settings: ProducerSettings, events: EventRow[], now: Date): Promise<number> {
  const oldest = new Date(now.getTime() - MAX_EVENT_AGE_MS).toISOString();
  const candidates = events.flatMap((event) => {
    const kind = stageOf(event);
    return kind && event.at >= oldest ? [{ event, kind }] : [];
  });
  if (!candidates.length) return 0;
  // Events still settling are read again every run (up to a minute of them: 60,000 at
  // 1,000 filings/s); those already in the outbox are left out here, before their
  // applications are read and parsed, which took a run hundreds of milliseconds.
  const queuedAlready = new Set(
    (await db.selectFrom('status_messages').select('event_seq').where('event_seq', 'in', candidates.map(({ event }) => event.seq)).execute()).map((row) => Number(row.event_seq)),
  );
  const staged = candidates.filter(({ event }) => !queuedAlready.has(Number(event.seq)));
  if (!staged.length) return 0;
  const applications = await db
    .selectFrom('applications')
    .select(['id', 'application_no', 'applicant_mobile', 'envelope'])
    .where('id', 'in', [...new Set(staged.map(({ event }) => event.application_id))])
    .execute();
  const byId = new Map(applications.map((row) => [row.id, row]));
  const dueTimes = await answerDueTimes(db, staged.map(({ event }) => event));
  const at = now.toISOString();
  const rows = staged.flatMap(({ event, kind }) => {
    const application = byId.get(event.application_id);
    if (!application?.applicant_mobile) return [];
    const envelope = JSON.parse(application.envelope) as Envelope;
    const lang = smsLanguageOf(envelope);
    const text = statusMessageText({
      kind,
      lang,
      applicationNo: application.application_no,
      initials: initialsOf(personOf(envelope).name),
      statusLink: kind === 'received' ? statusLink(envelope, settings.publicUrl) : undefined,
      applicantNote: event.applicant_note,
      noteCode: event.note_code,
      surveyDate: event.survey_date,
      estimateAmount: event.estimate_amount,
      answerDueAt: dueTimes.get(event.seq),
    });
    return [{ event_seq: event.seq, application_id: event.application_id, kind, mobile: application.applicant_mobile, template_id: settings.templates[kind][lang], language: lang, text, state: 'queued', created_at: at, next_send_at: at }];
  });
  if (!rows.length) return 0;
  // Keyed by the event: another process (or this one, a run ago) that queued it already wins.
  const inserted = await db.insertInto('status_messages').values(rows).onConflict((conflict) => conflict.column('event_seq').doNothing()).returning('event_seq').execute();
  return inserted.length;
}

/**
 * Turns the events since the cursor into queued status messages, at most one per event
 * (the outbox is keyed by the event's sequence number), and moves the cursor past the
 * events that have settled. Reads events only; whoever wrote them knows nothing of SMS.
 */
export async function produceStatusMessages(db: Kysely<DB>, settings: ProducerSettings, now = new Date(), pageSize = PAGE): Promise<{ queued: number }> {
  const settled = new Date(now.getTime() - SETTLE_MS).toISOString();
  const cursor = await statusCursor(db, settled);
  let after = cursor;
  let settledUpTo = cursor;
  let stillSettling = false;
  let queued = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    // Between pages the filings' requests go first. On SQLite every query here runs
    // synchronously on the server's one thread and Kysely's awaits yield only to
    // microtasks, so a run of thousands of events would hold every request until it ended
    // (with the outbox on, p99 at 1,000 PUTs/s was 613 ms against 39 ms off, 2026-12-03).
    if (page) await nextTurn();
    const events = await readEvents(db, after, pageSize);
    if (!events.length) break;
    queued += await queuePage(db, settings, events, now);
    for (const event of events) {
      if (stillSettling || event.at > settled) stillSettling = true;
      else settledUpTo = event.seq;
    }
    after = events.at(-1)!.seq;
    if (events.length < pageSize) break;
  }
  await advanceStatusCursor(db, cursor, settledUpTo);
  return { queued };
}
