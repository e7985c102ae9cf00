import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { extract } from 'tar-stream';
import { tarEnd, tarHeader, tarPadding } from '../../src/domain/tar';

/**
 * Appends regular-file entries to a ustar stream as they come, without holding them in
 * memory. `afterWrite` sees the running byte count after every write: a caller can show
 * progress, or (in tests) stop the writer at an exact byte as a kill would.
 */
export class TarFileWriter {
  private readonly mtime = Date.now() / 1000;
  bytesWritten = 0;

  constructor(
    private readonly out: fs.WriteStream,
    private readonly afterWrite: (bytesWritten: number) => void | Promise<void> = () => undefined,
  ) {}

  private async write(chunk: Uint8Array): Promise<void> {
    if (!chunk.length) return;
    await new Promise<void>((resolve, reject) => this.out.write(chunk, (error) => (error ? reject(error) : resolve())));
    this.bytesWritten += chunk.length;
    await this.afterWrite(this.bytesWritten);
  }

  async addBytes(name: string, bytes: Uint8Array): Promise<void> {
    await this.write(tarHeader(name, bytes.length, this.mtime));
    await this.write(bytes);
    await this.write(tarPadding(bytes.length));
  }

  /**
   * Streams a file into an entry of the size it had when asked; returns the SHA-256 of
   * what was written. A file that changes length on the way cannot make a well-formed
   * entry, so that is an error rather than a short or long entry.
   */
  async addFile(name: string, path: string, size: number): Promise<string> {
    return this.addStream(name, fs.createReadStream(path), size, path);
  }

  /** The same from any stream of bytes (a document store's read), `source` naming it in errors. */
  async addStream(name: string, bytes: AsyncIterable<unknown>, size: number, source = name): Promise<string> {
    const hash = createHash('sha256');
    let copied = 0;
    await this.write(tarHeader(name, size, this.mtime));
    for await (const chunk of bytes) {
      const part = chunk as Buffer;
      copied += part.length;
      if (copied > size) break;
      hash.update(part);
      await this.write(part);
    }
    if (copied !== size) throw new Error(`${source} changed size while it was being backed up`);
    await this.write(tarPadding(size));
    return hash.digest('hex');
  }

  async end(): Promise<void> {
    await this.write(tarEnd());
  }
}

/** Reads a tar file entry by entry; each entry's bytes are handed over whole (entries here are small). */
export async function readTarFile(file: string, onEntry: (name: string, data: Buffer) => Promise<void>): Promise<void> {
  const reader = extract();
  reader.on('entry', (header, stream, next) => {
    const parts: Buffer[] = [];
    stream.on('data', (chunk: unknown) => parts.push(chunk as Buffer));
    stream.on('end', () => {
      onEntry(header.name, Buffer.concat(parts)).then(() => next(), (error: unknown) => reader.destroy(error as Error));
    });
    stream.on('error', (error) => reader.destroy(error));
  });
  await pipeline(fs.createReadStream(file), reader);
}
