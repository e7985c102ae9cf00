import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { ERRORS } from '@tus/server';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema';
import { CHUNK_BYTES, DatabaseUploadStore } from './database-upload-store';
import { SHA256, type CompletedUpload, type Db, type DocumentStore, type StoredDocument, type StoredUpload, type UploadCompletion } from './document-store';
import { DatabaseUploadLocker, DEFAULT_UPLOAD_LOCK_TIMES, type UploadLockTimes } from './upload-locks';

/** Thrown inside the completing transaction to roll it back: the upload is refused. */
class Refused extends Error {
  constructor(readonly reason: 'document_hash_mismatch' | 'document_type_refused') {
    super(reason);
  }
}

/**
 * Fills `document_chunks` for one document from pieces of any size, in pieces of
 * CHUNK_BYTES (the last shorter). A piece already there is left as it is: the same hash
 * is the same bytes (a race with another device completing the same document).
 */
class ChunkWriter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private seq = 0;

  constructor(
    private readonly db: Db,
    private readonly sha256: string,
  ) {}

  async add(bytes: Buffer): Promise<void> {
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    while (this.pendingBytes >= CHUNK_BYTES) {
      const all = Buffer.concat(this.pending, this.pendingBytes);
      await this.insert(all.subarray(0, CHUNK_BYTES));
      const rest = all.subarray(CHUNK_BYTES);
      this.pending = rest.length ? [rest] : [];
      this.pendingBytes = rest.length;
    }
  }

  async end(): Promise<void> {
    if (this.pendingBytes) await this.insert(Buffer.concat(this.pending, this.pendingBytes));
    this.pending = [];
    this.pendingBytes = 0;
  }

  private async insert(bytes: Buffer): Promise<void> {
    await this.db
      .insertInto('document_chunks')
      .values({ sha256: this.sha256, seq: this.seq++, bytes })
      .onConflict((conflict) => conflict.columns(['sha256', 'seq']).doNothing())
      .execute();
  }
}

async function holds(db: Db, sha256: string): Promise<boolean> {
  return (await db.selectFrom('document_chunks').select('seq').where('sha256', '=', sha256).where('seq', '=', 0).executeTakeFirst()) !== undefined;
}

/**
 * Documents in PostgreSQL itself (issue 17): `document_chunks` holds each document's bytes
 * once, by SHA-256, in pieces of 256 KB, so PostgreSQL's own backup, restore and replication
 * carry every document, and any number of server processes share them with no shared
 * directory. Uploads under way are in the database too (DatabaseUploadStore), locked per
 * upload across processes (DatabaseUploadLocker). A finished upload is hashed piece by
 * piece and, in ONE transaction, copied into `document_chunks` (unless already held), its
 * rows recorded and its upload rows deleted: a crash at any point leaves either the upload
 * to resume or the complete document, never half of one. Reads go a piece at a time.
 */
export class DatabaseDocumentStore implements DocumentStore {
  readonly kind = 'database';
  readonly tus: DatabaseUploadStore;
  readonly locker: DatabaseUploadLocker;

  constructor(
    private readonly db: Kysely<DB>,
    lockTimes: UploadLockTimes = DEFAULT_UPLOAD_LOCK_TIMES,
  ) {
    this.tus = new DatabaseUploadStore(db);
    this.locker = new DatabaseUploadLocker(db, lockTimes);
  }

