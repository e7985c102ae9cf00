import type { Selectable } from 'kysely';
import type { ApplicationEventsTable } from '../db/schema';
import { RECOVERY_ACTORS } from '../services/applications';
import type { StatusMessageKind } from './status-message-kinds';

const STAGES_BY_STATUS: Partial<Record<string, StatusMessageKind>> = {
  objection: 'objection',
  survey_scheduled: 'survey_scheduled',
  estimate_issued: 'estimate_issued',
  connected: 'connected',
  rejected: 'rejected',
  cancelled: 'cancelled',
};

/**
 * The stage an event tells the applicant of, or undefined for every other event: a mobile
 * verified, a kiosk's addition, a plain move back to review, the paid estimate and the
 * meter (the next message follows soon). A filing brought back by an import or from its
 * paper receipt is not news to its applicant (it was received at capture, and the server
 * may have given it a number before it lost it), so its `received` is not messaged, just
 * as it asks for no mobile verification.
 */
export function stageOf(event: Pick<Selectable<ApplicationEventsTable>, 'kind' | 'status' | 'note_code' | 'actor'>): StatusMessageKind | undefined {
  if (event.kind === 'received') return event.actor && RECOVERY_ACTORS.has(event.actor) ? undefined : 'received';
  if (event.kind !== 'status_changed' || !event.status) return undefined;
  if (event.status === 'under_review') return event.note_code === 'objection_answered' ? 'objection_answered' : undefined;
  return STAGES_BY_STATUS[event.status];
}
