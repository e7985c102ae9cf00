import type { Kysely } from 'kysely';

/**
 * Wrong console passwords, counted per user name (lowercased, known or not) and client
 * address: a stranger guessing from elsewhere locks only their own address out, and an
 * unknown name locks exactly as a real one does, so the lock tells no names apart.
 * Replaces users.failed_logins / locked_until, which stay (unused) in that table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('login_failures')
    .addColumn('username', 'text', (col) => col.notNull())
    .addColumn('address', 'text', (col) => col.notNull())
    .addColumn('failed', 'integer', (col) => col.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('updated_at', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('login_failures_key', ['username', 'address'])
    .execute();
  await db.schema.createIndex('login_failures_updated').on('login_failures').column('updated_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('login_failures').execute();
}
