import type { SahejDatabase } from './database';
import { withReopen } from './resilient';
import type { Draft } from './types';

/** A draft as the form hands it over; the store keeps the times. */
export type DraftChange = Omit<Draft, 'createdAt' | 'updatedAt'>;

/**
 * Writes a draft, unless it has already become a filing: a save that arrives late (a
 * debounce timer, another tab with the same draft open) must not bring it back.
 */
export async function saveDraft(db: SahejDatabase, change: DraftChange, now = new Date()): Promise<void> {
  await withReopen(db, () =>
    db.transaction('rw', db.drafts, db.filings, async () => {
      if (await db.filings.get(change.id)) return;
      const existing = await db.drafts.get(change.id);
      await db.drafts.put({ ...change, createdAt: existing?.createdAt ?? now.toISOString(), updatedAt: now.toISOString() });
    }),
  );
}

export function loadDraft(db: SahejDatabase, id: string): Promise<Draft | undefined> {
  return db.drafts.get(id);
}

export function listDrafts(db: SahejDatabase): Promise<Draft[]> {
  return db.drafts.orderBy('updatedAt').reverse().toArray();
}

/** Deletes a draft and its documents together. A draft that became a filing is not touched. */
export async function discardDraft(db: SahejDatabase, id: string): Promise<void> {
  await withReopen(db, () =>
    db.transaction('rw', db.drafts, db.documents, db.filings, async () => {
      if (await db.filings.get(id)) return;
      await db.drafts.delete(id);
      await db.documents.where('ownerId').equals(id).delete();
    }),
  );
}
