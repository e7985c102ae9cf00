import fs from 'node:fs';
import { sql, type Kysely, type Transaction } from 'kysely';
import { MIGRATIONS, migrateToLatest } from '../db/migrate';
import type { Database } from '../db/open';
import type { DB } from '../db/schema';
import type { DocumentStore } from '../documents/document-store';
import { BACKUP_TABLES, HEADER_ENTRY, sha256Hex, tableOfEntry, UNSAVED_TABLES } from './backup-format';
import { readTarFile } from './tar-file';
import { BackupRefused, verifyBackup, type VerifiedBackup } from './verify-backup';

export interface RestoreResult {
  rows: number;
  documents: number;
  /** Documents in the backup whose bytes are not a type a filing may carry: left out. */
  documentsOfRefusedType: number;
  /** Documents the restored rows list whose bytes the backup did not carry: not held, so their devices send them again. */
  documentsNotHeld: number;
}

type AnyDb = Kysely<Record<string, Record<string, unknown>>>;

const KYSELY_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);

async function tablesOf(trx: Transaction<DB>, dialect: Database['dialect']): Promise<string[]> {
  const { rows } =
    dialect === 'postgres'
      ? await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(trx)
      : await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(trx);
  return rows.map((row) => row.name);
}

/** Drops every table but Kysely's bookkeeping: unknown ones first, then ours children before parents. */
async function dropTables(trx: Transaction<DB>, dialect: Database['dialect']): Promise<void> {
  const ours = [...BACKUP_TABLES.map((table) => String(table.name)), ...UNSAVED_TABLES];
  const present = await tablesOf(trx, dialect);
  const unknown = present.filter((name) => !KYSELY_TABLES.has(name) && !ours.includes(name));
  for (const table of [...unknown, ...ours.reverse()]) await sql`drop table if exists ${sql.table(table)}`.execute(trx);
}

/** The backup's rows, read a second time and held to the manifest again (the file could have changed since it was verified). */
async function loadRows(trx: Transaction<DB>, file: string, verified: VerifiedBackup): Promise<number> {
  const expected = new Map(verified.manifest.entries.map(([name, size, sha256]) => [name, { size, sha256 }]));
  let rows = 0;
  const doneWithTables = new Error('tables loaded');
  try {
    await readTarFile(file, async (name, data) => {
      if (name === HEADER_ENTRY) return;
      const table = tableOfEntry(name);
      if (!table) throw doneWithTables; // documents come after every table entry
      if (expected.get(name)?.sha256 !== sha256Hex(data)) throw new BackupRefused(file, `${name} changed after it was checked`);
      const records = data.toString('utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
      for (let i = 0; i < records.length; i += 200) await (trx as unknown as AnyDb).insertInto(table).values(records.slice(i, i + 200)).execute();
      rows += records.length;
    });
  } catch (error) {
    if (error !== doneWithTables) throw error;
  }
  return rows;
}

/**
 * Replaces the database and the documents with a backup's. Nothing is touched until the
 * whole archive has been verified (verifyBackup); then, in ONE transaction, every table is
 * dropped, the schema rebuilt to the backup's migration, its rows loaded, the newer
 * migrations run over them, and Kysely's record of migrations rewritten; a failure
 * anywhere rolls all of it back. Documents are staged inside the documents directory
 * while verifying and moved in just before the commit; the old ones go after it. A
 * document counts as held only if its bytes came with the backup and hashed to their
 * name: every other `documents` row is deleted, so HEAD, reconcile and the ack's
 * `documentsMissing` all ask the devices for it again. Run it with the server stopped.
 */
export async function restore(database: Database, documents: DocumentStore, file: string): Promise<RestoreResult> {
  const staging = documents.makeStagingDirectory();
  try {
    const verified = await verifyBackup(file, staging);
    const carried = new Map(verified.documents.map((document) => [document.sha256, document]));
    // A server that never ran yet has no record of migrations to rewrite.
    await migrateToLatest(database);
    const result = await database.db.transaction().execute(async (trx) => {
      await dropTables(trx, database.dialect);
      let rows = 0;
      for (const [name, migration] of Object.entries(MIGRATIONS).sort(([a], [b]) => a.localeCompare(b))) {
        await migration.up(trx as unknown as Kysely<unknown>);
        if (name === verified.header.migration) rows = await loadRows(trx, file, verified);
      }
      const appliedAt = new Date().toISOString();
      await sql`delete from kysely_migration`.execute(trx);
      for (const name of Object.keys(MIGRATIONS).sort()) await sql`insert into kysely_migration (name, timestamp) values (${name}, ${appliedAt})`.execute(trx);
      if (database.dialect === 'postgres') {
        await sql`select setval(pg_get_serial_sequence('application_events', 'seq'), coalesce((select max(seq) from application_events), 0) + 1, false)`.execute(trx);
      }
      const listed = await trx.selectFrom('documents').select(['sha256', 'size', 'mime']).execute();
      const notHeld = listed.filter((row) => !carried.has(row.sha256)).map((row) => row.sha256);
      // Uploaders of bytes not held prove nothing; uploads under way when the backup was taken have no bytes any more.
      for (let i = 0; i < notHeld.length; i += 500) {
        for (const table of ['documents', 'document_uploads'] as const) await trx.deleteFrom(table).where('sha256', 'in', notHeld.slice(i, i + 500)).execute();
      }
      await trx.deleteFrom('document_uploads').where('completed_at', 'is', null).execute();
      for (const row of listed) {
        const document = carried.get(row.sha256);
        if (!document) continue;
        if (row.mime !== document.mime) await trx.updateTable('documents').set({ mime: document.mime }).where('sha256', '=', row.sha256).execute();
        await documents.adoptStaged(staging, document, trx);
      }
      const { rows: [notHeldListed] } = await sql<{ count: number }>`
        select count(distinct listed.sha256) as count from application_documents listed
        left join documents held on held.sha256 = listed.sha256 where held.sha256 is null`.execute(trx);
      return { rows, documents: listed.length - notHeld.length, documentsOfRefusedType: verified.documentsOfRefusedType.length, documentsNotHeld: Number(notHeldListed?.count ?? 0) };
    });
    await documents.removeAllExcept(new Set(carried.keys()));
    return result;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
