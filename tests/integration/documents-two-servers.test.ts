import { spawn } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import type { Database } from '../../server/db/open';
import { CHUNK_BYTES } from '../../server/documents/database-upload-store';
import { DatabaseDocumentStore } from '../../server/documents/database-document-store';
import { uploadIdFor } from '../../server/documents/document-store';
import { createEnrollmentCode, enrollDevice } from '../../server/services/devices';
import { TEST_PUBLIC_KEY } from '../support/api-fixture';
import { TEST_LOCK_TIMES } from '../support/document-store-fixture';
import { signedInOfficer } from '../support/office-fixture';
import { sampleEnvelope } from '../support/sample-envelope';
import { createTestDatabase, postgresAvailable, type TestDatabase } from '../support/test-database';
import { sha256Of, tusClient } from '../support/tus-inject';

const pdfBytes = (size: number) => Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(size - 9)]);
const pause = () => new Promise((resolve) => setTimeout(resolve, 20));

/** Two server processes' worth of the app: each its own database handle (pool) on one PostgreSQL schema, each its own store. */
describe.skipIf(!postgresAvailable)('documents across two server processes on one PostgreSQL', () => {
  let test: TestDatabase;
  let servers: { app: FastifyInstance; store: DatabaseDocumentStore; database: Database }[];
  let device: { deviceId: string; token: string };
  beforeEach(async () => {
    test = await createTestDatabase('postgres');
    servers = [];
    for (const database of [test.database, test.openAnother()]) {
      // Renewals often, so a holder on the other process hears a request to let go within the test's short wait.
      const store = new DatabaseDocumentStore(database.db, { ...TEST_LOCK_TIMES, renewMs: 50, acquireTimeoutMs: 1000 });
      servers.push({ app: await buildApp({ database, documents: store }), store, database });
    }
    device = await enrollDevice(test.database.db, { code: (await createEnrollmentCode(test.database.db, 'LKO1')).code, publicKeyJwk: TEST_PUBLIC_KEY });
  });
  afterEach(async () => {
    for (const { app } of servers) await app.close();
    await test.dispose();
  });

  it('an upload started on A continues on B from the offset B reports, and A serves the document to the office', async () => {
    const [a, b] = servers as [(typeof servers)[0], (typeof servers)[0]];
    const bytes = pdfBytes(3 * CHUNK_BYTES + 999);
    const hash = sha256Of(bytes);
    const half = Math.floor(bytes.length / 2);
    const onA = tusClient(a.app, device.token);
    const onB = tusClient(b.app, device.token);
    expect((await onA.create(bytes, { mime: 'application/pdf', sent: 0 })).statusCode).toBe(201);
    expect((await onA.patch(hash, 0, bytes.subarray(0, half))).statusCode).toBe(204);

    const head = await onB.head(hash);
    expect([head.statusCode, head.headers['upload-offset'], head.headers['upload-length']]).toEqual([200, String(half), String(bytes.length)]);
    const last = await onB.patch(hash, half, bytes.subarray(half));
    expect([last.statusCode, last.headers['upload-offset']]).toEqual([204, String(bytes.length)]);

    const envelope = sampleEnvelope({ deviceId: device.deviceId });
    envelope.documents = [{ kind: 'photo', sha256: hash, mime: 'application/pdf', size: bytes.length }, ...envelope.documents.filter((document) => document.kind !== 'photo')];
    const filed = await b.app.inject({ method: 'PUT', url: `/api/v1/applications/${envelope.id}`, headers: { authorization: `Bearer ${device.token}` }, payload: envelope });
    expect(filed.statusCode).toBe(201);
    expect(filed.json().documentsMissing).not.toContain(hash);
    const officer = await signedInOfficer(a.app, test.database.db, { username: 'meena', role: 'officer', office: 'LKO1' });
    const served = await a.app.inject({ method: 'GET', url: `/api/v1/office/documents/${hash}`, headers: { cookie: officer } });
    expect([served.statusCode, served.headers['content-type']]).toEqual([200, 'application/pdf']);
    expect(served.rawPayload.equals(bytes)).toBe(true);
  });

  it('a PATCH on B while A is still taking one for the same upload is refused, never interleaved; the device then resumes on B', async () => {
    const [a, b] = servers as [(typeof servers)[0], (typeof servers)[0]];
    const bytes = pdfBytes(2 * CHUNK_BYTES + 10);
    const hash = sha256Of(bytes);
    const id = uploadIdFor(hash, device.deviceId);
    expect((await tusClient(a.app, device.token).create(bytes, { mime: 'application/pdf', sent: 0 })).statusCode).toBe(201);
    await a.app.listen({ port: 0, host: '127.0.0.1' });
    // A's PATCH: headers and the first piece and a bit, then the kiosk's link stalls with the connection open.
    const stalled = http.request({
      port: (a.app.server.address() as AddressInfo).port,
      host: '127.0.0.1',
      method: 'PATCH',
      path: `/api/v1/documents/${hash}`,
      headers: { authorization: `Bearer ${device.token}`, 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream', 'content-length': String(bytes.length) },
    });
    stalled.on('error', () => undefined);
    stalled.write(bytes.subarray(0, CHUNK_BYTES + 100));
    while ((await a.store.tus.getUpload(id)).offset < CHUNK_BYTES) await pause();

    // The same upload from offset 0 on B: refused (the lock, or the offset A has moved on), nothing written over A's bytes.
    const onB = tusClient(b.app, device.token);
    const refused = await onB.patch(hash, 0, bytes);
    expect([refused.statusCode, refused.json().error]).toEqual([409, 'conflict']);
    stalled.destroy();

    // The device asks B where to go on from, and finishes there.
    let head = await onB.head(hash);
    while (head.statusCode !== 200) {
      await pause();
      head = await onB.head(hash);
    }
    const at = Number(head.headers['upload-offset']);
    expect(at).toBeGreaterThanOrEqual(CHUNK_BYTES);
    expect((await onB.patch(hash, at, bytes.subarray(at))).statusCode).toBe(204);
    const pieces: Buffer[] = [];
    for await (const piece of a.store.read(hash)) pieces.push(piece as Buffer);
    expect(Buffer.concat(pieces).equals(bytes)).toBe(true);
    expect(await test.database.db.selectFrom('upload_locks').selectAll().execute()).toEqual([]);
  });

  it('a process killed mid-PATCH loses none of the pieces it stored, and its lock lapses with its lease: the upload finishes on another', async () => {
    const [survivor] = servers as [(typeof servers)[0]];
    const bytes = pdfBytes(2 * CHUNK_BYTES + 10);
    const hash = sha256Of(bytes);
    const id = uploadIdFor(hash, device.deviceId);
    const onSurvivor = tusClient(survivor.app, device.token);
    expect((await onSurvivor.create(bytes, { mime: 'application/pdf', sent: 0 })).statusCode).toBe(201);

    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(import.meta.dirname, '../support/upload-server-child.ts')], { env: { ...process.env, DATABASE_URL: test.url, LEASE_MS: '500' }, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = once(child, 'exit');
    const [line] = (await once(child.stdout!, 'data')) as [Buffer];
    const { port } = JSON.parse(line.toString()) as { port: number };
    const patch = http.request({
      port,
      host: '127.0.0.1',
      method: 'PATCH',
      path: `/api/v1/documents/${hash}`,
      headers: { authorization: `Bearer ${device.token}`, 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream', 'content-length': String(bytes.length) },
    });
    patch.on('error', () => undefined);
    patch.write(bytes.subarray(0, CHUNK_BYTES + 100));
    while ((await survivor.store.tus.getUpload(id)).offset < CHUNK_BYTES) await pause();
    expect(await test.database.db.selectFrom('upload_locks').select('upload_id').execute()).toEqual([{ upload_id: id }]);
    child.kill('SIGKILL');
    await exited;
    patch.destroy();

    // Until the dead process's lease runs out the survivor answers "try again" (409); then it reports what was stored.
    let head = await onSurvivor.head(hash);
    while (head.statusCode !== 200) {
      expect(head.statusCode).toBe(409);
      await pause();
      head = await onSurvivor.head(hash);
    }
    const at = Number(head.headers['upload-offset']);
    expect(at).toBeGreaterThanOrEqual(CHUNK_BYTES);
    expect((await onSurvivor.patch(hash, at, bytes.subarray(at))).statusCode).toBe(204);
    const pieces: Buffer[] = [];
    for await (const piece of survivor.store.read(hash)) pieces.push(piece as Buffer);
    expect(Buffer.concat(pieces).equals(bytes)).toBe(true);
    expect(await test.database.db.selectFrom('upload_locks').selectAll().execute()).toEqual([]);
  });
});
