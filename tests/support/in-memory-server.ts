import { forgetApplications } from './forget-applications';
import type { FastifyInstance } from 'fastify';
import { FileDocumentStore } from '../../server/documents/file-document-store';
import { tempDir } from './temp-dirs';
import { buildApp } from '../../server/app';
import { migrateToLatest } from '../../server/db/migrate';
import { openDatabase, type Database } from '../../server/db/open';
import { createEnrollmentCode, enrollDevice } from '../../server/services/devices';
import type { FetchLike } from '../../src/sync/api-client';
import { TEST_PUBLIC_KEY } from './api-fixture';

/** What the fake network does to the next request. */
export type Fault =
  | { kind: 'network' } // the request never reaches the server
  | { kind: 'lose-response' } // the server commits, the client never hears
  | { kind: 'status'; status: number; retryAfter?: string }; // a proxy or overloaded server answers instead

/**
 * The real server (same routes, services and schema) in memory, reached through a fetch
 * function instead of a socket, with faults the test can queue. Sync tests run against it.
 */
export interface InMemoryServer {
  app: FastifyInstance;
  database: Database;
  documents: FileDocumentStore;
  fetch: FetchLike;
  faults: Fault[];
  /** Every request that reached the server, in order. */
  requests: { method: string; url: string }[];
  enroll(office?: string): Promise<{ deviceId: string; token: string; office: string }>;
  /** Deletes applications and everything that hangs on them, as a server losing its data would. */
  forget(ids: string[]): Promise<void>;
  close(): Promise<void>;
}

export async function startInMemoryServer(): Promise<InMemoryServer> {
  const database = openDatabase('sqlite::memory:');
  await migrateToLatest(database);
  const documents = new FileDocumentStore(tempDir('sahej-documents-'));
  const app = await buildApp({ database, documents });
  const faults: Fault[] = [];
  const requests: { method: string; url: string }[] = [];

  const fetchImpl: FetchLike = async (input, init) => {
    const url = new URL(input, 'http://sahej.test');
    const fault = faults.shift();
    if (fault?.kind === 'network') throw new TypeError('Failed to fetch');
    if (fault?.kind === 'status') {
      const headers: Record<string, string> = { 'content-type': 'text/html' };
      if (fault.retryAfter) headers['retry-after'] = fault.retryAfter;
      return new Response('<html>busy</html>', { status: fault.status, headers });
    }
    requests.push({ method: init.method ?? 'GET', url: url.pathname });
    const response = await app.inject({
      method: (init.method ?? 'GET') as 'GET',
      url: url.pathname + url.search,
      headers: Object.fromEntries(new Headers(init.headers).entries()),
      payload: init.body as string | undefined,
    });
    if (fault?.kind === 'lose-response') throw new TypeError('Failed to fetch');
    return new Response(response.body, { status: response.statusCode, headers: response.headers as Record<string, string> });
  };

  return {
    app,
    database,
    documents,
    fetch: fetchImpl,
    faults,
    requests,
    async enroll(office = 'LKO1') {
      const { code } = await createEnrollmentCode(database.db, office);
      return enrollDevice(database.db, { code, publicKeyJwk: TEST_PUBLIC_KEY });
    },
    async forget(ids) {
      await forgetApplications(database.db, ids);
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}
