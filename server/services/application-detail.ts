import type { Kysely } from 'kysely';
import type { Addition } from '../../src/domain/addition';
import type { Envelope } from '../../src/domain/envelope';
import { nextStatuses, type Status } from '../../src/domain/status';
import type { DB } from '../db/schema';
import { ApiError } from '../http-errors';
import type { ApplicationDetail } from '../../src/domain/wire';
import { backlogItem } from './backlog';
import { storedNote } from './event-notes';

export type { ApplicationDetail };

/** Everything the console's detail page shows, in a handful of queries. */
export async function applicationDetail(db: Kysely<DB>, id: string, now = new Date()): Promise<ApplicationDetail> {
  const row = await db
    .selectFrom('applications')
    .select(['id', 'application_no', 'receipt_no', 'office_code', 'type', 'status', 'received_at', 'envelope', 'applicant_mobile', 'area', 'due_at', 'mobile_verified_at', 'survey_date', 'estimate_amount'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new ApiError('not_found');
  const [documents, history, objections, additions, otp] = await Promise.all([
    db
      .selectFrom('application_documents as link')
      .leftJoin('documents as document', 'document.sha256', 'link.sha256')
      .select(['link.sha256', 'link.kind', 'document.mime', 'document.size'])
      .where('link.application_id', '=', id)
      .execute(),
    db.selectFrom('application_events').select(['seq', 'kind', 'status', 'note', 'note_code', 'note_params', 'applicant_note', 'survey_date', 'estimate_amount', 'actor', 'at']).where('application_id', '=', id).orderBy('seq').execute(),
    db.selectFrom('objections').selectAll().where('application_id', '=', id).orderBy('raised_at').execute(),
    db.selectFrom('application_additions').select(['body', 'received_at']).where('application_id', '=', id).orderBy('received_at').execute(),
    // The latest code sent; a status message's link (state `link`) is no code and has no send to show.
    db.selectFrom('otp_challenges').selectAll().where('application_id', '=', id).where('state', '!=', 'link').orderBy('created_at', 'desc').executeTakeFirst(),
  ]);
  const envelope = JSON.parse(row.envelope) as Envelope;
  return {
    ...backlogItem(row, now),
    envelope,
    documents: documents.map((document) => ({ sha256: document.sha256, kind: document.kind, mime: document.mime ?? null, size: document.size === null || document.size === undefined ? null : Number(document.size), present: document.mime != null })),
    history: history.map(({ seq, kind, status, note, note_code, note_params, applicant_note, survey_date, estimate_amount, actor, at }) => ({
      seq: Number(seq),
      kind,
      status,
      note,
      ...storedNote({ note_code, note_params }),
      applicantNote: applicant_note,
      surveyDate: survey_date,
      estimateAmount: estimate_amount === null ? null : Number(estimate_amount),
      actor,
      at,
    })),
    objections: objections.map((objection) => ({
      id: objection.id,
      reason: objection.reason,
      raisedBy: objection.raised_by,
      raisedAt: objection.raised_at,
      answerDueAt: objection.answer_due_at,
      closedAt: objection.closed_at,
      outcome: objection.outcome,
      additionId: objection.addition_id,
    })),
    additions: additions.map((addition) => ({ ...(JSON.parse(addition.body) as Addition), receivedAt: addition.received_at })),
    otp: otp ? { state: otp.state, sentAt: otp.sent_at, attempts: otp.attempts, sendAttempts: otp.send_attempts, lastError: otp.last_error, verifiedAt: otp.verified_at } : null,
    next: [...nextStatuses(row.status as Status)],
    preferredSurveyDates: preferredSurveyDates(envelope),
  };
}

/** The days a new connection's applicant asked for (validated at filing); other requests ask for no survey. */
function preferredSurveyDates(envelope: Envelope): string[] {
  if (envelope.type !== 'new_connection') return [];
  const dates = (envelope.data as { survey?: { preferredDates?: unknown } }).survey?.preferredDates;
  return Array.isArray(dates) ? dates.filter((day): day is string => typeof day === 'string') : [];
}

/** The office an application belongs to (for the authorisation check before anything else is read). */
export async function officeOfApplication(db: Kysely<DB>, id: string): Promise<string> {
  const row = await db.selectFrom('applications').select('office_code').where('id', '=', id).executeTakeFirst();
  if (!row) throw new ApiError('not_found');
  return row.office_code;
}
