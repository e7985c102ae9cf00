import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { parseUploadId, SHA256, uploadIdFor, type DocumentStore } from './document-store';
import { LOOP_LEASES, type LoopLease } from '../leases/loop-leases';
import { runUnderLease, type LeaseRunner } from '../leases/run-under-lease';

export interface UploadLimits {
  /** An upload not finished this long after it started is removed. */
  maxAgeMs: number;
  /** Uploads a device may have under way at once; the next creation is refused with 429. */
  maxUnfinishedPerDevice: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = { maxAgeMs: 24 * 60 * 60 * 1000, maxUnfinishedPerDevice: 20 };

/**
 * Removes uploads not finished within `maxAgeMs`: their bytes, their metadata and their
 * row. Also files no row speaks for — a half-upload from before uploads were per device,
 * or one whose row was lost in a crash — once as old. A complete document is never
 * touched. Safe to run from several server processes at once (removals are idempotent).
 */
export async function cleanStaleUploads(db: Kysely<DB>, store: DocumentStore, maxAgeMs: number, now = new Date()): Promise<{ removed: number }> {
  const cutoff = new Date(now.getTime() - maxAgeMs).toISOString();
  const removed = new Set<string>();
  const stale = await db.selectFrom('document_uploads').select(['sha256', 'device_id']).where('completed_at', 'is', null).where('created_at', '<', cutoff).execute();
  for (const row of stale) {
    const id = uploadIdFor(row.sha256, row.device_id);
    await store.removeUpload(id);
    await db.deleteFrom('document_uploads').where('sha256', '=', row.sha256).where('device_id', '=', row.device_id).where('completed_at', 'is', null).execute();
    removed.add(id);
  }
  for (const upload of await store.listUploads()) {
    if (removed.has(upload.id) || (upload.createdAt !== undefined && upload.createdAt >= cutoff)) continue;
    const own = parseUploadId(upload.id);
    if (own) {
      await store.removeUpload(upload.id);
      await db.deleteFrom('document_uploads').where('sha256', '=', own.sha256).where('device_id', '=', own.deviceId).where('completed_at', 'is', null).execute();
      removed.add(upload.id);
    } else if (SHA256.test(upload.id) && !(await db.selectFrom('documents').select('sha256').where('sha256', '=', upload.id).executeTakeFirst())) {
      await store.removeUpload(upload.id);
      removed.add(upload.id);
    }
  }
  return { removed: removed.size };
}

/** Runs the clean-up every `intervalMs` while the server runs, in whichever one server process holds its lease. */
export function startUploadCleaner(db: Kysely<DB>, store: DocumentStore, maxAgeMs: number, lease: LoopLease, onError: (error: unknown) => void, intervalMs = 10 * 60 * 1000): LeaseRunner {
  return runUnderLease(db, { ...lease, name: LOOP_LEASES.uploadClean, run: () => cleanStaleUploads(db, store, maxAgeMs), intervalMs, onError });
}
