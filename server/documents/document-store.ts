import type { Readable } from 'node:stream';
import type { DataStore, Locker } from '@tus/server';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema';

export const SHA256 = /^[0-9a-f]{64}$/;

/** An upload under way: the document's hash and the sending device, so no device can reach another's upload. */
export const UPLOAD_ID = /^([0-9a-f]{64})-([A-Z0-9]{2,12}-D\d{2,6})$/;

export function uploadIdFor(sha256: string, deviceId: string): string {
  const id = `${sha256}-${deviceId}`;
  if (!UPLOAD_ID.test(id)) throw new Error(`not an upload id: ${id}`);
  return id;
}

export function parseUploadId(id: string): { sha256: string; deviceId: string } | null {
  const match = UPLOAD_ID.exec(id);
  return match ? { sha256: match[1]!, deviceId: match[2]! } : null;
}

/** What the sweep of unfinished uploads sees of each upload (or leftover) the store holds. */
export interface StoredUpload {
  id: string;
  createdAt: string | undefined;
}

export type Db = Kysely<DB> | Transaction<DB>;

export interface StoredDocument {
  sha256: string;
  size: number;
  mime: string;
}

/** What completing an upload needs from its caller: the type the leading bytes show, and the rows that say who holds it. */
export interface UploadCompletion {
  /** The document's type from its first bytes, or null to refuse it. */
  typeOf(leading: Uint8Array): string | null;
  /** How many leading bytes `typeOf` reads. */
  leadingCount: number;
  /** Where the rows go (a store in the database writes its bytes in the same transaction). */
  db: Kysely<DB>;
  /** Records the document (its `documents` row, its uploader's) in `trx`. */
  record(trx: Transaction<DB>, document: StoredDocument): Promise<void>;
}

export type CompletedUpload = { stored: true; document: StoredDocument } | { stored: false; refused: 'document_hash_mismatch' | 'document_type_refused' };

/**
 * Where document bytes live: a directory (FileDocumentStore, the SQLite default) or the
 * database itself (PostgresDocumentStore, the PostgreSQL default, so a backup, restore or
 * replica of the database carries every document and any server process serves any
 * upload). The database's `documents` table says which documents are complete and
 * verified; a store keeps bytes and uploads under way, addressed by SHA-256.
 */
export interface DocumentStore {
  readonly kind: 'file' | 'database';
  /** tus's data store for uploads under way (ids `{sha256}-{deviceId}`). */
  readonly tus: DataStore;
  /** tus's per-upload lock: in this process's memory for the directory (one process), in the database for the database store. */
  readonly locker: Locker;
  /** Whether an upload under way exists (started, not completed, refused or removed). */
  hasUpload(id: string): Promise<boolean>;
  /**
   * A finished upload becomes its document only if its bytes hash to `sha256` and their
   * leading bytes are a type `completion` accepts; then the bytes are kept once (content
   * addressed: if already held, this copy is dropped) and `completion.record` runs. A
   * refused upload leaves nothing behind.
   */
  completeUpload(uploadId: string, sha256: string, completion: UploadCompletion): Promise<CompletedUpload>;
  /** An upload's bytes and state, whichever of them exist. */
  removeUpload(id: string): Promise<void>;
  /** Every upload under way, with when it started (the directory lists its documents' files too: the sweep judges leftovers by the `documents` table). */
  listUploads(): Promise<StoredUpload[]>;
  /** A complete document's size in bytes, or undefined if its bytes are not here. */
  sizeOf(sha256: string): Promise<number | undefined>;
  /** The first `count` bytes of a document (fewer if it is shorter): enough to tell its type. */
  leadingBytes(sha256: string, count: number): Promise<Uint8Array>;
  /** A document's bytes as a stream, a piece at a time; errors if they are not here. */
  read(sha256: string): Readable;
  /**
   * Writes a document that arrived whole (an import, a restore), verified first. Returns
   * false, writing nothing, if the bytes do not hash to `sha256`.
   */
  writeVerified(sha256: string, bytes: Uint8Array, mime: string): Promise<boolean>;
  remove(sha256: string): Promise<void>;
  /** A fresh directory for a restore's verified documents (leftovers of dead runs removed first). */
  makeStagingDirectory(): string;
  /** Moves a staged, already verified document into the store, inside the restore's transaction when the store is the database. */
  adoptStaged(stagingDir: string, document: StoredDocument, trx?: Transaction<DB>): Promise<void>;
  /** Removes every document but these, and every upload under way. */
  removeAllExcept(keep: ReadonlySet<string>): Promise<void>;
}
