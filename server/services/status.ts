import type { Kysely, Transaction } from 'kysely';
import { addDaysToInstant } from '../../src/domain/dates';
import { newId } from '../../src/domain/ids';
import type { Area } from '../../src/domain/requests/new-connection';
import { serviceDueAt } from '../../src/domain/service-clock';
import { canMove, OBJECTION_ANSWER_DAYS, STATUSES, type Status } from '../../src/domain/status';
import type { SystemNote } from '../../src/domain/status-notes';
import type { DB } from '../db/schema';
import { ApiError, describeIssues } from '../http-errors';
import { noteColumns } from './event-notes';

export interface StatusChange {
  id: string;
  to: string;
  /** An officer's own words (for an objection, its reason). */
  note?: string;
  /** What the system says of the move, as a code the clients render in their reader's language. */
  systemNote?: SystemNote;
  actor: string;
  /** How an open objection ends when this move leaves `objection` (default: closed by the office). */
  objectionOutcome?: 'answered' | 'cancelled' | 'closed_by_office';
  /** The kiosk's answer that ends the objection, if one did. */
  additionId?: string;
  /**
   * What the office says to the applicant, the survey's day and the estimate
   * (src/domain/transition.ts, judged by the caller: the office route refuses bad ones
   * before this runs). The day and the estimate also become the application's own
   * columns, the projection the receipt page, the console and the CSV read.
   */
  applicantNote?: string;
  surveyDate?: string;
  estimateAmount?: number;
}

/**
 * Moves an application to another stage, with a note, as one event. An illegal move
 * (a jump, or out of a final stage) is refused and changes nothing. The row's status is
 * a projection of the events, updated in the same transaction, and only if it still
 * holds the status this move started from (a concurrent move wins or loses whole).
 */
export async function changeStatus(db: Kysely<DB>, input: StatusChange, now = new Date()): Promise<{ from: Status; to: Status }> {
  return db.transaction().execute((trx) => changeStatusIn(trx, input, now));
}

/**
 * The same, inside the caller's transaction. Raising an objection opens one (the note is
 * its reason, answerable for 21 days); leaving `objection` closes it; an objection
 * answered and back under review restarts the service clock, since the application
 * became complete only then.
 */
export async function changeStatusIn(trx: Transaction<DB>, input: StatusChange, now: Date): Promise<{ from: Status; to: Status }> {
  if (!(STATUSES as readonly string[]).includes(input.to)) throw new ApiError('illegal_transition', { to: input.to });
  const to = input.to as Status;
  const note = input.note?.trim() || undefined;
  const applicantNote = input.applicantNote?.trim() || null;
  const surveyDate = input.surveyDate ?? null;
  const estimateAmount = input.estimateAmount ?? null;
  const row = await trx.selectFrom('applications').select(['status', 'office_code', 'area']).where('id', '=', input.id).executeTakeFirst();
  if (!row) throw new ApiError('not_found');
  const from = row.status as Status;
  if (!canMove(from, to)) throw new ApiError('illegal_transition', { from, to });
  if (to === 'objection' && !note) throw new ApiError('invalid', { issues: describeIssues([{ path: 'note', code: 'required' }]) });
  const at = now.toISOString();
  const restartClock = from === 'objection' && to === 'under_review' && row.area;
  const updated = await trx
    .updateTable('applications')
    .set({
      status: to,
      ...(restartClock ? { clock_started_at: at, due_at: serviceDueAt(at, row.area as Area) } : {}),
      // A move that names no day or estimate leaves the last one standing (a later survey sets a new one).
      ...(surveyDate !== null ? { survey_date: surveyDate } : {}),
      ...(estimateAmount !== null ? { estimate_amount: estimateAmount } : {}),
    })
    .where('id', '=', input.id)
    .where('status', '=', from)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) throw new ApiError('conflict', { id: input.id });
  await trx
    .insertInto('application_events')
    .values({
      application_id: input.id,
      office_code: row.office_code,
      kind: 'status_changed',
      status: to,
      note: note ?? null,
      ...noteColumns(input.systemNote),
      applicant_note: applicantNote,
      survey_date: surveyDate,
      estimate_amount: estimateAmount,
      actor: input.actor,
      at,
    })
    .execute();
  if (from === 'objection') {
    await trx
      .updateTable('objections')
      .set({ closed_at: at, outcome: input.objectionOutcome ?? 'closed_by_office', addition_id: input.additionId ?? null })
      .where('application_id', '=', input.id)
      .where('closed_at', 'is', null)
      .execute();
  }
  if (to === 'objection') {
    await trx
      .insertInto('objections')
      .values({ id: newId(now.getTime()), application_id: input.id, office_code: row.office_code, reason: note!, raised_by: input.actor, raised_at: at, answer_due_at: addDaysToInstant(at, OBJECTION_ANSWER_DAYS), closed_at: null, outcome: null, addition_id: null })
      .execute();
  }
  return { from, to };
}

/** An application by its id or its application number. */
export async function findApplicationId(db: Kysely<DB>, idOrNumber: string): Promise<string | undefined> {
  const row = await db.selectFrom('applications').select('id').where((eb) => eb.or([eb('id', '=', idOrNumber), eb('application_no', '=', idOrNumber)])).executeTakeFirst();
  return row?.id;
}
