import type { ReceiptStatusAnswer } from '../domain/wire/device';
import type { SahejDatabase } from './database';
import type { SeenStatus } from './types';

/**
 * The part of the office's answer this phone keeps: a whitelist, so a field the server adds
 * later (or the initials it sends today) is never stored by accident.
 */
export function seenStatusOf(answer: ReceiptStatusAnswer, fetchedAt: string): SeenStatus {
  const { receiptNo, applicationNo, status, statusAt, applicantNote, surveyDate, estimateAmount, dueAt, deadlineMissed } = answer;
  return {
    receiptNo,
    applicationNo,
    status,
    ...(statusAt !== undefined ? { statusAt } : {}),
    ...(applicantNote ? { applicantNote } : {}),
    ...(surveyDate !== undefined ? { surveyDate } : {}),
    ...(estimateAmount !== undefined ? { estimateAmount } : {}),
    ...(dueAt !== undefined ? { dueAt } : {}),
    ...(deadlineMissed !== undefined ? { deadlineMissed } : {}),
    fetchedAt,
  };
}

/** Keeps the answer as the one to show offline, replacing the one before. */
export async function rememberStatus(db: SahejDatabase, seen: SeenStatus): Promise<void> {
  await db.seenStatuses.put(seen);
}

export async function lastSeenStatus(db: SahejDatabase, receiptNo: string): Promise<SeenStatus | undefined> {
  return db.seenStatuses.get(receiptNo);
}
