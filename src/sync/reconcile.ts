import type { ClientErrorCode } from '../domain/client-error-codes';
import { indiaDay } from '../domain/dates';
import { dayDigest } from '../domain/reconcile';
import type { SahejDatabase } from '../store/database';
import type { Filing, ReconcileRecord } from '../store/types';
import type { ApiClient } from './api-client';
import { parkConflicts, requeue } from './outbox';

export const RECONCILE_EVERY_MS = 6 * 60 * 60 * 1000;
const DAYS_PER_REQUEST = 400;
const ITEMS_PER_REQUEST = 1000;

export type ReconcileOutcome = { kind: 'done'; days: number; differingDays: number; resent: number; conflicts: number; confirmed: number } | { kind: 'unreachable' };

/**
 * Asks the server whether it still holds what this device believes it sent. First one
 * digest per capture day; then, only for the days that differ, the ids and hashes. A
 * filing the server lacks, or holds without all its documents, goes back in the queue
 * (with its documents); one it holds with other content is marked for attention. Filings found intact are marked confirmed,
 * which is what later allows their document bytes to be dropped.
 */
export async function reconcile(db: SahejDatabase, api: ApiClient, token: string, now = new Date()): Promise<ReconcileOutcome> {
  // Only what the device believes the server has; the queue takes care of the rest.
  const sent = await db.filings.where('state').anyOf('received', 'attention').filter((filing) => filing.applicationNo !== undefined).toArray();
  const byDay = new Map<string, Filing[]>();
  for (const filing of sent) {
    const day = indiaDay(filing.capturedAt);
    byDay.set(day, [...(byDay.get(day) ?? []), filing]);
  }
  const days = await Promise.all(
    [...byDay].map(async ([day, filings]) => ({ day, count: filings.length, digest: await dayDigest(filings.map((filing) => ({ id: filing.id, hash: filing.hash }))) })),
  );

  const differing: string[] = [];
  for (let i = 0; i < days.length; i += DAYS_PER_REQUEST) {
    const answer = await api.reconcileDays(days.slice(i, i + DAYS_PER_REQUEST), token);
    if (!answer) return { kind: 'unreachable' };
    differing.push(...answer);
  }

  const missing: string[] = [];
  const differs: string[] = [];
  const items = differing.flatMap((day) => (byDay.get(day) ?? []).map((filing) => ({ id: filing.id, hash: filing.hash })));
  for (let i = 0; i < items.length; i += ITEMS_PER_REQUEST) {
    const answer = await api.reconcileItems(items.slice(i, i + ITEMS_PER_REQUEST), token);
    if (!answer) return { kind: 'unreachable' };
    missing.push(...answer.missing);
    differs.push(...answer.differs);
    // Held without all its documents (a restore brought the row back, not the files): sent
    // again like a lost one; the server's answer then names the documents to upload.
    missing.push(...answer.incomplete);
  }

  const resent = await requeue(db, missing, { code: 'server_lost' satisfies ClientErrorCode });
  await parkConflicts(db, differs, { code: 'conflict', httpStatus: 409 });
  const wrong = new Set([...missing, ...differs]);
  await db.transaction('rw', db.filings, db.meta, async () => {
    for (const filing of sent) if (!wrong.has(filing.id)) await db.filings.update(filing.id, { confirmedAt: now.toISOString() });
    await db.meta.put({ key: 'reconcile', lastAt: now.toISOString() } satisfies ReconcileRecord);
  });
  return { kind: 'done', days: days.length, differingDays: differing.length, resent, conflicts: differs.length, confirmed: sent.length - wrong.size };
}

export async function reconcileDue(db: SahejDatabase, now: number): Promise<boolean> {
  const last = (await db.meta.get('reconcile')) as ReconcileRecord | undefined;
  return !last || now - Date.parse(last.lastAt) >= RECONCILE_EVERY_MS;
}
