import fs from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

/**
 * "Deploys" a new version: a copy of the build whose service worker script differs, as
 * the next build's would. The server sends the script from its compressed copies, so
 * they are written again too, as the build writes them.
 */
export function nextVersionOf(distDir: string, into: string): string {
  fs.cpSync(distDir, into, { recursive: true });
  const worker = path.join(into, 'service-worker.js');
  fs.appendFileSync(worker, '\n// next version\n');
  const source = fs.readFileSync(worker);
  fs.writeFileSync(`${worker}.br`, brotliCompressSync(source));
  fs.writeFileSync(`${worker}.gz`, gzipSync(source));
  return into;
}
