import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { cleanStaleUploads } from '../../server/documents/clean-uploads';
import { backup } from '../../server/maintenance/backup';
import { restore } from '../../server/maintenance/restore';
import { tempDir } from '../support/temp-dirs';
import { CHUNK_BYTES } from '../../server/documents/database-upload-store';
import { parseUploadId, uploadIdFor } from '../../server/documents/document-store';
import { documentStoreKind } from '../../server/documents/open-document-store';
import { DatabaseUploadLocker } from '../../server/documents/upload-locks';
import { createStoreFixture, TEST_LOCK_TIMES, type StoreFixture, type StoreKind } from '../support/document-store-fixture';
import { postgresAvailable } from '../support/test-database';
import { sha256Of, tusClient } from '../support/tus-inject';

const HOUR = 60 * 60 * 1000;
/** A PDF's leading bytes, then random ones: the server keeps only what its bytes say is a document type. */
const pdfBytes = (size: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size - 9)]);

async function readAll(stream: Readable): Promise<{ bytes: Buffer; pieces: number }> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return { bytes: Buffer.concat(parts), pieces: parts.length };
}

/** Sends the PATCH's headers and the first `sent` bytes of `body` over a real connection, and keeps it open. */
function openPatch(port: number, token: string, sha256: string, body: Buffer, sent: number): http.ClientRequest {
  const request = http.request({
    port,
    host: '127.0.0.1',
    method: 'PATCH',
    path: `/api/v1/documents/${sha256}`,
    headers: { authorization: `Bearer ${token}`, 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream', 'content-length': String(body.length) },
  });
  request.on('error', () => undefined);
  request.write(body.subarray(0, sent));
  return request;
}

const pause = () => new Promise((resolve) => setTimeout(resolve, 20));

// One suite, both stores: the directory (the SQLite default) and the database (the PostgreSQL default).
const kinds: StoreKind[] = postgresAvailable ? ['file', 'database'] : ['file'];

describe.each(kinds)('document store: %s', (kind) => {
  let fx: StoreFixture;
  beforeEach(async () => {
    fx = await createStoreFixture(kind);
  });
  afterEach(async () => {
    await fx.close();
  });
  const offsetOf = async (sha256: string) => Number((await tusClient(fx.app, fx.device.token).head(sha256)).headers['upload-offset']);
  const uploadId = (bytes: Buffer) => uploadIdFor(sha256Of(bytes), fx.device.deviceId);

  it('creates an upload, takes it in parts, resumes from the offset it reports, and keeps the document once it hashes right', async () => {
    const bytes = pdfBytes(3 * CHUNK_BYTES + 1234);
    const hash = sha256Of(bytes);
    const tus = tusClient(fx.app, fx.device.token);
    expect((await tus.create(bytes, { mime: 'application/pdf', sent: 1000 })).statusCode).toBe(201);
    expect(await offsetOf(hash)).toBe(1000);
    expect((await tus.patch(hash, 1000, bytes.subarray(1000, CHUNK_BYTES + 500))).statusCode).toBe(204);
    // A PATCH at an offset the store does not have is tus's conflict, and changes nothing.
    expect((await tus.patch(hash, 10, bytes.subarray(10, 20))).statusCode).toBe(409);
    const resumeAt = await offsetOf(hash);
    expect(resumeAt).toBe(CHUNK_BYTES + 500);
    if (kind === 'database') {
      // Pieces aligned to the document's whatever the PATCHes' sizes (1000, then the piece filled up, then 500 more).
      const pieces = await fx.test.database.db.selectFrom('upload_chunks').select(['start', sql<number>`octet_length(bytes)`.as('length')]).orderBy('start').execute();
      expect(pieces).toEqual([{ start: 0, length: CHUNK_BYTES }, { start: CHUNK_BYTES, length: 500 }]);
    }
    expect(await fx.store.sizeOf(hash)).toBeUndefined();
    const last = await tus.patch(hash, resumeAt, bytes.subarray(resumeAt));
    expect(last.statusCode).toBe(204);
    expect(last.headers['upload-offset']).toBe(String(bytes.length));

    expect(await fx.store.hasUpload(uploadId(bytes))).toBe(false);
    expect(await fx.store.sizeOf(hash)).toBe(bytes.length);
    const row = await fx.test.database.db.selectFrom('documents').selectAll().where('sha256', '=', hash).executeTakeFirstOrThrow();
    expect([row.size, row.mime]).toEqual([bytes.length, 'application/pdf']);
    const uploader = await fx.test.database.db.selectFrom('document_uploads').select(['device_id', 'completed_at']).where('sha256', '=', hash).executeTakeFirstOrThrow();
    expect(uploader.device_id).toBe(fx.device.deviceId);
    expect(uploader.completed_at).not.toBeNull();
  });

  it('reads a document back byte for byte, a piece at a time, and its leading bytes', async () => {
    const bytes = pdfBytes(5 * CHUNK_BYTES + 77);
    expect((await tusClient(fx.app, fx.device.token).create(bytes, { mime: 'application/pdf' })).statusCode).toBe(201);
    const { bytes: read, pieces } = await readAll(fx.store.read(sha256Of(bytes)));
    expect(read.equals(bytes)).toBe(true);
    expect(pieces).toBeGreaterThan(1); // streamed, never handed over whole
    expect(Buffer.from(await fx.store.leadingBytes(sha256Of(bytes), 9)).toString()).toBe('%PDF-1.7\n');
    await expect(readAll(fx.store.read(sha256Of(Buffer.from('never sent'))))).rejects.toThrow();
  });

  it('refuses bytes that do not hash to the declared SHA-256 and keeps nothing of them', async () => {
    const bytes = pdfBytes(CHUNK_BYTES + 10);
    const claimed = sha256Of(Buffer.from('another document'));
    const refused = await tusClient(fx.app, fx.device.token).create(bytes, { mime: 'application/pdf', sha256: claimed });
    expect([refused.statusCode, refused.json().error]).toEqual([422, 'document_hash_mismatch']);
    expect(await fx.store.hasUpload(uploadIdFor(claimed, fx.device.deviceId))).toBe(false);
    expect(await fx.store.sizeOf(claimed)).toBeUndefined();
    expect(await fx.store.listUploads()).toEqual([]);
    expect(await fx.test.database.db.selectFrom('documents').selectAll().execute()).toEqual([]);
    expect(await fx.test.database.db.selectFrom('document_uploads').selectAll().execute()).toEqual([]);
    if (kind === 'database') {
      for (const table of ['document_chunks', 'upload_chunks', 'tus_uploads'] as const) expect(await fx.test.database.db.selectFrom(table).selectAll().execute()).toEqual([]);
    }
  });

  it('keeps the bytes of a PATCH cut short, and the device resumes after them', async () => {
    const bytes = pdfBytes(2 * CHUNK_BYTES);
    const hash = sha256Of(bytes);
    const tus = tusClient(fx.app, fx.device.token);
    expect((await tus.create(bytes, { mime: 'application/pdf', sent: 0 })).statusCode).toBe(201);
    const cut = CHUNK_BYTES + 4000;
    await fx.app.listen({ port: 0, host: '127.0.0.1' });
    const request = openPatch((fx.app.server.address() as AddressInfo).port, fx.device.token, hash, bytes, cut);
    // The link drops once the server has stored the first piece (the store's own view: no lock taken).
    while ((await fx.store.tus.getUpload(uploadId(bytes))).offset < CHUNK_BYTES) await pause();
    request.destroy();
    // Then waits until the server is done with that request (it lets go of the upload's lock).
    const free = async () => {
      const lock = fx.store.locker.newLock(uploadId(bytes));
      return lock.lock(new AbortController().signal, () => undefined).then(
        async () => (await lock.unlock(), true),
        () => false,
      );
    };
    while (!(await free())) await pause();
    const at = await offsetOf(hash);
    expect(at).toBeGreaterThanOrEqual(CHUNK_BYTES); // at most the piece being filled is lost
    expect(at).toBeLessThanOrEqual(cut);
    expect((await tus.patch(hash, at, bytes.subarray(at))).statusCode).toBe(204);
    expect((await readAll(fx.store.read(hash))).bytes.equals(bytes)).toBe(true);
  });

  it('refuses a PATCH while another request holds the upload’s lock, leaving the upload as it was', async () => {
    const bytes = pdfBytes(CHUNK_BYTES);
    const hash = sha256Of(bytes);
    const tus = tusClient(fx.app, fx.device.token);
    expect((await tus.create(bytes, { mime: 'application/pdf', sent: 100 })).statusCode).toBe(201);
    // The holder: a request that does not let go when asked (a process busy writing, or one that stopped answering).
    const held = fx.store.locker.newLock(uploadId(bytes));
    let asked = 0;
    await held.lock(new AbortController().signal, () => void asked++);
    const refused = await tus.patch(hash, 100, bytes.subarray(100));
    expect([refused.statusCode, refused.json().error]).toEqual([409, 'conflict']);
    expect(asked).toBeGreaterThan(0); // it was asked to let go, as tus does
    await held.unlock();
    expect(await offsetOf(hash)).toBe(100);
    expect((await tus.patch(hash, 100, bytes.subarray(100))).statusCode).toBe(204);
    expect(await fx.store.sizeOf(hash)).toBe(bytes.length);
  });

  it('a backup carries the documents read through the store, and a restore puts them back into it, byte for byte', async () => {
    const tus = tusClient(fx.app, fx.device.token);
    const kept = pdfBytes(2 * CHUNK_BYTES + 5);
    const later = pdfBytes(3000);
    expect((await tus.create(kept, { mime: 'application/pdf' })).statusCode).toBe(201);
    expect((await tus.create(pdfBytes(CHUNK_BYTES + 1), { mime: 'application/pdf', sent: 100 })).statusCode).toBe(201); // under way: not carried
    const file = path.join(tempDir('sahej-backup-'), 'backup.tar');
    expect(await backup(fx.test.database, fx.store, file)).toMatchObject({ documents: 1, documentsLeftOut: [] });
    expect((await tus.create(later, { mime: 'application/pdf' })).statusCode).toBe(201);

    expect(await restore(fx.test.database, fx.store, file)).toMatchObject({ documents: 1 });
    expect((await readAll(fx.store.read(sha256Of(kept)))).bytes.equals(kept)).toBe(true);
    expect(await fx.store.sizeOf(sha256Of(later))).toBeUndefined();
    expect((await fx.store.listUploads()).filter((upload) => parseUploadId(upload.id))).toEqual([]);
    expect(await fx.test.database.db.selectFrom('documents').select('sha256').execute()).toEqual([{ sha256: sha256Of(kept) }]);
  });

  it('removes uploads left unfinished past their expiry, and never a complete document', async () => {
    const tus = tusClient(fx.app, fx.device.token);
    const complete = pdfBytes(2000);
    const stale = pdfBytes(CHUNK_BYTES + 1);
    expect((await tus.create(complete, { mime: 'application/pdf' })).statusCode).toBe(201);
    expect((await tus.create(stale, { mime: 'application/pdf', sent: 5000 })).statusCode).toBe(201);
    // The process that took it was killed holding its lock: the lease, long lapsed, goes with the upload.
    if (kind === 'database') await sql`insert into upload_locks (upload_id, holder, expires_at) values (${uploadId(stale)}, 'killed-process', now() - interval '1 hour')`.execute(fx.test.database.db);
    expect(await cleanStaleUploads(fx.test.database.db, fx.store, 24 * HOUR)).toEqual({ removed: 0 });
    expect(await cleanStaleUploads(fx.test.database.db, fx.store, 24 * HOUR, new Date(Date.now() + 25 * HOUR))).toEqual({ removed: 1 });
    expect(await fx.store.hasUpload(uploadId(stale))).toBe(false);
    if (kind === 'database') expect(await fx.test.database.db.selectFrom('upload_locks').selectAll().execute()).toEqual([]);
    expect((await tus.head(sha256Of(stale))).statusCode).toBe(404);
    expect(await fx.test.database.db.selectFrom('document_uploads').select('sha256').execute()).toEqual([{ sha256: sha256Of(complete) }]);
    expect((await readAll(fx.store.read(sha256Of(complete)))).bytes.equals(complete)).toBe(true);
  });
});

describe.skipIf(!postgresAvailable)('database store: locks and crashes', () => {
  let fx: StoreFixture;
  beforeEach(async () => {
    fx = await createStoreFixture('database');
  });
  afterEach(async () => {
    await fx.close();
  });

  it('a lock whose holder died lapses with its lease, and the next PATCH takes it over', async () => {
    const bytes = pdfBytes(CHUNK_BYTES);
    const hash = sha256Of(bytes);
    const tus = tusClient(fx.app, fx.device.token);
    expect((await tus.create(bytes, { mime: 'application/pdf', sent: 100 })).statusCode).toBe(201);
    const id = uploadIdFor(hash, fx.device.deviceId);
    // A process killed while it held the lock: its row stays, renewed by nobody.
    await sql`insert into upload_locks (upload_id, holder, expires_at) values (${id}, 'killed-process', now() + interval '1 hour')`.execute(fx.test.database.db);
    expect((await tus.patch(hash, 100, bytes.subarray(100))).statusCode).toBe(409);
    await sql`update upload_locks set expires_at = now() - interval '1 millisecond' where upload_id = ${id}`.execute(fx.test.database.db);
    expect((await tus.patch(hash, 100, bytes.subarray(100))).statusCode).toBe(204);
    expect(await fx.store.sizeOf(hash)).toBe(bytes.length);
    expect(await fx.test.database.db.selectFrom('upload_locks').selectAll().execute()).toEqual([]);
  });

  it('a holder on another process is asked to let go at its next renewal, and lets go', async () => {
    const other = new DatabaseUploadLocker(fx.test.openAnother().db, { ...TEST_LOCK_TIMES, renewMs: 20 });
    const lock = other.newLock('some-upload');
    let released!: () => void;
    const releaseAsked = new Promise<void>((resolve) => (released = resolve));
    await lock.lock(new AbortController().signal, () => {
      released();
      return lock.unlock();
    });
    const here = new DatabaseUploadLocker(fx.test.database.db, { ...TEST_LOCK_TIMES, acquireTimeoutMs: 10_000 }).newLock('some-upload');
    await here.lock(new AbortController().signal, () => undefined);
    await releaseAsked;
    const [row] = (await fx.test.database.db.selectFrom('upload_locks').select(['upload_id', 'release_requested']).execute()) as { upload_id: string; release_requested: boolean }[];
    expect(row).toEqual({ upload_id: 'some-upload', release_requested: false });
    await here.unlock();
  });

  it('keeps a document’s bytes once, however many devices send them', async () => {
    const bytes = pdfBytes(2 * CHUNK_BYTES + 3);
    const other = await fx.enroll('KNP1');
    expect((await tusClient(fx.app, fx.device.token).create(bytes, { mime: 'application/pdf' })).statusCode).toBe(201);
    expect((await tusClient(fx.app, other.token).create(bytes, { mime: 'application/pdf' })).statusCode).toBe(201);
    const pieces = await fx.test.database.db.selectFrom('document_chunks').select(['sha256', 'seq']).orderBy('seq').execute();
    expect(pieces).toEqual([0, 1, 2].map((seq) => ({ sha256: sha256Of(bytes), seq })));
    expect(await fx.test.database.db.selectFrom('document_uploads').select('device_id').orderBy('device_id').execute()).toHaveLength(2);
  });
});

describe('which store the configuration picks', () => {
  it('the database on PostgreSQL and the directory on SQLite unless DOCUMENT_STORE says otherwise; nonsense refused', () => {
    expect([documentStoreKind(undefined, 'postgres'), documentStoreKind('', 'sqlite'), documentStoreKind('file', 'postgres'), documentStoreKind('database', 'postgres')]).toEqual(['database', 'file', 'file', 'database']);
    expect(() => documentStoreKind('database', 'sqlite')).toThrow(/PostgreSQL/);
    expect(() => documentStoreKind('s3', 'postgres')).toThrow(/DOCUMENT_STORE/);
  });
});
