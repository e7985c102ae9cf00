import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app';
import type { Database } from '../../server/db/open';
import { DatabaseDocumentStore } from '../../server/documents/database-document-store';
import type { DocumentStore } from '../../server/documents/document-store';
import { FileDocumentStore } from '../../server/documents/file-document-store';
import type { UploadLockTimes } from '../../server/documents/upload-locks';
import { createEnrollmentCode, enrollDevice } from '../../server/services/devices';
import { TEST_PUBLIC_KEY } from './api-fixture';
import { tempDir } from './temp-dirs';
import { createTestDatabase, type TestDatabase } from './test-database';

export type StoreKind = 'file' | 'database';

/** Short waits for a lock, so a test of a conflict ends in a moment (the lease itself as in production unless told). */
export const TEST_LOCK_TIMES: UploadLockTimes = { leaseMs: 15_000, renewMs: 3_000, acquireTimeoutMs: 300, retryMs: 20 };

/** A store of the kind over its database: the directory on SQLite, the database store on PostgreSQL. */
export function storeFor(kind: StoreKind, database: Database, lockTimes: UploadLockTimes = TEST_LOCK_TIMES): DocumentStore {
  return kind === 'file' ? new FileDocumentStore(tempDir('sahej-documents-'), { acquireLockTimeoutMs: lockTimes.acquireTimeoutMs }) : new DatabaseDocumentStore(database.db, lockTimes);
}

export interface StoreFixture {
  test: TestDatabase;
  store: DocumentStore;
  app: FastifyInstance;
  device: { deviceId: string; token: string; office: string };
  enroll(office?: string): Promise<{ deviceId: string; token: string; office: string }>;
  close(): Promise<void>;
}

/** The real app over a fresh database with a store of the kind (the file store on SQLite, the database store on PostgreSQL). */
export async function createStoreFixture(kind: StoreKind): Promise<StoreFixture> {
  const test = await createTestDatabase(kind === 'file' ? 'sqlite' : 'postgres');
  const store = storeFor(kind, test.database);
  const app = await buildApp({ database: test.database, documents: store });
  const enroll = async (office = 'LKO1') => enrollDevice(test.database.db, { code: (await createEnrollmentCode(test.database.db, office)).code, publicKeyJwk: TEST_PUBLIC_KEY });
  const device = await enroll();
  return {
    test,
    store,
    app,
    device,
    enroll,
    async close() {
      await app.close();
      await test.dispose();
    },
  };
}
