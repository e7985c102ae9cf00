import type { Kysely } from 'kysely';
import type { DB } from '../../server/db/schema';

/** What a server that lost these filings looks like: the rows and everything that hangs on them, gone. */
export async function forgetApplications(db: Kysely<DB>, ids: string[]): Promise<void> {
  for (const table of ['application_events', 'application_documents', 'fee_entries', 'otp_challenges', 'objections', 'application_additions'] as const) {
    await db.deleteFrom(table).where('application_id', 'in', ids).execute();
  }
  await db.deleteFrom('applications').where('id', 'in', ids).execute();
}
