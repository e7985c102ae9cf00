import type { Kysely } from 'kysely';
import { forEachPage } from './paging';

// Frozen as of this migration: copies of `personOf` and `searchableName` from
// src/domain/person.ts as they were when 0026 shipped, typed by just the envelope fields
// they read. They must never follow the domain (a later change there would change the
// search columns this migration writes into a database that has not run it yet).
function personOf(envelope: { data: unknown }): { name: string; mobile: string } {
  const data = envelope.data as { applicant?: { name: string; mobile: string }; newOwner?: { name: string; mobile: string } };
  const person = data.newOwner ?? data.applicant;
  return { name: person?.name ?? '', mobile: person?.mobile ?? '' };
}

function searchableName(name: string): string {
  return name.normalize('NFC').toLocaleLowerCase('en-IN').replace(/\s+/g, ' ').trim();
}

/** Search columns for applications stored before they existed, from their envelopes. */
export async function up(db: Kysely<any>): Promise<void> {
  await forEachPage<{ id: string; envelope: string }>(db, { table: 'applications', key: 'id', columns: ['id', 'envelope'], pageSize: 500 }, async (rows) => {
    for (const row of rows) {
      const person = personOf(JSON.parse(row.envelope) as { data: unknown });
      await db.updateTable('applications').set({ applicant_name: searchableName(person.name), applicant_mobile: person.mobile || null }).where('id', '=', row.id).execute();
    }
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.updateTable('applications').set({ applicant_name: null, applicant_mobile: null }).execute();
}
