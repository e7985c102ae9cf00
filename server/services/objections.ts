import type { Kysely } from 'kysely';
import { OBJECTION_ANSWER_DAYS } from '../../src/domain/status';
import type { SystemNote } from '../../src/domain/status-notes';
import type { DB } from '../db/schema';
import { ApiError } from '../http-errors';
import { changeStatusIn } from './status';

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

/** Runs the cancellation now and then every `intervalMs` while the server runs. */
export function startObjectionTimer(db: Kysely<DB>, onError: (error: unknown) => void, intervalMs = 10 * 60 * 1000): () => void {
  const run = () => void cancelUnansweredObjections(db).catch(onError);
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
