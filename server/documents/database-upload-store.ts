import type { Readable } from 'node:stream';
import { DataStore, ERRORS, Upload } from '@tus/server';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema';

/** Pieces an upload's bytes are kept in (and a document's: the same size, so completing one copies piece for piece). */
export const CHUNK_BYTES = 256 * 1024;

/**
 * tus's data store in the database (issue 17): an upload's length, metadata and offset in
 * `tus_uploads`, its bytes in `upload_chunks`, so any server process can answer a HEAD or
 * take the next PATCH. Bytes are committed a piece at a time with the offset they bring the
 * upload to, the update conditional on the offset it started from: a process killed
 * mid-PATCH loses only the piece it was filling (the device resends from the offset HEAD
 * then reports), and two writers can never both append at one offset, lock or no lock.
 */
export class DatabaseUploadStore extends DataStore {
  constructor(private readonly db: Kysely<DB>) {
    super();
    // The same as tus's file store offers (its expiration is off there too: our cleaner expires uploads).
    this.extensions = ['creation', 'creation-with-upload', 'creation-defer-length', 'termination'];
  }

  override async create(upload: Upload): Promise<Upload> {
    const created = await this.db
      .insertInto('tus_uploads')
      .values({ id: upload.id, size: upload.size ?? null, upload_offset: 0, metadata: JSON.stringify(upload.metadata ?? {}), created_at: upload.creation_date ?? new Date().toISOString() })
      .onConflict((conflict) => conflict.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    // A second creation racing the first for the same device and document: tus's own 409.
    if (!created) throw ERRORS.INVALID_OFFSET;
    return upload;
  }

  override async getUpload(id: string): Promise<Upload> {
    const row = await this.db.selectFrom('tus_uploads').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw ERRORS.FILE_NOT_FOUND;
    return new Upload({ id, size: row.size ?? undefined, offset: Number(row.upload_offset), metadata: JSON.parse(row.metadata) as Record<string, string | null>, creation_date: row.created_at });
  }

  override async declareUploadLength(id: string, length: number): Promise<void> {
    const updated = await this.db.updateTable('tus_uploads').set({ size: length }).where('id', '=', id).executeTakeFirst();
    if (!Number(updated.numUpdatedRows)) throw ERRORS.FILE_NOT_FOUND;
  }

  override async remove(id: string): Promise<void> {
    const removed = await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('upload_chunks').where('upload_id', '=', id).execute();
      // A lease a killed process left on it goes too (a live holder's is its own to release).
      await sql`delete from upload_locks where upload_id = ${id} and expires_at < now()`.execute(trx);
      return trx.deleteFrom('tus_uploads').where('id', '=', id).executeTakeFirst();
    });
    if (!Number(removed.numDeletedRows)) throw ERRORS.FILE_NOT_FOUND;
  }

  /**
   * Appends the request's bytes from `offset`. Pieces stay aligned to CHUNK_BYTES whatever
   * the PATCHes' sizes: a piece starts at a multiple of it, and a request that starts
   * inside a piece (the last one, left short by the previous request) first fills that
   * piece up. So the upload's pieces are already the document's, and completing it copies
   * them inside the database. A request cut short keeps what arrived (a correct prefix):
   * the device resumes after it.
   */
  override async write(readable: Readable, id: string, offset: number): Promise<number> {
    let at = offset;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const commit = async (bytes: Buffer) => {
      const within = at % CHUNK_BYTES;
      await this.db.transaction().execute(async (trx) => {
        const moved = await trx.updateTable('tus_uploads').set({ upload_offset: at + bytes.length }).where('id', '=', id).where('upload_offset', '=', at).executeTakeFirst();
        // Someone else wrote (or removed, or completed) this upload meanwhile: tus's offset conflict, nothing kept.
        if (!Number(moved.numUpdatedRows)) throw ERRORS.INVALID_OFFSET;
        if (!within) await trx.insertInto('upload_chunks').values({ upload_id: id, start: at, bytes }).execute();
        else {
          const grown = await trx
            .updateTable('upload_chunks')
            .set((eb) => ({ bytes: sql<Buffer>`${eb.ref('bytes')} || ${bytes}` }))
            .where('upload_id', '=', id)
            .where('start', '=', at - within)
            .where(sql<number>`octet_length(bytes)`, '=', within)
            .executeTakeFirst();
          if (!Number(grown.numUpdatedRows)) throw new Error(`upload ${id} has no piece ending at ${at}`);
        }
      });
      at += bytes.length;
    };
    const room = () => CHUNK_BYTES - (at % CHUNK_BYTES);
    const flushFull = async () => {
      while (pendingBytes >= room()) {
        const all = Buffer.concat(pending, pendingBytes);
        const size = room();
        await commit(all.subarray(0, size));
        const rest = all.subarray(size);
        pending = rest.length ? [rest] : [];
        pendingBytes = rest.length;
      }
    };
    let failed: unknown;
    try {
      for await (const part of readable) {
        const buffer = part as Buffer;
        pending.push(buffer);
        pendingBytes += buffer.length;
        await flushFull();
      }
    } catch (error) {
      failed = error;
    }
    if (pendingBytes && (failed === undefined || !isTusError(failed))) await commit(Buffer.concat(pending, pendingBytes));
    if (failed !== undefined) throw isTusError(failed) ? failed : ERRORS.FILE_WRITE_ERROR;
    return at;
  }
}

function isTusError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'status_code' in error;
}
