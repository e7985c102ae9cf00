import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const made: string[] = [];
function removeAll(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
process.once('exit', removeAll);
// Vitest stops its worker processes with SIGTERM, which ends a process without `exit`:
// without this, every run left its directories behind (1,444 in a day of runs).
process.once('SIGTERM', () => {
  removeAll();
  process.exit(143);
});

/**
 * A temporary directory removed when the test process exits, not before: a document
 * store creates its directory asynchronously, and removing it under that would crash.
 */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}
