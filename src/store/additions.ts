import { validateAddition, type Addition } from '../domain/addition';
import { newId } from '../domain/ids';
import type { ValidationIssue } from '../domain/validation-codes';
import type { SahejDatabase } from './database';
import { loadDevice } from './device';
import { documentRefs } from './documents';
import { newEntry, syncStateOf } from './queue';
import { withReopen } from './resilient';
import type { AdditionRecord, StoredDocument } from './types';

/**
 * Keeps the applicant's answer to an objection, offline: the answer, its documents and
 * its entry in the outbox (the same queue as filings) are one transaction. Refused (and nothing written) when the
 * answer is not valid.
 */
export async function saveObjectionAnswer(
  db: SahejDatabase,
  filingId: string,
  text: string,
  documents: Omit<StoredDocument, 'ownerId' | 'addedAt'>[],
  now = new Date(),
): Promise<{ ok: true; record: AdditionRecord } | { ok: false; issues: ValidationIssue[] }> {
  const device = await loadDevice(db);
  if (!device) throw new Error('not enrolled');
  const id = newId(now.getTime());
  const stored = documents.map((document) => ({ ...document, ownerId: id, addedAt: now.toISOString() }));
  const candidate: Addition = {
    id,
    applicationId: filingId,
    kind: 'objection_answer',
    text,
    documents: documentRefs(stored),
    capturedAt: now.toISOString(),
    deviceId: device.deviceId,
    operatorId: device.operatorId,
  };
  const checked = validateAddition(candidate);
  if (!checked.ok) return { ok: false, issues: checked.issues };
  const entry = newEntry({ kind: 'addition', id });
  const record: AdditionRecord = { id, filingId, addition: checked.addition, state: syncStateOf(entry) };
  await withReopen(db, () =>
    db.transaction('rw', [db.additions, db.documents, db.filings, db.outbox], async () => {
      if (!(await db.filings.get(filingId))) throw new Error(`no filing ${filingId}`);
      await db.documents.bulkPut(stored);
      await db.additions.put(record);
      await db.outbox.add(entry);
    }),
  );
  return { ok: true, record };
}

export async function additionsOf(db: SahejDatabase, filingId: string): Promise<AdditionRecord[]> {
  const records = await db.additions.where('filingId').equals(filingId).toArray();
  return records.sort((a, b) => a.addition.capturedAt.localeCompare(b.addition.capturedAt));
}
