import type { Kysely } from 'kysely';
import { OBJECTION_ANSWER_DAYS } from '../../src/domain/status';
import type { SystemNote } from '../../src/domain/status-notes';
import type { DB } from '../db/schema';
import { ApiError } from '../http-errors';
import { changeStatusIn } from './status';
import { LOOP_LEASES, type LoopLease } from '../leases/loop-leases';
import { runUnderLease, type LeaseRunner } from '../leases/run-under-lease';

export const UNANSWERED_NOTE: SystemNote = { code: 'objection_lapsed', params: { days: OBJECTION_ANSWER_DAYS } };

/**
 * Cancels every application whose objection went unanswered past its 21 days. Each is its
 * own transaction; one already moved on (answered a moment ago, or by another server
 * process running this too) is left as it is.
 */
export async function cancelUnansweredObjections(db: Kysely<DB>, now = new Date()): Promise<string[]> {
  const due = await db.selectFrom('objections').select(['application_id']).where('closed_at', 'is', null).where('answer_due_at', '<=', now.toISOString()).execute();
  const cancelled: string[] = [];
  for (const { application_id: id } of due) {
    try {
      await db.transaction().execute((trx) => changeStatusIn(trx, { id, to: 'cancelled', systemNote: UNANSWERED_NOTE, actor: 'system', objectionOutcome: 'cancelled' }, now));
      cancelled.push(id);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
    }
  }
  return cancelled;
}

/** Runs the cancellation every `intervalMs` while the server runs, in whichever one server process holds its lease. */
export function startObjectionTimer(db: Kysely<DB>, lease: LoopLease, onError: (error: unknown) => void, intervalMs = 10 * 60 * 1000): LeaseRunner {
  return runUnderLease(db, { ...lease, name: LOOP_LEASES.objectionCancel, run: () => cancelUnansweredObjections(db), intervalMs, onError });
}
