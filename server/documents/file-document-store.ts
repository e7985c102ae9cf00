import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { FileStore } from '@tus/file-store';
import { MemoryLocker, Upload } from '@tus/server';
import { isProcessAlive } from '../process-alive';
import { SHA256, UPLOAD_ID, type CompletedUpload, type DocumentStore, type StoredDocument, type StoredUpload, type UploadCompletion } from './document-store';

/**
 * Document bytes on disk, one file per SHA-256 (the tus file store's layout: `{sha256}`
 * plus `{sha256}.json` with the upload's metadata). The database's `documents` table
 * says which of them are complete and verified. Uploads under way are
 * `{sha256}-{deviceId}`: each device sends into a file of its own, moved to `{sha256}`
 * (or dropped, if the bytes are already there) once it hashes right.
 */
export class FileDocumentStore implements DocumentStore {
  readonly kind = 'file';
  readonly tus: FileStore;
  /** One process serves a directory's uploads: tus's in-memory lock is enough. */
  readonly locker: MemoryLocker;

  /** `acquireLockTimeoutMs`: how long a request waits for another holding the upload's lock (tus's 30 s unless told). */
  constructor(
    readonly directory: string,
    { acquireLockTimeoutMs = 30_000 }: { acquireLockTimeoutMs?: number } = {},
  ) {
    fs.mkdirSync(directory, { recursive: true });
    this.tus = new FileStore({ directory });
    this.locker = new MemoryLocker({ acquireLockTimeout: acquireLockTimeoutMs });
  }

  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return path.join(this.directory, sha256);
  }

  /** A complete document's path, or an upload's. */
  private fileOf(id: string): string {
    if (!SHA256.test(id) && !UPLOAD_ID.test(id)) throw new Error(`not a document or upload id: ${id}`);
    return path.join(this.directory, id);
  }

  async hashOfFile(id: string): Promise<string> {
    const hash = createHash('sha256');
    await pipeline(fs.createReadStream(this.fileOf(id)), hash);
    return hash.digest('hex');
  }

  /** The first `count` bytes of a document or an upload (fewer if it is shorter): enough to tell its type. */
  async leadingBytes(id: string, count: number): Promise<Uint8Array> {
    const handle = await fsp.open(this.fileOf(id), 'r');
    try {
      const buffer = Buffer.alloc(count);
      const { bytesRead } = await handle.read(buffer, 0, count, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  async hasUpload(id: string): Promise<boolean> {
    return this.tus.getUpload(id).then(
      () => true,
      () => false,
    );
  }

  async sizeOf(sha256: string): Promise<number | undefined> {
    return (await fsp.stat(this.pathOf(sha256)).catch(() => undefined))?.size;
  }

  /** Hashed and sniffed where tus wrote it, then renamed into place; the rows are written after the rename. */
  async completeUpload(uploadId: string, sha256: string, completion: UploadCompletion): Promise<CompletedUpload> {
    const size = (await fsp.stat(this.fileOf(uploadId))).size;
    const refused = async (reason: 'document_hash_mismatch' | 'document_type_refused'): Promise<CompletedUpload> => {
      await this.removeUpload(uploadId);
      return { stored: false, refused: reason };
    };
    if ((await this.hashOfFile(uploadId)) !== sha256) return refused('document_hash_mismatch');
    // The declared type is only a claim: what is stored (and later served) is what the bytes are.
    const mime = completion.typeOf(await this.leadingBytes(uploadId, completion.leadingCount));
    if (!mime) return refused('document_type_refused');
    await this.adoptUpload(uploadId, sha256, mime, size);
    const document = { sha256, size, mime };
    await completion.db.transaction().execute((trx) => completion.record(trx, document));
    return { stored: true, document };
  }

  /**
   * A device's finished upload, already verified, becomes the document: renamed into place,
   * or dropped if the same bytes are already there (from another device, or a race with
   * one — the same hash is the same bytes, so either copy will do).
   */
  private async adoptUpload(uploadId: string, sha256: string, mime: string, size: number): Promise<void> {
    const target = this.pathOf(sha256);
    if (fs.existsSync(target) && (await this.hashOfFile(sha256)) === sha256) {
      await this.removeUpload(uploadId);
    } else {
      await fsp.rename(this.fileOf(uploadId), target);
      await fsp.rm(`${this.fileOf(uploadId)}.json`, { force: true });
    }
    await this.markComplete(sha256, size, mime);
  }

  /** The tus metadata that says a document's bytes are all here (what a resume's HEAD reads). */
  private async markComplete(sha256: string, size: number, mime: string): Promise<void> {
    await this.tus.configstore.set(sha256, new Upload({ id: sha256, size, offset: size, metadata: { sha256, mime }, creation_date: new Date().toISOString() }));
  }

  /**
   * Writes a document that arrived whole (an import, a restore): to a temporary file,
   * verified, then renamed into place, with the tus metadata that marks it complete.
   * Returns false, writing nothing, if the bytes do not hash to `sha256`.
   */
  async writeVerified(sha256: string, bytes: Uint8Array, mime: string): Promise<boolean> {
    if (createHash('sha256').update(bytes).digest('hex') !== sha256) return false;
    const target = this.pathOf(sha256);
    const temporary = `${target}.${process.pid}.tmp`;
    await fsp.writeFile(temporary, bytes);
    await fsp.rename(temporary, target);
    await this.markComplete(sha256, bytes.length, mime);
    return true;
  }

  /** An upload's bytes and metadata, whichever of them exist. */
  async removeUpload(id: string): Promise<void> {
    await fsp.rm(this.fileOf(id), { force: true });
    await fsp.rm(`${this.fileOf(id)}.json`, { force: true });
  }

  /**
   * Every file of the directory by id (uploads under way, documents, and any leftover
   * half of either), with when it was started: the metadata's creation date, else the
   * file's own modification time.
   */
  async listUploads(): Promise<StoredUpload[]> {
    const ids = new Set<string>();
    for (const name of await fsp.readdir(this.directory)) {
      const id = name.endsWith('.json') ? name.slice(0, -'.json'.length) : name;
      if (SHA256.test(id) || UPLOAD_ID.test(id)) ids.add(id);
    }
    const uploads: StoredUpload[] = [];
    for (const id of ids) {
      const file = this.fileOf(id);
      const metadata = await fsp.readFile(`${file}.json`, 'utf8').then((text) => JSON.parse(text) as { creation_date?: string }, () => undefined);
      const createdAt = metadata?.creation_date ?? (await fsp.stat(file).then((stat) => stat.mtime.toISOString(), () => undefined));
      uploads.push({ id, createdAt });
    }
    return uploads;
  }

  async remove(sha256: string): Promise<void> {
    await this.tus.remove(sha256).catch(() => undefined);
  }

  read(sha256: string): fs.ReadStream {
    return fs.createReadStream(this.pathOf(sha256));
  }

  /** Every stored file's hash (for backups), complete or not. */
  async list(): Promise<string[]> {
    return (await fsp.readdir(this.directory)).filter((name) => SHA256.test(name));
  }

  async clear(): Promise<void> {
    for (const name of await fsp.readdir(this.directory)) await fsp.rm(path.join(this.directory, name), { force: true, recursive: true });
  }

  /**
   * A fresh directory for a restore's verified documents, inside this one (same file
   * system, so moving them in is a rename each; no copy of anyone's papers elsewhere).
   * Staging directories of runs that died (SIGKILL) are removed first.
   */
  makeStagingDirectory(): string {
    for (const name of fs.readdirSync(this.directory)) {
      const pid = Number(STAGING.exec(name)?.[1]);
      if (pid && !isProcessAlive(pid)) fs.rmSync(path.join(this.directory, name), { recursive: true, force: true });
    }
    return fs.mkdtempSync(path.join(this.directory, `.restore-${process.pid}-`));
  }

  /** Moves a staged, already verified document into place as complete. */
  async adoptStaged(stagingDir: string, document: StoredDocument): Promise<void> {
    await fsp.rename(path.join(stagingDir, document.sha256), this.pathOf(document.sha256));
    await this.markComplete(document.sha256, document.size, document.mime);
  }

  /** Removes every stored file, complete or half-uploaded (`{sha256}-{device}`), except these documents. */
  async removeAllExcept(keep: ReadonlySet<string>): Promise<void> {
    for (const name of await fsp.readdir(this.directory)) {
      const id = name.replace(/\.json$/, '');
      if ((SHA256.test(id) && !keep.has(id)) || UPLOAD_ID.test(id)) await fsp.rm(path.join(this.directory, name), { force: true });
    }
  }
}

const STAGING = /^\.restore-(\d+)-/;
