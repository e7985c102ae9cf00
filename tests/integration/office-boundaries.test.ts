import fs from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { cleanStaleUploads } from '../../server/documents/clean-uploads';
import { uploadIdFor } from '../../server/documents/document-store';
import { createApiFixture, type ApiFixture } from '../support/api-fixture';
import { signedInOfficer } from '../support/office-fixture';
import { sampleEnvelope } from '../support/sample-envelope';
import { describeEachDatabase } from '../support/test-database';
import { documentBytes, sha256Of, tusClient } from '../support/tus-inject';

const HOUR = 60 * 60 * 1000;

describeEachDatabase('documents and uploads stay inside their office and their device', (dialect) => {
  let fx: ApiFixture;
  beforeEach(async () => {
    fx = await createApiFixture(dialect, { uploads: { maxUnfinishedPerDevice: 3 } });
  });
  afterEach(async () => {
    await fx.close();
  });

  /** Files a sample filing from `device` that lists `bytes` as its photo. */
  async function fileListing(device: { deviceId: string; token: string }, bytes: Buffer, mime = 'image/jpeg') {
    const envelope = sampleEnvelope({ deviceId: device.deviceId });
    envelope.documents = [{ kind: 'photo', sha256: sha256Of(bytes), mime, size: bytes.length }, ...envelope.documents.filter((document) => document.kind !== 'photo')];
    const response = await fx.app.inject({ method: 'PUT', url: `/api/v1/applications/${envelope.id}`, headers: { authorization: `Bearer ${device.token}` }, payload: envelope });
    expect(response.statusCode).toBe(201);
    return { envelope, ack: response.json() as { documentsMissing: string[] } };
  }
  const read = (sha256: string, cookie: string) => fx.app.inject({ method: 'GET', url: `/api/v1/office/documents/${sha256}`, headers: { cookie } });

  it('refuses bytes that are not a JPEG, PNG, WebP or PDF whatever type they declare, and keeps nothing of them', async () => {
    const tus = tusClient(fx.app, fx.device.token);
    const html = Buffer.from('<!doctype html><script>fetch("/api/v1/office/me").then(r => r.text()).then(alert)</script>');
    const refused = await tus.create(html, { mime: 'image/jpeg' });
    expect([refused.statusCode, refused.json().error]).toEqual([422, 'document_type_refused']);
    const hash = sha256Of(html);
    expect((await fx.app.inject({ method: 'HEAD', url: `/api/v1/documents/${hash}`, headers: { authorization: `Bearer ${fx.device.token}` } })).statusCode).toBe(404);
    expect(fs.readdirSync(fx.documents.directory)).toEqual([]);
    const db = fx.test.database.db;
    expect(await db.selectFrom('documents').selectAll().execute()).toEqual([]);
    expect(await db.selectFrom('document_uploads').selectAll().execute()).toEqual([]);
    // SVG is an image to a browser, and script too: refused like HTML.
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');
    expect((await tus.create(svg, { mime: 'image/png' })).json().error).toBe('document_type_refused');
  });

  it('serves a document only through a filing of an office whose device sent it, with its checked type, nosniff and a sandbox', async () => {
    const a = fx.device; // LKO1
    const b = await fx.enroll('KNP1');
    const officerA = await signedInOfficer(fx.app, fx.test.database.db, { username: 'meena', role: 'officer', office: 'LKO1' });
    const officerB = await signedInOfficer(fx.app, fx.test.database.db, { username: 'kamal', role: 'officer', office: 'KNP1' });
    const admin = await signedInOfficer(fx.app, fx.test.database.db, { username: 'asha', role: 'admin' });

    // B's device files and sends a photo; its officer reads it, as the bytes are (PNG, though the device said JPEG).
    const photoB = documentBytes('png', 'office B photo');
    const filedB = await fileListing(b, photoB);
    expect(filedB.ack.documentsMissing).toContain(sha256Of(photoB));
    expect((await tusClient(fx.app, b.token).create(photoB, { mime: 'image/jpeg' })).statusCode).toBe(201);
    const own = await read(sha256Of(photoB), officerB);
    expect(own.statusCode).toBe(200);
    expect(own.rawPayload.equals(photoB)).toBe(true);
    expect(own.headers).toMatchObject({ 'content-type': 'image/png', 'x-content-type-options': 'nosniff' });
    expect(String(own.headers['content-security-policy'])).toMatch(/^sandbox(;|$)/);
    expect(String(own.headers['content-disposition'])).toMatch(/^inline; filename="[0-9a-f]{16}\.png"$/);

    // A's filing names B's hash (copied from a QR): A's officer gets "not here", and so does an admin through it.
    const filedA = await fileListing(a, photoB);
    expect(filedA.ack.documentsMissing).toContain(sha256Of(photoB)); // A's device is asked to send the bytes itself
    const stolen = await read(sha256Of(photoB), officerA);
    expect([stolen.statusCode, stolen.json().error]).toEqual([404, 'not_found']);
    expect(stolen.body).not.toContain('office B photo');

    // Once A's own device has sent those bytes (possession shown), its office reads them too; the copy is dropped.
    const tusA = tusClient(fx.app, a.token);
    expect((await tusA.create(photoB)).statusCode).toBe(201);
    expect((await read(sha256Of(photoB), officerA)).statusCode).toBe(200);
    expect(fs.readdirSync(fx.documents.directory).sort()).toEqual([sha256Of(photoB), `${sha256Of(photoB)}.json`]);
    const again = await fx.app.inject({ method: 'PUT', url: `/api/v1/applications/${filedA.envelope.id}`, headers: { authorization: `Bearer ${a.token}` }, payload: filedA.envelope });
    expect(again.json().documentsMissing).not.toContain(sha256Of(photoB));

    // A PDF is downloaded, never shown in the console's origin.
    const pdf = documentBytes('pdf', 'office A ownership proof');
    await fileListing(a, pdf, 'application/pdf');
    expect((await tusA.create(pdf, { mime: 'application/pdf' })).statusCode).toBe(201);
    const served = await read(sha256Of(pdf), admin);
    expect(served.headers).toMatchObject({ 'content-type': 'application/pdf', 'x-content-type-options': 'nosniff' });
    expect(String(served.headers['content-disposition'])).toMatch(/^attachment;/);
    expect(String(served.headers['content-security-policy'])).toMatch(/^sandbox(;|$)/);
    expect((await read(sha256Of(pdf), officerB)).statusCode).toBe(403);
  });

  it('lets no device see, continue or abandon another device’s unfinished upload', async () => {
    const b = await fx.enroll('KNP1');
    const bytes = documentBytes('jpeg', 'half of B', 64 * 1024);
    const hash = sha256Of(bytes);
    const tusB = tusClient(fx.app, b.token);
    expect((await tusB.create(bytes, { sent: 10_000 })).headers['upload-offset']).toBe('10000');

    const tusA = tusClient(fx.app, fx.device.token);
    const head = await tusA.head(hash); // a HEAD has no body to carry the code
    expect([head.statusCode, head.headers['upload-offset'], head.headers['upload-length']]).toEqual([404, undefined, undefined]);
    for (const response of [await tusA.patch(hash, 10_000, bytes.subarray(10_000)), await tusA.remove(hash)]) {
      expect([response.statusCode, response.json().error]).toEqual([404, 'not_found']);
      expect(response.headers['upload-offset']).toBeUndefined();
    }
    // B's upload is as it was, and B finishes it.
    expect((await tusB.head(hash)).headers['upload-offset']).toBe('10000');
    expect((await tusB.patch(hash, 10_000, bytes.subarray(10_000))).statusCode).toBe(204);
    expect(fs.readFileSync(fx.documents.pathOf(hash)).equals(bytes)).toBe(true);
  });

  it('answers reconciliation only about the asking device’s office', async () => {
    const b = await fx.enroll('KNP1');
    const { envelope } = await fileListing(b, documentBytes('jpeg', 'B’s'));
    const ask = (token: string, hash: string) =>
      fx.app.inject({ method: 'POST', url: '/api/v1/reconcile', headers: { authorization: `Bearer ${token}` }, payload: { items: [{ id: envelope.id, hash }] } });
    const held = await fx.test.database.db.selectFrom('applications').select('content_hash').where('id', '=', envelope.id).executeTakeFirstOrThrow();
    // B learns its filing is there but incomplete (no photo yet); A learns nothing: the id is unknown to it, whatever hash it names.
    expect((await ask(b.token, held.content_hash)).json()).toEqual({ missing: [], differs: [], incomplete: [envelope.id] });
    expect((await ask(fx.device.token, held.content_hash)).json()).toEqual({ missing: [envelope.id], differs: [], incomplete: [] });
    expect((await ask(fx.device.token, '0'.repeat(64))).json()).toEqual({ missing: [envelope.id], differs: [], incomplete: [] });
  });

  it('caps a device’s unfinished uploads (429 past it) and lets the next one in once one is finished or abandoned', async () => {
    const tusA = tusClient(fx.app, fx.device.token);
    const documents = [1, 2, 3, 4].map((n) => documentBytes('jpeg', `upload ${n}`, 8192));
    for (const bytes of documents.slice(0, 3)) expect((await tusA.create(bytes, { sent: 0 })).statusCode).toBe(201);
    const over = await tusA.create(documents[3]!, { sent: 0 });
    expect([over.statusCode, over.json().error]).toEqual([429, 'rate_limited']);
    // Another device has its own allowance.
    const other = await fx.enroll('LKO1');
    expect((await tusClient(fx.app, other.token).create(documents[3]!, { sent: 0 })).statusCode).toBe(201);
    // Finishing one frees a place; so does abandoning one.
    expect((await tusA.patch(sha256Of(documents[0]!), 0, documents[0]!)).statusCode).toBe(204);
    expect((await tusA.create(documents[3]!, { sent: 0 })).statusCode).toBe(201);
    expect((await tusA.create(documentBytes('jpeg', 'upload 5', 8192), { sent: 0 })).statusCode).toBe(429);
    expect((await tusA.remove(sha256Of(documents[1]!))).statusCode).toBe(204);
    await expect.poll(async () => (await tusA.create(documentBytes('jpeg', 'upload 5', 8192), { sent: 0 })).statusCode).toBe(201);
    // Rows whose files are gone (a restore brings back rows, never half-uploads) do not hold places.
    expect((await tusA.create(documentBytes('jpeg', 'upload 6', 8192), { sent: 0 })).statusCode).toBe(429);
    await fx.documents.removeUpload(uploadIdFor(sha256Of(documents[2]!), fx.device.deviceId));
    expect((await tusA.create(documentBytes('jpeg', 'upload 6', 8192), { sent: 0 })).statusCode).toBe(201);
  });

  it('removes uploads left unfinished past their expiry, and nothing else', async () => {
    const tusA = tusClient(fx.app, fx.device.token);
    const stale = documentBytes('jpeg', 'left half-way', 32 * 1024);
    const complete = documentBytes('jpeg', 'sent whole', 32 * 1024);
    expect((await tusA.create(stale, { sent: 1000 })).statusCode).toBe(201);
    expect((await tusA.create(complete)).statusCode).toBe(201);
    // A half-upload from before uploads were per device (`{sha256}` with no documents row).
    const legacy = documentBytes('pdf', 'an old half upload');
    fs.writeFileSync(fx.documents.pathOf(sha256Of(legacy)), legacy.subarray(0, 100));
    fs.utimesSync(fx.documents.pathOf(sha256Of(legacy)), new Date(Date.now() - 48 * HOUR), new Date(Date.now() - 48 * HOUR));
    const staleFile = `${fx.documents.directory}/${uploadIdFor(sha256Of(stale), fx.device.deviceId)}`;
    expect(fs.existsSync(staleFile)).toBe(true);

    const db = fx.test.database.db;
    // An hour on, under the 24-hour default: only the 48-hour-old leftover goes.
    expect(await cleanStaleUploads(db, fx.documents, 24 * HOUR, new Date(Date.now() + HOUR))).toEqual({ removed: 1 });
    expect(fs.existsSync(staleFile)).toBe(true);
    expect(fs.existsSync(fx.documents.pathOf(sha256Of(legacy)))).toBe(false);
    // A day and an hour on: the half-way upload goes, file and row; the complete document stays.
    expect(await cleanStaleUploads(db, fx.documents, 24 * HOUR, new Date(Date.now() + 25 * HOUR))).toEqual({ removed: 1 });
    expect(fs.existsSync(staleFile)).toBe(false);
    expect(fs.existsSync(`${staleFile}.json`)).toBe(false);
    expect((await tusA.head(sha256Of(stale))).statusCode).toBe(404);
    expect(await db.selectFrom('document_uploads').select('sha256').where('completed_at', 'is', null).execute()).toEqual([]);
    expect(fs.readFileSync(fx.documents.pathOf(sha256Of(complete))).equals(complete)).toBe(true);
    expect((await fx.app.inject({ method: 'HEAD', url: `/api/v1/documents/${sha256Of(complete)}`, headers: { authorization: `Bearer ${fx.device.token}` } })).statusCode).toBe(200);
    // The device simply starts it again.
    expect((await tusA.create(stale)).statusCode).toBe(201);
  });
});
