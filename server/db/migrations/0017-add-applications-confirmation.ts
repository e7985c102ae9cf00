import type { Kysely } from 'kysely';

// The server's signed confirmation ({ keyId, signature }), made once when the filing is first stored.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('applications').addColumn('confirmation', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('applications').dropColumn('confirmation').execute();
}
