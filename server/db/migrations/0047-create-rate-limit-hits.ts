import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect';

/**
 * Request counts of the per-address rate limits when every server process must see the
 * same ones (server/http/database-rate-limit-store.ts): one row per limited route and
 * client key, its count and when its window ends (milliseconds since the epoch). The
 * first request after the end starts a new window; rows past their end are swept.
 * UNLOGGED on PostgreSQL: a count is written on every limited request, and without the
 * WAL its commit waits for no disk flush (1.5 ms a request otherwise). PostgreSQL empties
 * the table after a crash, which only gives every address a fresh window.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const table = db.schema.createTable('rate_limit_hits');
  await (isPostgres(db) ? table.modifyFront(sql`unlogged`) : table)
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('hits', 'integer', (col) => col.notNull())
    .addColumn('window_ends_at', 'bigint', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('rate_limit_hits_window_ends').on('rate_limit_hits').column('window_ends_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rate_limit_hits').execute();
}
