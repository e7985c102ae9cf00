import { execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildApp } from '../../server/app';
import { migrateToLatest } from '../../server/db/migrate';
import { openDatabase, type DialectName } from '../../server/db/open';
import { FileDocumentStore } from '../../server/documents/file-document-store';
import { recordDocument } from '../../server/documents/documents-table';
import { createEnrollmentCode, enrollDevice } from '../../server/services/devices';
import { entryOffsets } from '../../tests/support/backup-surgery';
import { databaseSnapshot, filesWithHashes } from '../../tests/support/database-snapshot';
import { sampleEnvelope } from '../../tests/support/sample-envelope';
import { freshPostgresSchema } from '../lib/postgres';
import { round, type BenchRecord } from '../lib/records';

const run = promisify(execFile);
const SAHEJ = path.resolve(import.meta.dirname, '../../bin/sahej.js');
const FILINGS = 1000;
const DOCUMENT_BYTES = 32 * 1024;
const KILL_POINTS = 10;
const DAMAGED_FILES = 20;
const PUBLIC_KEY = { kty: 'EC', crv: 'P-256', x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0' };

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function pngLike(): Buffer {
  const bytes = randomBytes(DOCUMENT_BYTES);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes);
  return bytes;
}

/** A server's worth of filings with their documents, written through the real routes. */
async function fill(url: string, documentsDir: string): Promise<void> {
  const database = openDatabase(url);
  await migrateToLatest(database);
  const documents = new FileDocumentStore(documentsDir);
  const app = await buildApp({ database, documents });
  const { code } = await createEnrollmentCode(database.db, 'LKO1');
  const device = await enrollDevice(database.db, { code, publicKeyJwk: PUBLIC_KEY });
  for (let i = 0; i < FILINGS; i++) {
    const envelope = sampleEnvelope({ deviceId: device.deviceId, name: `आवेदक ${i}` });
    for (const document of envelope.documents) {
      const bytes = pngLike();
      Object.assign(document, { sha256: sha256(bytes), mime: 'image/png', size: bytes.length });
      await documents.writeVerified(document.sha256, bytes, 'image/png');
      await recordDocument(database.db, { sha256: document.sha256, size: bytes.length, mime: 'image/png' });
    }
    const answer = await app.inject({ method: 'PUT', url: `/api/v1/applications/${envelope.id}`, headers: { authorization: `Bearer ${device.token}` }, payload: envelope });
    if (answer.statusCode !== 201) throw new Error(`filing ${i}: ${answer.statusCode} ${answer.body}`);
  }
  await app.close();
  await database.close();
}

async function state(url: string, documentsDir: string) {
  const database = openDatabase(url);
  try {
    return JSON.stringify({ tables: await databaseSnapshot(database), files: filesWithHashes(documentsDir) });
  } finally {
    await database.close();
  }
}

/** SIGKILLs `sahej backup FILE` once its partial file has grown to `bytes`; true if FILE is then still the previous backup. */
async function killBackupAt(env: NodeJS.ProcessEnv, file: string, bytes: number, previous: string): Promise<boolean> {
  const dir = path.dirname(file);
  const child = spawn(process.execPath, [SAHEJ, 'backup', file], { env, stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  for (;;) {
    const partial = fs.readdirSync(dir).find((name) => name.endsWith('.partial'));
    if (partial && (fs.statSync(path.join(dir, partial), { throwIfNoEntry: false })?.size ?? 0) >= bytes) break;
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setImmediate(resolve));
  }
  child.kill('SIGKILL');
  await exited;
  return sha256(fs.readFileSync(file)) === previous;
}

async function benchDialect(dialect: DialectName): Promise<BenchRecord[]> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sahej-bench-backup-'));
  const schema = dialect === 'postgres' ? await freshPostgresSchema() : undefined;
  if (dialect === 'postgres' && !schema) return [];
  const url = schema?.url ?? `sqlite:${path.join(work, 'sahej.db')}`;
  const documentsDir = path.join(work, 'documents');
  const env = { ...process.env, DATABASE_URL: url, DOCUMENTS_DIR: documentsDir, LOG_LEVEL: 'silent' };
  try {
    await fill(url, documentsDir);
    const file = path.join(work, 'nightly.tar');
    let started = performance.now();
    await run(process.execPath, [SAHEJ, 'backup', file], { env });
    const backupSeconds = (performance.now() - started) / 1000;
    const size = fs.statSync(file).size;
    const previous = sha256(fs.readFileSync(file));

    const tmpBefore = fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('sahej-backup-')).length;
    let intact = 0;
    for (let point = 0; point < KILL_POINTS; point++) if (await killBackupAt(env, file, Math.floor((size * (point + 0.5)) / KILL_POINTS), previous)) intact++;
    const tmpLeft = fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('sahej-backup-')).length - tmpBefore;

    // Cut short at random points and with a byte changed at random: each must be refused with nothing changed.
    const before = await state(url, documentsDir);
    const good = fs.readFileSync(file);
    const entries = entryOffsets(good).filter((entry) => entry.dataEnd > entry.dataStart);
    let refusedUnchanged = 0;
    for (let i = 0; i < DAMAGED_FILES; i++) {
      const damaged = Buffer.from(i % 2 ? good : good.subarray(0, Math.floor(Math.random() * good.length)));
      if (i % 2) {
        // A byte of some entry's data (a byte of tar padding changes nothing that is restored).
        const entry = entries[Math.floor(Math.random() * entries.length)]!;
        const at = entry.dataStart + Math.floor(Math.random() * (entry.dataEnd - entry.dataStart));
        damaged.writeUInt8(damaged.readUInt8(at) ^ 0x5a, at);
      }
      const damagedFile = path.join(work, 'damaged.tar');
      fs.writeFileSync(damagedFile, damaged);
      const refused = await run(process.execPath, [SAHEJ, 'restore', damagedFile], { env }).then(() => false, () => true);
      if (refused && (await state(url, documentsDir)) === before) refusedUnchanged++;
    }

    started = performance.now();
    await run(process.execPath, [SAHEJ, 'restore', file], { env });
    const restoreSeconds = (performance.now() - started) / 1000;
    const note = `${FILINGS} filings, ${FILINGS * 3} documents of ${DOCUMENT_BYTES / 1024} KB, through the CLI`;
    return [
      { name: `backup ${dialect}: seconds`, value: round(backupSeconds, 2), unit: 's', runs: 1, note },
      { name: `backup ${dialect}: size`, value: round(size / 1024 / 1024), unit: 'MB', runs: 1, note },
      { name: `backup ${dialect}: SIGKILLed at ${KILL_POINTS} points, previous file intact`, value: intact, unit: `of ${KILL_POINTS}`, runs: 1, note: `copies left in the temp folder: ${tmpLeft}` },
      { name: `restore ${dialect}: damaged backups refused, database and documents unchanged`, value: refusedUnchanged, unit: `of ${DAMAGED_FILES}`, runs: 1, note: 'half cut short at a random byte, half with a random byte changed' },
      { name: `restore ${dialect}: seconds`, value: round(restoreSeconds, 2), unit: 's', runs: 1, note },
    ];
  } finally {
    await schema?.drop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

export async function benchBackupRestore(): Promise<BenchRecord[]> {
  return [...(await benchDialect('sqlite')), ...(await benchDialect('postgres'))];
}
