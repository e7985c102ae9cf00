import type { Kysely } from 'kysely';
import { forEachPage } from './paging';
import { phoneticKeyV1 } from './phonetic-key-v1';

/**
 * The phonetic key of every application stored before it existed, from its search name
 * (0026 filled that for every row; a row without one gets an empty key, as its name is).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await forEachPage<{ id: string; applicant_name: string | null }>(db, { table: 'applications', key: 'id', columns: ['id', 'applicant_name'], pageSize: 500 }, async (rows) => {
    for (const row of rows) {
      await db.updateTable('applications').set({ applicant_name_key: phoneticKeyV1(row.applicant_name ?? '') }).where('id', '=', row.id).execute();
    }
  });
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.updateTable('applications').set({ applicant_name_key: null }).execute();
}
