import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { FileStore } from '@tus/file-store';
import { Upload } from '@tus/server';
import { isProcessAlive } from '../process-alive';

export const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Document bytes on disk, one file per SHA-256 (the tus file store's layout: `{sha256}`
 * plus `{sha256}.json` with the upload's metadata). The database's `documents` table
 * says which of them are complete and verified.
 */
export class DocumentStore {
  readonly tus: FileStore;

  constructor(readonly directory: string) {
    fs.mkdirSync(directory, { recursive: true });
    this.tus = new FileStore({ directory });
  }

  pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`not a SHA-256: ${sha256}`);
    return path.join(this.directory, sha256);
  }

  async hashOfFile(sha256: string): Promise<string> {
    const hash = createHash('sha256');
    await pipeline(fs.createReadStream(this.pathOf(sha256)), hash);
    return hash.digest('hex');
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
    await this.tus.configstore.set(sha256, new Upload({ id: sha256, size: bytes.length, offset: bytes.length, metadata: { sha256, mime }, creation_date: new Date().toISOString() }));
    return true;
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
  async adoptStaged(stagingDir: string, document: { sha256: string; size: number; mime: string }): Promise<void> {
    await fsp.rename(path.join(stagingDir, document.sha256), this.pathOf(document.sha256));
    await this.tus.configstore.set(document.sha256, new Upload({ id: document.sha256, size: document.size, offset: document.size, metadata: { sha256: document.sha256, mime: document.mime }, creation_date: new Date().toISOString() }));
  }

  /** Removes every stored file, complete or half-uploaded, except these documents. */
  async removeAllExcept(keep: ReadonlySet<string>): Promise<void> {
    for (const name of await fsp.readdir(this.directory)) {
      const sha256 = name.replace(/\.json$/, '');
      if (SHA256.test(sha256) && !keep.has(sha256)) await fsp.rm(path.join(this.directory, name), { force: true });
    }
  }
}

const STAGING = /^\.restore-(\d+)-/;
