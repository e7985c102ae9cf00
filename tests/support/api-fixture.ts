import type { FastifyInstance } from 'fastify';
import { FileDocumentStore } from '../../server/documents/file-document-store';
import { tempDir } from './temp-dirs';
import { buildApp, type AppOptions } from '../../server/app';
import { createEnrollmentCode, enrollDevice } from '../../server/services/devices';
import { createTestDatabase, type TestDatabase } from './test-database';
import type { DialectName } from '../../server/db/open';

export const TEST_PUBLIC_KEY = { kty: 'EC', crv: 'P-256', x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0' };

export interface ApiFixture {
  test: TestDatabase;
  app: FastifyInstance;
  documents: FileDocumentStore;
  /** An enrolled device of office LKO1. */
  device: { deviceId: string; token: string; office: string };
  enroll(office?: string): Promise<{ deviceId: string; token: string; office: string }>;
  close(): Promise<void>;
}

/** The real app on a fresh database; `options` go to buildApp (a clock, rate limits, a static dir, a logger, a public URL, upload limits). */
export async function createApiFixture(dialect: DialectName, options: Pick<AppOptions, 'now' | 'rateLimits' | 'rateLimitStore' | 'staticDir' | 'logger' | 'trustProxy' | 'publicUrl' | 'uploads' | 'preparer'> = {}): Promise<ApiFixture> {
  const test = await createTestDatabase(dialect);
  const documentsDir = tempDir('sahej-documents-');
  const documents = new FileDocumentStore(documentsDir);
  const app = await buildApp({ database: test.database, documents, ...options });
  // Enrolled on the app's own clock: a test's fake clock must not meet devices enrolled "in the future" of it.
  const clockNow = () => options.now?.() ?? new Date();
  const enroll = async (office = 'LKO1') => {
    const { code } = await createEnrollmentCode(test.database.db, office, clockNow());
    return enrollDevice(test.database.db, { code, publicKeyJwk: TEST_PUBLIC_KEY }, clockNow());
  };
  const device = await enroll();
  return {
    test,
    app,
    documents,
    device,
    enroll,
    async close() {
      await app.close();
      await test.dispose();
    },
  };
}
