import fs from 'node:fs';
import path from 'node:path';
import { sniffDocumentType, type DocumentMime } from '../../src/domain/document-type';
import { MIGRATIONS } from '../db/migrate';
import {
  BACKUP_FORMAT,
  BACKUP_TABLES,
  BACKUP_VERSION,
  documentOfEntry,
  HEADER_ENTRY,
  MANIFEST_ENTRY,
  manifestChecksum,
  sha256Hex,
  tableOfEntry,
  type BackupHeader,
  type BackupManifest,
} from './backup-format';
import { readTarFile } from './tar-file';

/** A backup that must not be restored: the message says which file and what is wrong with it. */
export class BackupRefused extends Error {
  constructor(file: string, reason: string) {
    super(`${file} cannot be restored: ${reason}. Nothing was changed.`);
  }
}

export interface VerifiedBackup {
  header: BackupHeader;
  manifest: BackupManifest;
  /** Documents whose bytes hashed to their names and are a type a filing may carry, staged under `stagingDir` if one was given; `mime` as the bytes show it. */
  documents: { sha256: string; size: number; mime: DocumentMime }[];
  /** Whole documents whose bytes are none of the four types (stored before types were checked): never restored. */
  documentsOfRefusedType: string[];
}

const TABLE_NAMES = new Set<string>(BACKUP_TABLES.map((table) => table.name));

function parseJson(text: string, what: string, refuse: (reason: string) => never): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return refuse(`its ${what} is not readable JSON`);
  }
}

function checkHeader(value: unknown, refuse: (reason: string) => never): BackupHeader {
  const header = value as Partial<BackupHeader> | null;
  if (!header || typeof header !== 'object' || header.format !== BACKUP_FORMAT) refuse('it is not a Sahej backup');
  if (header.version === 1) refuse('it was made by an older Sahej, whose backups carry no manifest to check them against; restore it with that version, then take a new backup');
  if (header.version !== BACKUP_VERSION) refuse(`its format version ${String(header.version)} is not one this Sahej reads (${BACKUP_VERSION})`);
  if (typeof header.migration !== 'string' || !Object.hasOwn(MIGRATIONS, header.migration)) refuse(`it was made by a newer Sahej (database migration ${String(header.migration)}); upgrade first`);
  return header as BackupHeader;
}

/** Every line a JSON object; returns how many. */
function countRows(bytes: Buffer, name: string, refuse: (reason: string) => never): number {
  const lines = bytes.toString('utf8').split('\n');
  if (lines.at(-1) !== '') refuse(`${name} ends in the middle of a row`);
  let rows = 0;
  for (const line of lines.slice(0, -1)) {
    const row = parseJson(line, `${name} row ${rows + 1}`, refuse);
    if (!row || typeof row !== 'object' || Array.isArray(row)) refuse(`${name} row ${rows + 1} is not a row`);
    rows++;
  }
  return rows;
}

function checkManifest(value: unknown, seen: { entries: BackupManifest['entries']; rows: Map<string, number>; pages: Map<string, number>; documents: Map<string, number>; damaged: Set<string> }, refuse: (reason: string) => never): BackupManifest {
  const manifest = value as BackupManifest;
  if (!manifest || typeof manifest !== 'object' || manifest.format !== BACKUP_FORMAT || typeof manifest.checksum !== 'string') refuse('its manifest is not a Sahej backup manifest');
  if (manifestChecksum(manifest) !== manifest.checksum) refuse('its manifest does not match its own checksum');
  if (JSON.stringify(manifest.entries) !== JSON.stringify(seen.entries)) {
    const at = seen.entries.findIndex((entry, i) => JSON.stringify(entry) !== JSON.stringify(manifest.entries[i]));
    const name = (seen.entries[at] ?? manifest.entries[seen.entries.length])?.[0] ?? 'an entry';
    refuse(`${name} is not what the manifest lists (damaged, missing or out of place)`);
  }
  for (const table of BACKUP_TABLES) {
    const listed = manifest.tables[table.name];
    if (!listed || listed.rows !== (seen.rows.get(table.name) ?? 0) || listed.entries !== (seen.pages.get(table.name) ?? 0)) {
      refuse(`table ${table.name} holds ${seen.rows.get(table.name) ?? 0} rows where the manifest lists ${listed?.rows ?? 'none'}`);
    }
  }
  const listedDocuments = new Set<string>();
  for (const [sha256, size] of manifest.documents) {
    listedDocuments.add(sha256);
    if (seen.damaged.has(sha256)) refuse(`document ${sha256} does not hash to its name`);
    if (seen.documents.get(sha256) !== size) refuse(`document ${sha256} is listed but ${seen.documents.has(sha256) ? 'has another size' : 'missing'}`);
  }
  const leftOut = new Set(manifest.documentsLeftOut);
  for (const sha256 of [...seen.documents.keys(), ...seen.damaged]) {
    if (!listedDocuments.has(sha256) && !leftOut.has(sha256)) refuse(`document ${sha256} is in the archive but not in its manifest`);
  }
  return manifest;
}

