import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { contentHash } from '../../src/domain/content-hash';
import { EXPORT_FORMAT, EXPORT_HEADER_ENTRY, EXPORT_TRAILER_ENTRY, type ExportedFiling, type ExportTrailer } from '../../src/domain/export-format';
import { parseDeviceId } from '../../src/domain/receipt-number';
import { hashSecret } from '../auth/tokens';
import type { DB } from '../db/schema';
import type { DocumentStore } from '../documents/document-store';
import { recordDocument } from '../documents/documents-table';
import { prepareEnvelope, type PreparedEnvelope } from '../services/applications';
import type { ApplicationWriter } from '../services/application-writer';
import { ensureOffice } from '../services/offices';
import { readTarFile } from './tar-file';

export interface ImportReport {
  filings: number;
  created: number;
  alreadyHere: number;
  conflicts: string[];
  refused: string[];
  documents: number;
  documentsRefused: string[];
  complete: boolean;
}

/**
 * A device unknown to this server (a server refilled after losing its data) gets a record
 * that can never authenticate: imported filings need their device, not its token.
 */
async function ensureDevice(db: Kysely<DB>, deviceId: string, now: Date): Promise<string> {
  const parsed = parseDeviceId(deviceId);
  if (!parsed) throw new Error(`not a device id: ${deviceId}`);
  await ensureOffice(db, parsed.office, now);
  await db
    .insertInto('devices')
    .values({
      id: deviceId,
      office_code: parsed.office,
      label: 'imported',
      token_hash: hashSecret(randomBytes(32).toString('hex')),
      public_key_jwk: '{}',
      enrolled_at: now.toISOString(),
      revoked_at: now.toISOString(),
    })
    .onConflict((conflict) => conflict.column('id').doNothing())
    .execute();
  return parsed.office;
}

/**
 * Loads a device export (docs/export-format.md) into the server. Every filing goes
 * through the same checks and the same writer as a PUT, so importing a file twice adds
 * nothing, and a filing whose content no longer matches its hash is refused, not stored.
 */
export async function importDeviceExport(db: Kysely<DB>, writer: ApplicationWriter, documents: DocumentStore, file: string, now = new Date()): Promise<ImportReport> {
  const report: ImportReport = { filings: 0, created: 0, alreadyHere: 0, conflicts: [], refused: [], documents: 0, documentsRefused: [], complete: false };
  const mimes = new Map<string, string>();
  let pending: PreparedEnvelope[] = [];
  const flush = async () => {
    if (!pending.length) return;
    for (const outcome of await writer.store(pending)) {
      if (outcome.kind === 'conflict') report.conflicts.push(outcome.id);
      else if (outcome.kind === 'receipt_number_used') report.refused.push(outcome.id);
      else if (outcome.kind === 'created') report.created++;
      else report.alreadyHere++;
    }
    pending = [];
  };
  let sawHeader = false;
  await readTarFile(file, async (name, data) => {
    if (name === EXPORT_HEADER_ENTRY) {
      const header = JSON.parse(data.toString('utf8')) as { format?: string };
      if (header.format !== EXPORT_FORMAT) throw new Error(`${file} is not a Sahej device export`);
      sawHeader = true;
      return;
    }
    if (!sawHeader) throw new Error(`${file} does not start with an export header`);
    if (name.startsWith('filings/')) {
      report.filings++;
      const filing = JSON.parse(data.toString('utf8')) as ExportedFiling;
      for (const document of filing.envelope.documents ?? []) mimes.set(document.sha256, document.mime);
      if ((await contentHash(filing.envelope)) !== filing.hash) {
        report.refused.push(filing.id);
        return;
      }
      const office = await ensureDevice(db, filing.envelope.deviceId, now);
      const prepared = await prepareEnvelope(filing.envelope, { deviceId: filing.envelope.deviceId, officeCode: office, actor: 'import' });
      if (prepared.kind !== 'ready' || prepared.prepared.hash !== filing.hash) {
        report.refused.push(filing.id);
        return;
      }
      pending.push(prepared.prepared);
      if (pending.length >= 100) await flush();
      return;
    }
    const sha256 = /^documents\/([0-9a-f]{64})$/.exec(name)?.[1];
    if (sha256) {
      const mime = mimes.get(sha256) ?? 'application/octet-stream';
      if (await documents.writeVerified(sha256, data, mime)) {
        await recordDocument(db, { sha256, size: data.length, mime }, now);
        report.documents++;
      } else {
        report.documentsRefused.push(sha256);
      }
      return;
    }
    if (name === EXPORT_TRAILER_ENTRY) {
      const trailer = JSON.parse(data.toString('utf8')) as ExportTrailer;
      report.complete = trailer.filings === report.filings;
    }
  });
  await flush();
  return report;
}
