import type { SahejDatabase } from '../store/database';
import { entryOf } from '../store/queue';

/** How long the device keeps a compact copy of a filing the server has confirmed. */
export const KEEP_FILINGS_DAYS = 180;
/** How long it keeps the documents' bytes after the server has confirmed the filing. */
export const KEEP_DOCUMENTS_DAYS = 30;

const DAY = 86_400_000;

/**
 * Frees space, never at the cost of a filing the server might not have: only filings a
 * reconciliation has confirmed are touched. Their document bytes go after 30 days (the
 * envelope with the documents' hashes stays: the compact copy), and the compact copy
 * itself after 180 days. Anything queued, sending or needing attention is kept.
 */
export async function pruneConfirmed(db: SahejDatabase, now = Date.now(), keep = { filingsDays: KEEP_FILINGS_DAYS, documentsDays: KEEP_DOCUMENTS_DAYS }): Promise<{ documentsDropped: number; filingsDropped: number }> {
  let documentsDropped = 0;
  let filingsDropped = 0;
  const confirmed = await db.filings.where('state').equals('received').filter((filing) => filing.confirmedAt !== undefined).toArray();
  for (const filing of confirmed) {
    const age = now - Date.parse(filing.capturedAt);
    if (age < keep.documentsDays * DAY) continue;
    await db.transaction('rw', db.filings, db.documents, db.outbox, async () => {
      if (await entryOf(db, { kind: 'filing', id: filing.id })) return;
      documentsDropped += await db.documents.where('ownerId').equals(filing.id).delete();
      if (age >= keep.filingsDays * DAY) {
        await db.filings.delete(filing.id);
        filingsDropped++;
      } else if (!filing.documentsPruned) {
        await db.filings.update(filing.id, { documentsPruned: true });
      }
    });
  }
  return { documentsDropped, filingsDropped };
}
