import type { Kysely } from 'kysely';
import type { Change } from '../../src/domain/changes';
import type { DB } from '../db/schema';
import { storedNote } from './event-notes';

export const CHANGES_PAGE = 500;


/**
 * What happened to an office's applications after `since` (an event sequence number),
 * oldest first, a page at a time. The cursor is the last event's sequence number, so a
 * device that asks again with it misses nothing and sees nothing twice.
 */
export async function dataEpoch(db: Kysely<DB>): Promise<string> {
  const row = await db.selectFrom('server_meta').select('value').where('key', '=', 'epoch').executeTakeFirst();
  return row?.value ?? 'unknown';
}

export async function changesFor(db: Kysely<DB>, officeCode: string, since: number, limit = CHANGES_PAGE): Promise<{ changes: Change[]; cursor: string; more: boolean; epoch: string }> {
  const rows = await db
    .selectFrom('application_events as event')
    .innerJoin('applications as application', 'application.id', 'event.application_id')
    .select(['event.seq', 'event.kind', 'event.application_id', 'event.status', 'event.note', 'event.note_code', 'event.note_params', 'event.applicant_note', 'event.survey_date', 'event.estimate_amount', 'event.at', 'application.application_no'])
    .where('event.office_code', '=', officeCode)
    .where('event.seq', '>', since)
    .where('event.status', 'is not', null)
    .orderBy('event.seq')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return {
    changes: page.map((row) => ({
      id: row.application_id,
      applicationNo: row.application_no,
      status: row.status!,
      at: row.at,
      ...(row.note ? { note: row.note } : {}),
      ...storedNote(row),
      // What the move said to the applicant and the day and amount it set; the office's own
      // note stays the `note` above, as it always was, and goes nowhere else.
      ...(row.applicant_note ? { applicantNote: row.applicant_note } : {}),
      ...(row.survey_date ? { surveyDate: row.survey_date } : {}),
      ...(row.estimate_amount !== null ? { estimateAmount: Number(row.estimate_amount) } : {}),
      ...(row.kind === 'mobile_verified' ? { mobileVerified: true as const } : {}),
    })),
    cursor: String(page.at(-1)?.seq ?? since),
    more: rows.length > limit,
    // A new epoch means the data was restored: the device should reset its cursor and reconcile.
    epoch: await dataEpoch(db),
  };
}
