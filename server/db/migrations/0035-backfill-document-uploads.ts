import type { Kysely } from 'kysely';
import { forEachPage } from './paging';

const PAGE = 500;

/**
 * Uploaders for documents stored before the server recorded them. The bytes do not say who
 * sent them, so the decision is taken from the filings that list each document: a device
 * is taken for an uploader if a filing (or an addition) of it listing the document reached
 * the server no later than the document did — the app sends a filing first and its
 * documents after the server asks for them, so the real sender is always among those.
 * A device that named the hash only after the bytes were here (the way to read another
 * office's document by copying its hash from a QR) is not; it is asked for the bytes on its
 * next sync like any filing missing a document. A document no filing lists stays without
 * uploader and so unreadable until a device sends it; one whose listers all came later
 * (a clock set wrong) goes to its earliest lister.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await forEachPage<{ sha256: string; size: number | string; stored_at: string }>(db, { table: 'documents', key: 'sha256', columns: ['sha256', 'size', 'stored_at'], pageSize: PAGE }, async (documents) => {
    const hashes = documents.map((document) => document.sha256);
    const listers: { sha256: string; device_id: string | null; received_at: string }[] = [
      ...(await db
        .selectFrom('application_documents as link')
        .innerJoin('applications as application', 'application.id', 'link.application_id')
        .select(['link.sha256', 'application.device_id', 'application.received_at'])
        .where('link.sha256', 'in', hashes)
        .execute()),
      ...(await db
        .selectFrom('application_additions as addition')
        .innerJoin('application_documents as link', 'link.application_id', 'addition.application_id')
        .select(['link.sha256', 'addition.device_id', 'addition.received_at', 'addition.body'])
        .where('link.sha256', 'in', hashes)
        .execute())
        .filter((row: { sha256: string; body: string }) => ((JSON.parse(row.body) as { documents?: { sha256: string }[] }).documents ?? []).some((document) => document.sha256 === row.sha256)),
    ];
    const rows: { sha256: string; device_id: string; size: number; created_at: string; completed_at: string }[] = [];
    for (const document of documents) {
      const mine = listers.filter((lister) => lister.sha256 === document.sha256 && lister.device_id).sort((a, b) => a.received_at.localeCompare(b.received_at));
      const before = mine.filter((lister) => lister.received_at <= document.stored_at);
      const devices = new Set((before.length ? before : mine.slice(0, 1)).map((lister) => lister.device_id!));
      for (const device of devices) rows.push({ sha256: document.sha256, device_id: device, size: Number(document.size), created_at: document.stored_at, completed_at: document.stored_at });
    }
    for (let i = 0; i < rows.length; i += PAGE) await db.insertInto('document_uploads').values(rows.slice(i, i + PAGE)).onConflict((conflict) => conflict.doNothing()).execute();
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('document_uploads').execute();
}