/**
 * Reads a whole backup and checks everything a restore will rely on, before a restore
 * touches anything: the header first, every table entry's rows readable and counted,
 * every document's bytes hashing to its name, and the manifest last, matching all of it
 * (entry by entry, row counts, documents) and its own checksum. Verified documents are
 * written to `stagingDir` on the way, so a restore need not read them twice.
 */
export async function verifyBackup(file: string, stagingDir?: string): Promise<VerifiedBackup> {
  const refuse = (reason: string): never => {
    throw new BackupRefused(file, reason);
  };
  if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile()) refuse('there is no such file');
  let header: BackupHeader | undefined;
  let manifest: BackupManifest | undefined;
  const types = new Map<string, DocumentMime>();
  const refusedType: string[] = [];
  const seen = { entries: [] as BackupManifest['entries'], rows: new Map<string, number>(), pages: new Map<string, number>(), documents: new Map<string, number>(), damaged: new Set<string>() };
  try {
    await readTarFile(file, async (name, data) => {
      if (manifest) refuse(`${name} follows the manifest`);
      if (!header) {
        if (name !== HEADER_ENTRY) refuse('it does not start with a backup header');
        header = checkHeader(parseJson(data.toString('utf8'), 'header', refuse), refuse);
        seen.entries.push([name, data.length, sha256Hex(data)]);
        return;
      }
      if (name === MANIFEST_ENTRY) {
        manifest = checkManifest(parseJson(data.toString('utf8'), 'manifest', refuse), seen, refuse);
        return;
      }
      const table = tableOfEntry(name);
      if (table) {
        if (!TABLE_NAMES.has(table)) refuse(`${name} is for a table this Sahej does not have`);
        if (seen.documents.size || seen.damaged.size) refuse(`${name} comes after the documents`);
        seen.entries.push([name, data.length, sha256Hex(data)]);
        seen.rows.set(table, (seen.rows.get(table) ?? 0) + countRows(data, name, refuse));
        seen.pages.set(table, (seen.pages.get(table) ?? 0) + 1);
        return;
      }
      const sha256 = documentOfEntry(name);
      if (!sha256) return refuse(`${name} is not part of a Sahej backup`);
      if (seen.documents.has(sha256) || seen.damaged.has(sha256)) refuse(`document ${sha256} is in it twice`);
      if (sha256Hex(data) !== sha256) {
        seen.damaged.add(sha256);
        return;
      }
      seen.documents.set(sha256, data.length);
      const mime = sniffDocumentType(data);
      if (!mime) return void refusedType.push(sha256);
      types.set(sha256, mime);
      if (stagingDir) fs.writeFileSync(path.join(stagingDir, sha256), data);
    });
  } catch (error) {
    if (error instanceof BackupRefused) throw error;
    refuse(`it is damaged or cut short (${(error as Error).message})`);
  }
  if (!header) refuse('it is empty');
  if (!manifest) refuse('it ends before its manifest, so it was cut short');
  const carried = new Set(manifest!.documents.map(([sha256]) => sha256));
  return {
    header: header!,
    manifest: manifest!,
    documents: [...seen.documents].filter(([sha256]) => carried.has(sha256) && types.has(sha256)).map(([sha256, size]) => ({ sha256, size, mime: types.get(sha256)! })),
    documentsOfRefusedType: refusedType.filter((sha256) => carried.has(sha256)),
  };
}
