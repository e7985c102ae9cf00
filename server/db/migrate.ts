import { Migrator, sql, type Migration, type MigrationResultSet } from 'kysely';
import type { Database } from './open';
import * as m0001 from './migrations/0001-create-offices';
import * as m0002 from './migrations/0002-create-counters';
import * as m0003 from './migrations/0003-create-enrollment-codes';
import * as m0004 from './migrations/0004-create-devices';
import * as m0005 from './migrations/0005-create-applications';
import * as m0006 from './migrations/0006-create-application-events';
import * as m0007 from './migrations/0007-add-applications-capture-day';
import * as m0008 from './migrations/0008-backfill-capture-day';
import * as m0009 from './migrations/0009-index-applications-device-day';
import * as m0010 from './migrations/0010-create-documents';
import * as m0011 from './migrations/0011-create-application-documents';
import * as m0012 from './migrations/0012-backfill-application-documents';
import * as m0013 from './migrations/0013-create-server-meta';
import * as m0014 from './migrations/0014-add-applications-receipt-no';
import * as m0015 from './migrations/0015-backfill-receipt-no';
import * as m0016 from './migrations/0016-index-receipt-no';
import * as m0017 from './migrations/0017-add-applications-confirmation';
import * as m0018 from './migrations/0018-create-server-keys';
import * as m0019 from './migrations/0019-create-fee-entries';
import * as m0020 from './migrations/0020-backfill-fee-entries';
import * as m0021 from './migrations/0021-create-users';
import * as m0022 from './migrations/0022-create-sessions';
import * as m0023 from './migrations/0023-add-applications-applicant-columns';
import * as m0024 from './migrations/0024-add-applications-service-clock';
import * as m0025 from './migrations/0025-add-applications-mobile-verified-at';
import * as m0026 from './migrations/0026-backfill-applicant-columns';
import * as m0027 from './migrations/0027-backfill-service-clock';
import * as m0028 from './migrations/0028-index-applications-office-status';
import * as m0029 from './migrations/0029-create-objections';
import * as m0030 from './migrations/0030-create-application-additions';
import * as m0031 from './migrations/0031-create-otp-challenges';
import * as m0032 from './migrations/0032-create-login-failures';
import * as m0033 from './migrations/0033-unique-receipt-no';
import * as m0034 from './migrations/0034-create-document-uploads';
import * as m0035 from './migrations/0035-backfill-document-uploads';
import * as m0036 from './migrations/0036-add-application-events-note-code';
import * as m0037 from './migrations/0037-backfill-event-note-codes';
import * as m0038 from './migrations/0038-create-device-reports';
import * as m0039 from './migrations/0039-index-fee-entries-device';
import * as m0040 from './migrations/0040-add-applications-applicant-name-key';
import * as m0041 from './migrations/0041-backfill-applicant-name-key';
import * as m0042 from './migrations/0042-add-application-events-transition-details';
import * as m0043 from './migrations/0043-add-applications-survey-and-estimate';
import * as m0044 from './migrations/0044-index-applications-name-key';
import * as m0045 from './migrations/0045-create-status-messages';
import * as m0046 from './migrations/0046-create-leases';
import * as m0047 from './migrations/0047-create-rate-limit-hits';
import * as m0048 from './migrations/0048-create-document-chunks';
import * as m0049 from './migrations/0049-create-tus-uploads';
import * as m0050 from './migrations/0050-create-upload-chunks';
import * as m0051 from './migrations/0051-create-upload-locks';

/** Numbered, one change a file; listed here so a bundle or tsx run needs no directory scan. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001-create-offices': m0001,
  '0002-create-counters': m0002,
  '0003-create-enrollment-codes': m0003,
  '0004-create-devices': m0004,
  '0005-create-applications': m0005,
  '0006-create-application-events': m0006,
  '0007-add-applications-capture-day': m0007,
  '0008-backfill-capture-day': m0008,
  '0009-index-applications-device-day': m0009,
  '0010-create-documents': m0010,
  '0011-create-application-documents': m0011,
  '0012-backfill-application-documents': m0012,
  '0013-create-server-meta': m0013,
  '0014-add-applications-receipt-no': m0014,
  '0015-backfill-receipt-no': m0015,
  '0016-index-receipt-no': m0016,
  '0017-add-applications-confirmation': m0017,
  '0018-create-server-keys': m0018,
  '0019-create-fee-entries': m0019,
  '0020-backfill-fee-entries': m0020,
  '0021-create-users': m0021,
  '0022-create-sessions': m0022,
  '0023-add-applications-applicant-columns': m0023,
  '0024-add-applications-service-clock': m0024,
  '0025-add-applications-mobile-verified-at': m0025,
  '0026-backfill-applicant-columns': m0026,
  '0027-backfill-service-clock': m0027,
  '0028-index-applications-office-status': m0028,
  '0029-create-objections': m0029,
  '0030-create-application-additions': m0030,
  '0031-create-otp-challenges': m0031,
  '0032-create-login-failures': m0032,
  '0033-unique-receipt-no': m0033,
  '0034-create-document-uploads': m0034,
  '0035-backfill-document-uploads': m0035,
  '0036-add-application-events-note-code': m0036,
  '0037-backfill-event-note-codes': m0037,
  '0038-create-device-reports': m0038,
  '0039-index-fee-entries-device': m0039,
  '0040-add-applications-applicant-name-key': m0040,
  '0041-backfill-applicant-name-key': m0041,
  '0042-add-application-events-transition-details': m0042,
  '0043-add-applications-survey-and-estimate': m0043,
  '0044-index-applications-name-key': m0044,
  '0045-create-status-messages': m0045,
  '0046-create-leases': m0046,
  '0047-create-rate-limit-hits': m0047,
  '0048-create-document-chunks': m0048,
  '0049-create-tus-uploads': m0049,
  '0050-create-upload-chunks': m0050,
  '0051-create-upload-locks': m0051,
};

export const LATEST_MIGRATION = Object.keys(MIGRATIONS).sort().at(-1)!;

/**
 * On PostgreSQL the migrator is told its schema (the first on the search path): left
 * unsaid, Kysely looks for its bookkeeping tables in every schema of the database, so
 * another schema's `kysely_migration` (another app, a second Sahej, a test's leftover)
 * read as ours and the migration failed on a table it then could not find.
 */
async function migrator(database: Database): Promise<Migrator> {
  const provider = { getMigrations: async () => MIGRATIONS };
  if (database.dialect !== 'postgres') return new Migrator({ db: database.db, provider });
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(database.db);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('PostgreSQL has no current schema: the search path names no schema that exists');
  return new Migrator({ db: database.db, provider, migrationTableSchema: schema });
}

function check(result: MigrationResultSet): string[] {
  if (result.error) throw result.error instanceof Error ? result.error : new Error(String(result.error));
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Applies every pending migration; returns the names applied. */
export async function migrateToLatest(database: Database): Promise<string[]> {
  return check(await (await migrator(database)).migrateToLatest());
}

/** Applies migrations up to and including `name` (tests load rows in an older shape). */
export async function migrateTo(database: Database, name: string): Promise<string[]> {
  return check(await (await migrator(database)).migrateTo(name));
}
