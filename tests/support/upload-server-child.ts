/**
 * A server process of its own for tests that kill one (SIGKILL) mid-upload: the app on
 * DATABASE_URL with the database document store and short lock leases, listening on a free
 * port it prints as `{"port":N}`.
 */
import { buildApp } from '../../server/app';
import { openDatabase } from '../../server/db/open';
import { DatabaseDocumentStore } from '../../server/documents/database-document-store';

const database = openDatabase(process.env.DATABASE_URL!);
const leaseMs = Number(process.env.LEASE_MS ?? 500);
const store = new DatabaseDocumentStore(database.db, { leaseMs, renewMs: leaseMs / 5, acquireTimeoutMs: 300, retryMs: 20 });
const app = await buildApp({ database, documents: store });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 }));
