/**
 * Document stores side by side (issue 17): a 5 MB upload through app.inject (tus create,
 * then PATCHes of 256 KB, as tus-js-client sends them, and one whole-body PATCH), on the
 * directory store over SQLite and the database store over PostgreSQL; and the memory a
 * 20 MB read from the database store takes. Run alone: `node --expose-gc --import tsx bench/server/document-stores.ts`
 * (TEST_POSTGRES_URL names the PostgreSQL database).
 */
import { randomBytes } from 'node:crypto';
import { buildApp } from '../../server/app';
import { DatabaseDocumentStore } from '../../server/documents/database-document-store';
import type { DocumentStore } from '../../server/documents/document-store';
import { FileDocumentStore } from '../../server/documents/file-document-store';
import { createEnrollmentCode, enrollDevice } from '../../server/services/devices';
import { TEST_PUBLIC_KEY } from '../../tests/support/api-fixture';
import { createTestDatabase } from '../../tests/support/test-database';
import { tempDir } from '../../tests/support/temp-dirs';
import { sha256Of, tusClient } from '../../tests/support/tus-inject';

const MB = 1024 * 1024;
const pdf = (size: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size - 9)]);

async function uploadRate(kind: 'file' | 'database', pieceBytes: number, runs = 3): Promise<number> {
  const test = await createTestDatabase(kind === 'file' ? 'sqlite' : 'postgres');
  const store: DocumentStore = kind === 'file' ? new FileDocumentStore(tempDir('sahej-bench-docs-')) : new DatabaseDocumentStore(test.database.db);
  const app = await buildApp({ database: test.database, documents: store });
  const device = await enrollDevice(test.database.db, { code: (await createEnrollmentCode(test.database.db, 'LKO1')).code, publicKeyJwk: TEST_PUBLIC_KEY });
  const tus = tusClient(app, device.token);
  const rates: number[] = [];
  for (let run = 0; run < runs; run++) {
    const bytes = pdf(5 * MB);
    const hash = sha256Of(bytes);
    const started = performance.now();
    if ((await tus.create(bytes, { mime: 'application/pdf', sent: 0 })).statusCode !== 201) throw new Error('create refused');
    for (let at = 0; at < bytes.length; at += pieceBytes) {
      const answer = await tus.patch(hash, at, bytes.subarray(at, at + pieceBytes));
      if (answer.statusCode !== 204) throw new Error(`PATCH refused: ${answer.statusCode} ${answer.body}`);
    }
    rates.push(5 / ((performance.now() - started) / 1000));
  }
  await app.close();
  await test.dispose();
  return rates.sort((a, b) => a - b)[Math.floor(rates.length / 2)]!;
}

async function readMemory(): Promise<{ rssPeakMb: number; heapPeakMb: number; retainedMb: number; mbPerS: number }> {
  const test = await createTestDatabase('postgres');
  const store = new DatabaseDocumentStore(test.database.db);
  const bytes = pdf(20 * MB);
  const hash = sha256Of(bytes);
  await store.writeVerified(hash, bytes, 'application/pdf');
  bytes.fill(0);
  global.gc?.();
  const base = process.memoryUsage();
  let rssPeak = base.rss;
  let heapPeak = base.heapUsed + base.arrayBuffers;
  const sample = setInterval(() => {
    const now = process.memoryUsage();
    rssPeak = Math.max(rssPeak, now.rss);
    heapPeak = Math.max(heapPeak, now.heapUsed + now.arrayBuffers);
  }, 2);
  const started = performance.now();
  let read = 0;
  for await (const piece of store.read(hash)) read += (piece as Buffer).length;
  const ms = performance.now() - started;
  clearInterval(sample);
  if (read !== 20 * MB) throw new Error(`read ${read} bytes`);
  // What a read holds at once, garbage aside: collected after every piece (slow, so not timed).
  let retained = Number.NaN;
  if (global.gc) {
    global.gc();
    const before = process.memoryUsage();
    retained = Number.NEGATIVE_INFINITY;
    for await (const piece of store.read(hash)) {
      void piece;
      global.gc();
      const now = process.memoryUsage();
      retained = Math.max(retained, now.heapUsed + now.arrayBuffers - before.heapUsed - before.arrayBuffers);
    }
  }
  await test.dispose();
  return { rssPeakMb: (rssPeak - base.rss) / MB, heapPeakMb: (heapPeak - base.heapUsed - base.arrayBuffers) / MB, retainedMb: retained / MB, mbPerS: 20 / (ms / 1000) };
}

const round = (n: number) => Math.round(n * 10) / 10;
for (const kind of ['file', 'database'] as const) {
  console.log(`${kind} store: 5 MB in 256 KB PATCHes ${round(await uploadRate(kind, 256 * 1024))} MB/s, in one PATCH ${round(await uploadRate(kind, 5 * MB))} MB/s (median of 3)`);
}
const memory = await readMemory();
console.log(`database store: 20 MB read ${round(memory.mbPerS)} MB/s; peak above the start: RSS +${round(memory.rssPeakMb)} MB, heap+buffers +${round(memory.heapPeakMb)} MB (garbage included), held at once after GC +${round(memory.retainedMb)} MB (run with node --expose-gc)`);
