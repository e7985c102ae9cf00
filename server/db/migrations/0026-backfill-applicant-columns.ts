import type { Kysely } from 'kysely';
import { personOf, searchableName } from '../../../src/domain/person';
import type { Envelope } from '../../../src/domain/envelope';

/** Search columns for applications stored before they existed, from their envelopes. */
export async function up(db: Kysely<any>): Promise<void> {
  let after = '';
  for (;;) {
    const rows: { id: string; envelope: string }[] = await db.selectFrom('applications').select(['id', 'envelope']).where('id', '>', after).orderBy('id').limit(500).execute();
    if (!rows.length) return;
    for (const row of rows) {
      const person = personOf(JSON.parse(row.envelope) as Envelope);
      await db.updateTable('applications').set({ applicant_name: searchableName(person.name), applicant_mobile: person.mobile || null }).where('id', '=', row.id).execute();
    }
    after = rows.at(-1)!.id;
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.updateTable('applications').set({ applicant_name: null, applicant_mobile: null }).execute();
}
