import fs from 'node:fs';
import path from 'node:path';
import { isProcessAlive } from '../process-alive';

/**
 * A file that appears at its path whole or not at all: written beside the target under a
 * hidden name carrying the writer's process id, fsynced, then renamed over the target
 * (one atomic step on the same file system), and the directory fsynced so the rename
 * itself survives a power cut. Until the rename, whatever was at the target is untouched.
 */
export interface AtomicFile {
  /** Where the bytes go until `commit`. */
  readonly partialPath: string;
  readonly stream: fs.WriteStream;
  commit(): Promise<void>;
  /** Closes and removes the partial file; the target stays as it was. */
  abandon(): Promise<void>;
}

const PARTIAL = /^\.(.+)\.(\d+)\.partial$/;

function partialPathOf(target: string, pid: number): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${pid}.partial`);
}

/**
 * Removes partial files of `target` left by writers that died without cleaning up (a
 * SIGKILL, a power cut): they hold a copy of the data in the clear and are never whole.
 * Returns the paths removed.
 */
export function removeStalePartials(target: string): string[] {
  const dir = path.dirname(path.resolve(target));
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const match = PARTIAL.exec(name);
    if (!match || match[1] !== path.basename(target)) continue;
    const pid = Number(match[2]);
    if (pid !== process.pid && isProcessAlive(pid)) continue;
    fs.rmSync(path.join(dir, name), { force: true });
    removed.push(path.join(dir, name));
  }
  return removed;
}

function fsyncDirectory(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function closed(stream: fs.WriteStream): Promise<void> {
  if (stream.closed) return Promise.resolve();
  return new Promise((resolve, reject) => {
    stream.once('error', reject);
    stream.end(() => (stream.closed ? resolve() : stream.once('close', () => resolve())));
  });
}

export function openAtomicFile(target: string): AtomicFile {
  const partialPath = partialPathOf(path.resolve(target), process.pid);
  // 0600: the partial file is as private as the data it copies.
  const stream = fs.createWriteStream(partialPath, { flags: 'wx', mode: 0o600, flush: true });
  return {
    partialPath,
    stream,
    async commit() {
      await closed(stream); // `flush: true` fsyncs the file before it closes
      fs.renameSync(partialPath, target);
      fsyncDirectory(path.dirname(path.resolve(target)));
    },
    async abandon() {
      await closed(stream).catch(() => undefined);
      fs.rmSync(partialPath, { force: true });
    },
  };
}
