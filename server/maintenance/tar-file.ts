import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { extract } from 'tar-stream';
import { tarEnd, tarHeader, tarPadding } from '../../src/domain/tar';

/** Appends regular-file entries to a ustar file as they come, without holding them in memory. */
export class TarFileWriter {
  private readonly out: fs.WriteStream;
  private readonly mtime = Date.now() / 1000;

  constructor(file: string) {
    this.out = fs.createWriteStream(file);
  }

  private write(chunk: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => this.out.write(chunk, (error) => (error ? reject(error) : resolve())));
  }

  async addBytes(name: string, bytes: Uint8Array): Promise<void> {
    await this.write(tarHeader(name, bytes.length, this.mtime));
    await this.write(bytes);
    await this.write(tarPadding(bytes.length));
  }

  async addFile(name: string, path: string): Promise<void> {
    const size = fs.statSync(path).size;
    await this.write(tarHeader(name, size, this.mtime));
    for await (const chunk of fs.createReadStream(path)) await this.write(chunk as Buffer);
    await this.write(tarPadding(size));
  }

  async close(): Promise<void> {
    await this.write(tarEnd());
    await new Promise<void>((resolve, reject) => this.out.end((error?: Error | null) => (error ? reject(error) : resolve())));
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
