import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { contentHash } from '../../src/domain/content-hash';
import { openDatabase } from '../../server/db/open';

export interface ServerApplication {
  id: string;
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
  /** Documents whose bytes are on disk, recorded, and hash to their name. */
  documentsIntact: Set<string>;
}

function sha256OfFile(file: string): string | undefined {
  if (!fs.existsSync(file)) return undefined;
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** What the server holds, read from its own database and document folder, not from any API. */
export async function serverSnapshot(databaseUrl: string, documentsDir: string): Promise<ServerSnapshot> {
  const database = openDatabase(databaseUrl);
  try {
    const { db } = database;
    const rows = await db.selectFrom('applications').select(['id', 'receipt_no', 'content_hash', 'envelope']).execute();
    const events = await db.selectFrom('application_events').select(['application_id', 'kind']).execute();
    const received = new Map<string, number>();
    for (const event of events) if (event.kind === 'received') received.set(event.application_id, (received.get(event.application_id) ?? 0) + 1);
    const recorded = new Set((await db.selectFrom('documents').select('sha256').execute()).map((row) => row.sha256));
    const applications: ServerApplication[] = [];
    const documentsIntact = new Set<string>();
    for (const row of rows) {
      const envelope = JSON.parse(row.envelope) as { documents?: { sha256: string }[] };
      const documents = (envelope.documents ?? []).map((document) => document.sha256);
      for (const sha of documents) if (recorded.has(sha) && sha256OfFile(path.join(documentsDir, sha)) === sha) documentsIntact.add(sha);
      applications.push({ id: row.id, receiptNo: row.receipt_no, contentHash: row.content_hash, recomputedHash: await contentHash(envelope), documents, receivedEvents: received.get(row.id) ?? 0 });
    }
    return { applications, documentsIntact };
  } finally {
    await database.close();
  }
}