  async hasUpload(id: string): Promise<boolean> {
    return (await this.db.selectFrom('tus_uploads').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
  }

  async completeUpload(uploadId: string, sha256: string, completion: UploadCompletion): Promise<CompletedUpload> {
    try {
      const document = await this.db.transaction().execute(async (trx) => {
        // The row lock: a late PATCH of this upload (its offset update) waits for the outcome, then finds it gone.
        const upload = await trx.selectFrom('tus_uploads').select(['upload_offset', 'size']).where('id', '=', uploadId).forUpdate().executeTakeFirst();
        if (!upload) throw ERRORS.FILE_NOT_FOUND;
        const size = Number(upload.upload_offset);
        const hash = createHash('sha256');
        let leading = Buffer.alloc(0);
        let mime: string | null | undefined;
        // Piece by piece (the upload's pieces are aligned to the document's: DatabaseUploadStore.write).
        for (let start = 0; start < size; start += CHUNK_BYTES) {
          const piece = await trx.selectFrom('upload_chunks').select('bytes').where('upload_id', '=', uploadId).where('start', '=', start).executeTakeFirst();
          if (!piece || piece.bytes.length !== Math.min(CHUNK_BYTES, size - start)) throw new Error(`upload ${uploadId} has no whole piece at ${start} of ${size}`);
          hash.update(piece.bytes);
          if (mime === undefined) {
            leading = Buffer.concat([leading, piece.bytes.subarray(0, completion.leadingCount - leading.length)]);
            if (leading.length >= completion.leadingCount || start + piece.bytes.length >= size) mime = completion.typeOf(leading);
          }
          if (mime === null) throw new Refused('document_type_refused');
        }
        if (hash.digest('hex') !== sha256) throw new Refused('document_hash_mismatch');
        mime ??= completion.typeOf(leading);
        if (!mime) throw new Refused('document_type_refused');
        // Into place inside the database, the bytes never back through this process; kept once (the same hash is the same bytes).
        if (!(await holds(trx, sha256))) {
          await sql`
            insert into document_chunks (sha256, seq, bytes)
            select ${sha256}, (start / ${CHUNK_BYTES})::integer, bytes from upload_chunks where upload_id = ${uploadId}
            on conflict (sha256, seq) do nothing`.execute(trx);
        }
        const stored: StoredDocument = { sha256, size, mime };
        await completion.record(trx, stored);
        await trx.deleteFrom('upload_chunks').where('upload_id', '=', uploadId).execute();
        await trx.deleteFrom('tus_uploads').where('id', '=', uploadId).execute();
        return stored;
      });
      return { stored: true, document };
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      await this.removeUpload(uploadId);
      return { stored: false, refused: error.reason };
    }
  }

  async removeUpload(id: string): Promise<void> {
    await this.tus.remove(id).catch(() => undefined);
  }

  async listUploads(): Promise<StoredUpload[]> {
    const rows = await this.db.selectFrom('tus_uploads').select(['id', 'created_at']).execute();
    return rows.map((row) => ({ id: row.id, createdAt: row.created_at }));
  }

  async sizeOf(sha256: string): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('document_chunks')
      .select((eb) => [eb.fn.countAll<number>().as('pieces'), eb.fn.sum<number>(eb.fn('octet_length', ['bytes'])).as('size')])
      .where('sha256', '=', sha256)
      .executeTakeFirstOrThrow();
    return Number(row.pieces) ? Number(row.size) : undefined;
  }

  async leadingBytes(sha256: string, count: number): Promise<Uint8Array> {
    const parts: Buffer[] = [];
    let have = 0;
    for (let seq = 0; have < count; seq++) {
      const row = await this.db.selectFrom('document_chunks').select('bytes').where('sha256', '=', sha256).where('seq', '=', seq).executeTakeFirst();
      if (!row) {
        if (seq === 0) throw new Error(`document ${sha256} is not held`);
        break;
      }
      parts.push(row.bytes.subarray(0, count - have));
      have += parts.at(-1)!.length;
    }
    return Buffer.concat(parts);
  }

  /** One piece read from the database at a time, only as fast as the reader takes them. */
  read(sha256: string): Readable {
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    const db = this.db;
    async function* pieces() {
      for (let seq = 0; ; seq++) {
        const row = await db.selectFrom('document_chunks').select('bytes').where('sha256', '=', sha256).where('seq', '=', seq).executeTakeFirst();
        if (!row) {
          if (seq === 0) throw new Error(`document ${sha256} is not held`);
          return;
        }
        yield row.bytes;
      }
    }
    return Readable.from(pieces(), { objectMode: false, highWaterMark: CHUNK_BYTES });
  }

  async writeVerified(sha256: string, bytes: Uint8Array, _mime: string): Promise<boolean> {
    if (createHash('sha256').update(bytes).digest('hex') !== sha256) return false;
    await this.db.transaction().execute(async (trx) => {
      if (await holds(trx, sha256)) return;
      const writer = new ChunkWriter(trx, sha256);
      await writer.add(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      await writer.end();
    });
    return true;
  }

  async remove(sha256: string): Promise<void> {
    await this.db.deleteFrom('document_chunks').where('sha256', '=', sha256).execute();
  }

  /** Staged outside the database (the restore verifies the archive before it changes anything), in the system's temporary directory. */
  makeStagingDirectory(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), `sahej-restore-${process.pid}-`));
  }

  async adoptStaged(stagingDir: string, document: StoredDocument, trx?: Transaction<DB>): Promise<void> {
    const db = trx ?? this.db;
    await db.deleteFrom('document_chunks').where('sha256', '=', document.sha256).execute();
    const writer = new ChunkWriter(db, document.sha256);
    for await (const part of fs.createReadStream(path.join(stagingDir, document.sha256), { highWaterMark: CHUNK_BYTES })) await writer.add(part as Buffer);
    await writer.end();
  }

  async removeAllExcept(keep: ReadonlySet<string>): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('upload_chunks').execute();
      await trx.deleteFrom('tus_uploads').execute();
      const held = await trx.selectFrom('document_chunks').select('sha256').distinct().execute();
      const gone = held.map((row) => row.sha256).filter((sha256) => !keep.has(sha256));
      for (let i = 0; i < gone.length; i += 500) await trx.deleteFrom('document_chunks').where('sha256', 'in', gone.slice(i, i + 500)).execute();
    });
  }
}
