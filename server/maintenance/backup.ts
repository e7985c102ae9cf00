import type { Kysely } from 'kysely';
import { LATEST_MIGRATION } from '../db/migrate';
import type { Database } from '../db/open';
import type { DocumentStore } from '../documents/document-store';
import { openAtomicFile, removeStalePartials } from './atomic-file';
import {
  BACKUP_FORMAT,
  BACKUP_TABLES,
  BACKUP_VERSION,
  HEADER_ENTRY,
  MANIFEST_ENTRY,
  manifestChecksum,
  ROWS_PER_ENTRY,
  sha256Hex,
  tableEntryName,
  type BackupHeader,
  type BackupManifest,
} from './backup-format';
import { TarFileWriter } from './tar-file';

export interface BackupOptions {
  /** Stops the backup (Ctrl-C): the partial file is removed and FILE keeps what it had. */
  signal?: AbortSignal;
  /** Called after every write with the bytes written so far. */
  afterWrite?: (bytesWritten: number) => void | Promise<void>;
}

export interface BackupResult {
  rows: number;
  documents: number;
  /** Documents the database lists whose bytes were missing or damaged on disk. */
  documentsLeftOut: string[];
  bytes: number;
  /** Partial files of earlier interrupted backups that were removed first. */
  staleRemoved: string[];
}

type AnyDb = Kysely<Record<string, Record<string, unknown>>>;

/**
 * A logical backup, the same for SQLite and PostgreSQL (so it also moves a deployment
 * from one to the other): a tar of every table as JSON lines, a page an entry, then every
 * document's bytes, then the manifest that lets a restore check all of it. Nothing is
 * staged anywhere: rows go from the database straight into the archive, which is written
 * beside FILE and renamed over it only when complete, so a backup killed at any point
 * leaves the previous FILE as it was.
 */
export async function backup(database: Database, documents: DocumentStore, file: string, options: BackupOptions = {}): Promise<BackupResult> {
  const staleRemoved = removeStalePartials(file);
  const output = openAtomicFile(file);
  const tar = new TarFileWriter(output.stream, async (bytes) => {
    options.signal?.throwIfAborted();
    await options.afterWrite?.(bytes);
  });
  const header: BackupHeader = { format: BACKUP_FORMAT, version: BACKUP_VERSION, dialect: database.dialect, migration: LATEST_MIGRATION, createdAt: new Date().toISOString() };
  const entries: BackupManifest['entries'] = [];
  const tables: BackupManifest['tables'] = {};
  const listed: { sha256: string; size: number }[] = [];
  let rows = 0;
  const addEntry = async (name: string, bytes: Buffer) => {
    entries.push([name, bytes.length, sha256Hex(bytes)]);
    await tar.addBytes(name, bytes);
  };
  try {
    await addEntry(HEADER_ENTRY, Buffer.from(JSON.stringify(header)));
    // One read transaction: every table as of the same moment.
    await database.db.transaction().execute(async (trx) => {
      for (const table of BACKUP_TABLES) {
        let offset = 0;
        let page = 0;
        for (;;) {
          const found = await (trx as unknown as AnyDb)
            .selectFrom(table.name)
            .selectAll()
            // A total order (the whole primary key), or offset paging could skip or repeat rows.
            .$call((query) => [table.key].flat().reduce((ordered, column) => ordered.orderBy(column), query))
            .limit(ROWS_PER_ENTRY)
            .offset(offset)
            .execute();
          if (!found.length) break;
          await addEntry(tableEntryName(table.name, page++), Buffer.from(found.map((row) => `${JSON.stringify(row)}\n`).join('')));
          if (table.name === 'documents') for (const row of found) listed.push({ sha256: String(row.sha256), size: Number(row.size) });
          offset += found.length;
          if (found.length < ROWS_PER_ENTRY) break;
        }
        tables[table.name] = { rows: offset, entries: page };
        rows += offset;
      }
    });
    const carried: BackupManifest['documents'] = [];
    const documentsLeftOut: string[] = [];
    for (const { sha256, size } of listed) {
      // Read through the store: a directory's file, or the database store's pieces, a piece at a time.
      const stored = await documents.sizeOf(sha256);
      if (stored !== size) {
        documentsLeftOut.push(sha256);
        continue;
      }
      // A file whose bytes no longer hash to its name is in the archive but not in the manifest's list: a restore leaves it out.
      if ((await tar.addStream(`documents/${sha256}`, documents.read(sha256), size, `document ${sha256}`)) === sha256) carried.push([sha256, size]);
      else documentsLeftOut.push(sha256);
    }
    const manifest: Omit<BackupManifest, 'checksum'> = { format: BACKUP_FORMAT, version: BACKUP_VERSION, migration: LATEST_MIGRATION, createdAt: header.createdAt, tables, entries, documents: carried, documentsLeftOut };
    await tar.addBytes(MANIFEST_ENTRY, Buffer.from(JSON.stringify({ ...manifest, checksum: manifestChecksum(manifest) })));
    await tar.end();
    await output.commit();
    return { rows, documents: carried.length, documentsLeftOut, bytes: tar.bytesWritten, staleRemoved };
  } catch (error) {
    await output.abandon();
    throw error;
  }
}
