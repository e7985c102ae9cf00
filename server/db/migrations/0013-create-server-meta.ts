import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';

/**
 * Facts about this server's data, not part of it. `epoch` names the data's lineage: a
 * restore from backup starts a new one, and a device that sees the epoch change checks
 * at once, by reconciliation, what the server may have lost.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('server_meta')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('value', 'text', (col) => col.notNull())
    .execute();
  await db.insertInto('server_meta').values({ key: 'epoch', value: randomUUID() }).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('server_meta').execute();
}
