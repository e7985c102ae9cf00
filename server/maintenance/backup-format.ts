import { createHash } from 'node:crypto';
import { canonicalJson } from '../../src/domain/canonical-json';
import type { DB } from '../db/schema';

export const BACKUP_FORMAT = 'sahej-backup';
export const BACKUP_VERSION = 2;
export const HEADER_ENTRY = 'sahej-backup.json';
export const MANIFEST_ENTRY = 'manifest.json';
/** Rows per table entry: entries are read whole, so this bounds a restore's memory. */
export const ROWS_PER_ENTRY = 1000;

/**
 * Every table a backup carries, parents before children: restored in this order, dropped
 * in reverse. A test holds this list to the migrated schema, so a new table cannot be
 * left out of backups by accident.
 */
export const BACKUP_TABLES: { name: keyof DB; key: string | string[] }[] = [
  { name: 'offices', key: 'code' },
  { name: 'counters', key: 'scope' },
  { name: 'enrollment_codes', key: 'code_hash' },
  { name: 'devices', key: 'id' },
  { name: 'applications', key: 'id' },
  { name: 'application_events', key: 'seq' },
  { name: 'documents', key: 'sha256' },
  { name: 'document_uploads', key: ['sha256', 'device_id'] },
  { name: 'application_documents', key: ['application_id', 'sha256', 'kind'] },
  { name: 'server_keys', key: 'key_id' },
  { name: 'fee_entries', key: 'application_id' },
  { name: 'users', key: 'username' },
  { name: 'application_additions', key: 'id' },
  { name: 'objections', key: 'id' },
  { name: 'otp_challenges', key: 'id' },
];

/**
 * Tables a restore rebuilds empty, never backed up: console sessions (everyone signs in
 * again), sign-in failure counts, server_meta, whose migration gives the restored data a
 * new epoch, and device_reports: a device's counts from the backup's day would say it holds
 * what it has long sent, so every device reports afresh on its next pull, and each shows as
 * still to refill the restored server until it has reconciled with it. status_messages, the
 * SMS outbox, starts empty too, with no cursor in server_meta: the restored server messages
 * only what happens after it starts (server/notify/status-cursor.ts), never the history again.
 * leases and rate_limit_hits belong to the processes running at the time, not to the data;
 * document_chunks are the database store's document bytes: they travel as the archive's
 * `documents/` entries like the directory store's files (hashed, and verified on restore),
 * not as rows; tus_uploads, upload_chunks and upload_locks are uploads under way, which a
 * restore never brings back (their devices resume from nothing).
 */
export const UNSAVED_TABLES: string[] = ['sessions', 'server_meta', 'login_failures', 'device_reports', 'status_messages', 'leases', 'rate_limit_hits', 'document_chunks', 'tus_uploads', 'upload_chunks', 'upload_locks'];

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  dialect: string;
  migration: string;
  createdAt: string;
}

/**
 * Written last, so a backup cut short anywhere has none. It lists every entry before it
 * in order with its size and SHA-256 (documents are named by their SHA-256 already),
 * the row count of every table, and a checksum over all of that.
 */
export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: number;
  migration: string;
  createdAt: string;
  tables: Record<string, { rows: number; entries: number }>;
  /** Table entries and the header: `[name, size, sha256]`. */
  entries: [string, number, string][];
  /** Documents in the archive: `[sha256, size]`, in archive order. */
  documents: [string, number][];
  /** Listed in the documents table but missing or damaged on disk: left out, so a restore marks them not held. */
  documentsLeftOut: string[];
  checksum: string;
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function manifestChecksum(manifest: Omit<BackupManifest, 'checksum'>): string {
  const { checksum: _ignored, ...rest } = manifest as BackupManifest;
  return sha256Hex(canonicalJson(rest));
}

export function tableEntryName(table: string, page: number): string {
  return `tables/${table}/${String(page).padStart(6, '0')}.ndjson`;
}

export function tableOfEntry(name: string): string | undefined {
  return /^tables\/([a-z_]+)\/\d{6}\.ndjson$/.exec(name)?.[1];
}

export function documentOfEntry(name: string): string | undefined {
  return /^documents\/([0-9a-f]{64})$/.exec(name)?.[1];
}
