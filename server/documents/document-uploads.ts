import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema';

type Db = Kysely<DB> | Transaction<DB>;

/** A device starts (or starts again) its upload of a document's bytes. */
export async function recordUploadStarted(db: Db, upload: { sha256: string; deviceId: string; size: number }, now = new Date()): Promise<void> {
  await db
    .insertInto('document_uploads')
    .values({ sha256: upload.sha256, device_id: upload.deviceId, size: upload.size, created_at: now.toISOString(), completed_at: null })
    .onConflict((conflict) => conflict.columns(['sha256', 'device_id']).doUpdateSet({ size: upload.size, created_at: now.toISOString() }).where('document_uploads.completed_at', 'is', null))
    .execute();
}

/** The device's bytes arrived whole and hashed right: it has shown it holds the document. */
export async function recordUploadCompleted(db: Db, upload: { sha256: string; deviceId: string; size: number }, now = new Date()): Promise<void> {
  const at = now.toISOString();
  await db
    .insertInto('document_uploads')
    .values({ sha256: upload.sha256, device_id: upload.deviceId, size: upload.size, created_at: at, completed_at: at })
    .onConflict((conflict) => conflict.columns(['sha256', 'device_id']).doUpdateSet({ completed_at: at }).where('document_uploads.completed_at', 'is', null))
    .execute();
}

export async function forgetUnfinishedUpload(db: Db, sha256: string, deviceId: string): Promise<void> {
  await db.deleteFrom('document_uploads').where('sha256', '=', sha256).where('device_id', '=', deviceId).where('completed_at', 'is', null).execute();
}

export async function unfinishedUploadCount(db: Db, deviceId: string): Promise<number> {
  const row = await db
    .selectFrom('document_uploads')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('device_id', '=', deviceId)
    .where('completed_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Of these hashes, the documents the server holds for an office: the bytes are here and
 * a device of that office sent them itself. Bytes another office sent do not count — the
 * office's device is asked for them, and sending them is its proof that it has them.
 */
export async function documentsHeldFor(db: Db, officeCode: string, hashes: Iterable<string>): Promise<Set<string>> {
  const wanted = [...new Set(hashes)];
  const held = new Set<string>();
  for (let i = 0; i < wanted.length; i += 500) {
    const rows = await db
      .selectFrom('documents as document')
      .select('document.sha256')
      .where('document.sha256', 'in', wanted.slice(i, i + 500))
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('document_uploads as upload')
            .innerJoin('devices as device', 'device.id', 'upload.device_id')
            .select('upload.sha256')
            .whereRef('upload.sha256', '=', 'document.sha256')
            .where('upload.completed_at', 'is not', null)
            .where('device.office_code', '=', officeCode),
        ),
      )
      .execute();
    for (const row of rows) held.add(row.sha256);
  }
  return held;
}
