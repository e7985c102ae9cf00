import type { Kysely } from 'kysely';
import { forEachPage } from './paging';

/** Lists the documents of applications stored before the link table existed, from their envelopes. */
export async function up(db: Kysely<any>): Promise<void> {
  await forEachPage<{ id: string; envelope: string }>(db, { table: 'applications', key: 'id', columns: ['id', 'envelope'], pageSize: 500 }, async (rows) => {
    for (const row of rows) {
      const documents = (JSON.parse(row.envelope) as { documents?: { kind: string; sha256: string }[] }).documents ?? [];
      const links = [...new Map(documents.map((document) => [`${document.sha256}/${document.kind}`, document])).values()];
      if (links.length) {
        await db
          .insertInto('application_documents')
          .values(links.map((document) => ({ application_id: row.id, sha256: document.sha256, kind: document.kind })))
          .onConflict((conflict) => conflict.doNothing())
          .execute();
      }
    }
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom('application_documents').execute();
}
