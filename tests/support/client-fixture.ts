import 'fake-indexeddb/auto';
import { parseDeviceId } from '../../src/domain/receipt-number';
import { SahejDatabase } from '../../src/store/database';
import { saveDevice } from '../../src/store/device';
import { submitFiling } from '../../src/store/filings';
import { attachDocument } from '../../src/store/documents';
import { sha256Hex } from '../../src/domain/content-hash';
import { REQUESTS, type DocumentKind, type RequestType } from '../../src/domain/requests';
import { indiaDay } from '../../src/domain/dates';
import { ApiClient } from '../../src/sync/api-client';
import type { DocumentUploader, UploadResult } from '../../src/sync/document-upload';
import { recordDocument } from '../../server/documents/documents-table';
import { recordUploadCompleted } from '../../server/documents/document-uploads';
import { newId } from '../../src/domain/ids';
import { sampleData } from './sample-envelope';
import { startInMemoryServer, type InMemoryServer } from './in-memory-server';

let counter = 0;

/** A device's IndexedDB (fake-indexeddb in Node) enrolled with an in-memory server. */
export async function createClientFixture() {
  const server = await startInMemoryServer();
  const enrollment = await server.enroll();
  const db = new SahejDatabase(`sahej-test-${process.pid}-${++counter}`);
  const keyPair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify'])) as CryptoKeyPair;
  await saveDevice(db, {
    deviceId: enrollment.deviceId,
    office: enrollment.office,
    deviceCode: parseDeviceId(enrollment.deviceId)!.device,
    token: enrollment.token,
    operatorId: 'op-17',
    enrolledAt: new Date().toISOString(),
    keyPair,
  });
  let clock = Date.now();
  const api = new ApiClient(server.fetch, '/api/v1', () => clock);
  const uploads = { faults: [] as UploadResult[], sent: [] as string[] };
  // Documents reach the in-memory server's store directly (the tus path itself is tested
  // over HTTP in tests/integration/documents-upload.test.ts); faults can be queued.
  const uploader: DocumentUploader = {
    async upload(document) {
      const fault = uploads.faults.shift();
      if (fault) return fault;
      const bytes = new Uint8Array(await document.blob.arrayBuffer());
      if (!(await server.documents.writeVerified(document.sha256, bytes, document.mime))) return { kind: 'refused', code: 'document_hash_mismatch' };
      await recordDocument(server.database.db, { sha256: document.sha256, size: bytes.length, mime: document.mime });
      await recordUploadCompleted(server.database.db, { sha256: document.sha256, deviceId: enrollment.deviceId, size: bytes.length });
      uploads.sent.push(document.sha256);
      return { kind: 'done' };
    },
  };
  // Quick retries do not wait in tests; the waits asked for are kept.
  const sleeps: number[] = [];
  const drainContext = () => ({ db, api, uploader, now: () => clock, random: () => 0.5, batches: { supported: true }, sleep: async (ms: number) => void sleeps.push(ms) });
  return {
    server,
    db,
    api,
    uploader,
    uploads,
    sleeps,
    drainContext,
    enrollment,
    now: () => clock,
    advance(ms: number) {
      clock += ms;
    },
    /** Captures a valid filing of `type` with its required documents, as the form would. */
    async submit(name = 'सीता', type: RequestType = 'new_connection') {
      const id = newId();
      await attachSampleDocuments(db, id, type);
      const result = await submitFiling(db, { id, type, data: sampleData(type, indiaDay(clock), name) }, new Date(clock));
      if (!result.ok) throw new Error(`sample filing invalid: ${JSON.stringify(result.issues)}`);
      return result.filing;
    },
    async serverRows() {
      return server.database.db.selectFrom('applications').select(['id', 'content_hash', 'application_no']).orderBy('application_no').execute();
    },
    async close() {
      db.close();
      await db.delete();
      await server.close();
    },
  };
}

export type ClientFixture = Awaited<ReturnType<typeof createClientFixture>>;
export type { InMemoryServer };

/** A document of `kind` with real bytes and hash: a JPEG's leading bytes (what the server checks), not a real image. */
export async function sampleDocument(kind: DocumentKind, seed: string) {
  const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new TextEncoder().encode(`${kind}:${seed}:`.padEnd(2044, '.'))]);
  return { kind, sha256: await sha256Hex(bytes), mime: 'image/jpeg' as const, size: bytes.length, blob: new Blob([bytes], { type: 'image/jpeg' }) };
}

export async function attachSampleDocuments(db: SahejDatabase, id: string, type: RequestType): Promise<void> {
  for (const kind of REQUESTS[type].requiredDocuments) {
    await attachDocument(db, { id, type, values: {}, step: 'documents', name: '' }, await sampleDocument(kind, id));
  }
}
