import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { LATEST_MIGRATION, migrateTo, migrateToLatest } from '../db/migrate';
import type { Database } from '../db/open';
import type { DB } from '../db/schema';
import type { DocumentStore } from '../documents/document-store';
import { readTarFile, TarFileWriter } from './tar-file';

export const BACKUP_FORMAT = 'sahej-backup';

/** Every table, parents before children; restored in this order, wiped in reverse. */
const TABLES: { name: keyof DB; key: string | string[] }[] = [
  { name: 'offices', key: 'code' },
  { name: 'counters', key: 'scope' },
  { name: 'enrollment_codes', key: 'code_hash' },
  { name: 'devices', key: 'id' },
  { name: 'applications', key: 'id' },
  { name: 'application_events', key: 'seq' },
  { name: 'documents', key: 'sha256' },
  { name: 'application_documents', key: ['application_id', 'sha256', 'kind'] },
  { name: 'document_uploads', key: ['sha256', 'device_id'] },
  { name: 'server_keys', key: 'key_id' },
  { name: 'fee_entries', key: 'application_id' },
  { name: 'users', key: 'username' },
  { name: 'application_additions', key: 'id' },
  { name: 'objections', key: 'id' },
  { name: 'otp_challenges', key: 'id' },
];

/** Tables rebuilt empty by a restore, never backed up: console sessions (everyone signs in again). */
const EPHEMERAL_TABLES = ['sessions'] as const;

interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: 1;
  dialect: string;
  migration: string;
  createdAt: string;
}

/**
 * A logical backup, the same for SQLite and PostgreSQL (so it also moves a deployment
 * from one to the other): a tar of every table as JSON lines, then every document's
 * bytes. Tables are read a page at a time, so the backup's size is not bounded by memory.
 */
export async function backup(database: Database, documents: DocumentStore, file: string): Promise<{ rows: number; documents: number }> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'sahej-backup-'));
  const tar = new TarFileWriter(file);
  let rows = 0;
  try {
    const header: BackupHeader = { format: BACKUP_FORMAT, version: 1, dialect: database.dialect, migration: LATEST_MIGRATION, createdAt: new Date().toISOString() };
    await tar.addBytes('sahej-backup.json', Buffer.from(JSON.stringify(header)));
    // One read transaction: every table as of the same moment.
    await database.db.transaction().execute(async (trx) => {
      for (const table of TABLES) {
        const lines = path.join(scratch, `${table.name}.ndjson`);
        const out = fs.createWriteStream(lines);
        let offset = 0;
        for (;;) {
          const page = await (trx as unknown as Kysely<Record<string, Record<string, unknown>>>)
            .selectFrom(table.name)
            .selectAll()
            // A total order (the whole primary key), or offset paging could skip or repeat rows.
            .$call((query) => [table.key].flat().reduce((ordered, column) => ordered.orderBy(column), query))
            .limit(1000)
            .offset(offset)
            .execute();
          for (const row of page) out.write(`${JSON.stringify(row)}\n`);
          rows += page.length;
          offset += page.length;
          if (page.length < 1000) break;
        }
        await new Promise<void>((resolve) => out.end(resolve));
        await tar.addFile(`tables/${table.name}.ndjson`, lines);
      }
    });
    const stored = await database.db.selectFrom('documents').select('sha256').execute();
    for (const { sha256 } of stored) await tar.addFile(`documents/${sha256}`, documents.pathOf(sha256));
    await tar.close();
    return { rows, documents: stored.length };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

async function wipe(database: Database): Promise<void> {
  const db = database.db as unknown as Kysely<unknown>;
  // server_meta is not in backups: rebuilt by its migration, it gives the restored data a new epoch.
  for (const table of [...TABLES.map((entry) => entry.name), ...EPHEMERAL_TABLES, 'server_meta'].reverse()) await sql`drop table if exists ${sql.table(table)}`.execute(db);
  await sql`drop table if exists kysely_migration`.execute(db);
  await sql`drop table if exists kysely_migration_lock`.execute(db);
}

/**
 * Replaces the database and the documents with a backup's: the schema is rebuilt to the
 * backup's migration, its rows go back in, then any newer migrations run over them. Run
 * it with the server stopped.
 */
export async function restore(database: Database, documents: DocumentStore, file: string): Promise<{ rows: number; documents: number }> {
  let header: BackupHeader | undefined;
  let rows = 0;
  let documentCount = 0;
  const mimes = new Map<string, string>();
  await readTarFile(file, async (name, data) => {
    if (name === 'sahej-backup.json') {
      header = JSON.parse(data.toString('utf8')) as BackupHeader;
      if (header.format !== BACKUP_FORMAT) throw new Error(`${file} is not a Sahej backup`);
      await wipe(database);
      await migrateTo(database, header.migration);
      await documents.clear();
      return;
    }
    if (!header) throw new Error(`${file} does not start with a backup header`);
    const table = /^tables\/([a-z_]+)\.ndjson$/.exec(name)?.[1] as keyof DB | undefined;
    if (table) {
      const records = data.toString('utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
      for (let i = 0; i < records.length; i += 200) {
        await (database.db as unknown as Kysely<Record<string, Record<string, unknown>>>).insertInto(table).values(records.slice(i, i + 200)).execute();
      }
      if (table === 'documents') for (const record of records) mimes.set(String(record.sha256), String(record.mime));
      rows += records.length;
      return;
    }
    const sha256 = /^documents\/([0-9a-f]{64})$/.exec(name)?.[1];
    if (sha256) {
      if (!(await documents.writeVerified(sha256, data, mimes.get(sha256) ?? 'application/octet-stream'))) throw new Error(`document ${sha256} in the backup is damaged`);
      documentCount++;
    }
  });
  if (!header) throw new Error(`${file} is empty`);
  if (database.dialect === 'postgres') {
    await sql`select setval(pg_get_serial_sequence('application_events', 'seq'), coalesce((select max(seq) from application_events), 0) + 1, false)`.execute(database.db);
  }
  await migrateToLatest(database);
  return { rows, documents: documentCount };
}
