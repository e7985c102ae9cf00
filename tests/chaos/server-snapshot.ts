import crypto from 'node:crypto';
import { contentHash } from '../../src/domain/content-hash';
import { openDatabase } from '../../server/db/open';
import type { DocumentStore } from '../../server/documents/document-store';
import { openDocumentStore } from '../../server/documents/open-document-store';

export interface ServerApplication {
  id: string;
  applicationNo: string;
  officeCode: string;
  receiptNo: string | null;
  contentHash: string;
  /** The hash recomputed here from the stored envelope: catches a row altered after it was written. */
  recomputedHash: string;
  documents: string[];
  /** "received" events: more than one means the server took the same filing twice. */
  receivedEvents: number;
}

export interface ServerSnapshot {
  applications: ServerApplication[];
  /** Documents whose bytes are in the server's document store, recorded, and hash to their name. */
  documentsIntact: Set<string>;
  /** The application-number counters, by scope (`application:LKO1` …). */
  counters: Map<string, number>;
}

/** Hashes a document's bytes as the store hands them out (a file, or PostgreSQL's pieces); undefined if they are not there. */
async function sha256OfStored(store: DocumentStore, sha: string): Promise<string | undefined> {
  try {
    const hash = crypto.createHash('sha256');
    for await (const piece of store.read(sha)) hash.update(piece as Buffer);
    return hash.digest('hex');
  } catch {
    return undefined;
  }
}

/**
 * What the server holds, read from its own database and document store (the folder on
 * SQLite, `document_chunks` on PostgreSQL, as DOCUMENT_STORE picks), not from any API.
 */
export async function serverSnapshot(databaseUrl: string, documentsDir: string): Promise<ServerSnapshot> {
  const database = openDatabase(databaseUrl);
  try {
    const { db } = database;
    const store = openDocumentStore(database, { documentStore: process.env.DOCUMENT_STORE, documentsDir });
    const rows = await db.selectFrom('applications').select(['id', 'application_no', 'office_code', 'receipt_no', 'content_hash', 'envelope']).execute();
    const counters = new Map((await db.selectFrom('counters').select(['scope', 'value']).execute()).map((row) => [row.scope, Number(row.value)]));
    const events = await db.selectFrom('application_events').select(['application_id', 'kind']).execute();
    const received = new Map<string, number>();
    for (const event of events) if (event.kind === 'received') received.set(event.application_id, (received.get(event.application_id) ?? 0) + 1);
    const recorded = new Set((await db.selectFrom('documents').select('sha256').execute()).map((row) => row.sha256));
    const applications: ServerApplication[] = [];
    const documentsIntact = new Set<string>();
    for (const row of rows) {
      const envelope = JSON.parse(row.envelope) as { documents?: { sha256: string }[] };
      const documents = (envelope.documents ?? []).map((document) => document.sha256);
      for (const sha of documents) if (recorded.has(sha) && !documentsIntact.has(sha) && (await sha256OfStored(store, sha)) === sha) documentsIntact.add(sha);
      applications.push({ id: row.id, applicationNo: row.application_no, officeCode: row.office_code, receiptNo: row.receipt_no, contentHash: row.content_hash, recomputedHash: await contentHash(envelope), documents, receivedEvents: received.get(row.id) ?? 0 });
    }
    return { applications, documentsIntact, counters };
  } finally {
    await database.close();
  }
}
