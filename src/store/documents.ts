import type { DocumentRef } from '../domain/envelope';
import type { SahejDatabase } from './database';
import type { DraftChange } from './drafts';
import { withReopen } from './resilient';
import type { StoredDocument } from './types';

/** Kinds of which a filing keeps one: a new photo replaces the old. `other` may repeat. */
const SINGLE_KINDS = new Set(['photo', 'id_proof', 'ownership_proof']);

export class OwnerIsFilingError extends Error {
  constructor() {
    super('documents of a submitted filing cannot change');
  }
}

/**
 * Adds a document to a draft: the Blob, its hash and the draft's own change are one
 * transaction, so a crash leaves either both or neither. The draft is created if this
 * is the first thing the operator did.
 */
export async function attachDocument(db: SahejDatabase, draft: DraftChange, document: Omit<StoredDocument, 'ownerId' | 'addedAt'>, now = new Date()): Promise<void> {
  await withReopen(db, () =>
    db.transaction('rw', db.drafts, db.documents, db.filings, async () => {
      if (await db.filings.get(draft.id)) throw new OwnerIsFilingError();
      if (SINGLE_KINDS.has(document.kind)) {
        await db.documents.where('ownerId').equals(draft.id).filter((stored) => stored.kind === document.kind).delete();
      }
      await db.documents.put({ ...document, ownerId: draft.id, addedAt: now.toISOString() });
      const existing = await db.drafts.get(draft.id);
      await db.drafts.put({ ...draft, createdAt: existing?.createdAt ?? now.toISOString(), updatedAt: now.toISOString() });
    }),
  );
}

export async function removeDocument(db: SahejDatabase, document: Pick<StoredDocument, 'ownerId' | 'kind' | 'sha256'>): Promise<void> {
  await withReopen(db, () =>
    db.transaction('rw', db.documents, db.filings, async () => {
      if (await db.filings.get(document.ownerId)) throw new OwnerIsFilingError();
      await db.documents.delete([document.ownerId, document.kind, document.sha256]);
    }),
  );
}

export async function listDocuments(db: SahejDatabase, ownerId: string): Promise<StoredDocument[]> {
  const documents = await db.documents.where('ownerId').equals(ownerId).toArray();
  return documents.sort((a, b) => a.addedAt.localeCompare(b.addedAt));
}

/** What the envelope lists: kind, hash, type and size, in the order they were added. */
export function documentRefs(documents: readonly StoredDocument[]): DocumentRef[] {
  return documents.map(({ kind, sha256, mime, size }) => ({ kind, sha256, mime, size }));
}
