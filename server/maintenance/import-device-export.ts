import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { contentHash } from '../../src/domain/content-hash';
import { SNIFF_BYTES, sniffDocumentType, type DocumentMime } from '../../src/domain/document-type';
import { MAX_DOCUMENT_BYTES, type Envelope } from '../../src/domain/envelope';
import { filingEntry, EXPORT_FORMAT, EXPORT_HEADER_ENTRY, EXPORT_TRAILER_ENTRY, type ExportedFiling, type ExportTrailer } from '../../src/domain/export-format';
import { verifySignature } from '../../src/domain/receipt/ecdsa';
import { deviceStatement } from '../../src/domain/receipt/statements';
import { parseDeviceId } from '../../src/domain/receipt-number';
import { hashSecret } from '../auth/tokens';
import type { DB } from '../db/schema';
import type { DocumentStore } from '../documents/document-store';
import { recordUploadCompleted } from '../documents/document-uploads';
import { hasDocument, recordDocument } from '../documents/documents-table';
import { rawPublicKey } from '../keys/server-keys';
import { prepareEnvelope, type PreparedEnvelope } from '../services/applications';
import type { ApplicationWriter } from '../services/application-writer';
import { ensureOffice } from '../services/offices';
import { readTarFile } from './tar-file';

/** Why an entry was not taken: its archive entry, its filing id or hash if it has one, and a reason. */
export interface ImportProblem {
  entry: string;
  id?: string;
  reason: string;
}

export interface ImportReport {
  filings: number;
  created: number;
  alreadyHere: number;
  conflicts: string[];
  /** Filings not taken: their ids (the entry's name for one too malformed to have an id). */
  refused: string[];
  documents: number;
  documentsRefused: string[];
  /** Every refusal, filing or document, with its reason. */
  problems: ImportProblem[];
  complete: boolean;
}

/**
 * A device unknown to this server (a server refilled after losing its data) gets a record
 * that can never authenticate: imported filings need their device, not its token.
 */
async function ensureDevice(db: Kysely<DB>, deviceId: string, now: Date): Promise<void> {
  const parsed = parseDeviceId(deviceId)!;
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
}

/** Just enough shape to judge an entry by; everything else is prepareEnvelope's to check. */
function filingShape(value: unknown): value is ExportedFiling {
  const filing = value as Partial<ExportedFiling> | null;
  const envelope = filing?.envelope as Partial<Envelope> | undefined;
  return (
    typeof filing === 'object' && filing !== null && typeof filing.id === 'string' && typeof filing.hash === 'string' &&
    typeof envelope === 'object' && envelope !== null && typeof envelope.deviceId === 'string' && Array.isArray(envelope.documents)
  );
}

/**
 * The device's own signature on its receipt, checked against the key it enrolled with here.
 * Null when there is nothing to check it against: a device this server never enrolled (or
 * only knows from an earlier import) has no key here, so of its filings only the content
 * hash can be checked — that the entry is whole, not who made it.
 */
async function signatureProblem(db: Kysely<DB>, envelope: Envelope, hash: string): Promise<string | null> {
  const device = await db.selectFrom('devices').select(['public_key_jwk', 'label']).where('id', '=', envelope.deviceId).executeTakeFirst();
  if (!device || device.label === 'imported') return null;
  const jwk = JSON.parse(device.public_key_jwk) as { x?: string; y?: string };
  if (!jwk.x || !jwk.y) return null;
  const receipt = envelope.receipt;
  if (!receipt?.signature) return 'the filing carries no signature of its enrolled device';
  const statement = deviceStatement({ receiptNo: receipt.receiptNo, issuedAt: receipt.issuedAt, deviceId: envelope.deviceId, hash });
  return (await verifySignature(rawPublicKey(jwk), receipt.signature, statement).catch(() => false)) ? null : 'the signature does not verify against the enrolled device’s key';
}

/**
 * Loads a device export (docs/export-format.md) into the server. Every entry is judged on
 * its own: a malformed or refused one is reported and skipped, the rest go in. Every
 * filing goes through the same checks and the same writer as a PUT, so importing a file
 * twice adds nothing; a filing whose content no longer matches its hash, or (from a device
 * enrolled here) whose signature its device did not make, is refused, not stored.
 *
 * A document is kept only if its bytes hash to its name, are a JPEG, PNG, WebP or PDF by
 * their leading bytes (that type is the one stored, whatever any entry declared), and a
 * filing this import accepted lists it; its uploaders are those filings' devices.
 */
export async function importDeviceExport(db: Kysely<DB>, writer: ApplicationWriter, documents: DocumentStore, file: string, now = new Date()): Promise<ImportReport> {
  const report: ImportReport = { filings: 0, created: 0, alreadyHere: 0, conflicts: [], refused: [], documents: 0, documentsRefused: [], problems: [], complete: false };
  const refuseFiling = (entry: string, reason: string, id?: string) => {
    report.refused.push(id ?? entry);
    report.problems.push({ entry, ...(id ? { id } : {}), reason });
  };
  /** Verified bytes on disk, waiting for an accepted filing to claim them. */
  const seen = new Map<string, { size: number; mime: DocumentMime; entry: string }>();
  /** Which devices' accepted filings list each document. */
  const wanted = new Map<string, Set<string>>();
  let pending: PreparedEnvelope[] = [];
  const flush = async () => {
    if (!pending.length) return;
    const outcomes = await writer.store(pending);
    outcomes.forEach((outcome, index) => {
      if (outcome.kind === 'conflict') {
        report.conflicts.push(outcome.id);
        return;
      }
      // Another filing holds its receipt number: refused, and its documents are not wanted on its account.
      if (outcome.kind === 'receipt_number_used') return refuseFiling(filingEntry(outcome.id), 'receipt_number_used', outcome.id);
      if (outcome.kind === 'created') report.created++;
      else report.alreadyHere++;
      const { envelope } = pending[index]!;
      for (const document of envelope.documents) wanted.set(document.sha256, (wanted.get(document.sha256) ?? new Set<string>()).add(envelope.deviceId));
    });
    pending = [];
  };

  let sawHeader = false;
  await readTarFile(file, async (name, data) => {
    if (name === EXPORT_HEADER_ENTRY) {
      let header: { format?: string } | null = null;
      try {
        header = JSON.parse(data.toString('utf8')) as { format?: string };
      } catch {
        // judged below
      }
      if (header?.format !== EXPORT_FORMAT) throw new Error(`${file} is not a Sahej device export`);
      sawHeader = true;
      return;
    }
    if (!sawHeader) throw new Error(`${file} does not start with an export header`);
    if (name.startsWith('filings/')) {
      // The previous batch's documents have all come by now (each follows its first filing).
      if (pending.length >= 100) await flush();
      report.filings++;
      let filing: unknown;
      try {
        filing = JSON.parse(data.toString('utf8'));
      } catch {
        return refuseFiling(name, 'not JSON');
      }
      if (!filingShape(filing)) return refuseFiling(name, 'not a filing (id, hash, envelope with deviceId and documents)');
      let hash: string;
      try {
        hash = await contentHash(filing.envelope);
      } catch {
        return refuseFiling(name, 'its content cannot be hashed', filing.id);
      }
      if (hash !== filing.hash) return refuseFiling(name, 'its content does not match its hash', filing.id);
      if (!parseDeviceId(filing.envelope.deviceId)) return refuseFiling(name, 'not a device id', filing.id);
      const unsigned = await signatureProblem(db, filing.envelope, hash);
      if (unsigned) return refuseFiling(name, unsigned, filing.id);
      const office = parseDeviceId(filing.envelope.deviceId)!.office;
      let prepared: Awaited<ReturnType<typeof prepareEnvelope>>;
      try {
        prepared = await prepareEnvelope(filing.envelope, { deviceId: filing.envelope.deviceId, officeCode: office, actor: 'import' });
      } catch (error) {
        return refuseFiling(name, `refused: ${(error as Error).message}`, filing.id);
      }
      if (prepared.kind !== 'ready') return refuseFiling(name, `refused by the filing checks (${prepared.kind})`, filing.id);
      if (prepared.prepared.hash !== filing.hash) return refuseFiling(name, 'its content does not match its hash', filing.id);
      await ensureDevice(db, filing.envelope.deviceId, now);
      pending.push(prepared.prepared);
      return;
    }
    const sha256 = /^documents\/([0-9a-f]{64})$/.exec(name)?.[1];
    if (sha256) {
      const refuseDocument = (reason: string) => {
        report.documentsRefused.push(sha256);
        report.problems.push({ entry: name, id: sha256, reason });
      };
      if (data.length > MAX_DOCUMENT_BYTES) return refuseDocument('larger than a document may be');
      // The bytes say what they are; the type an entry declared is never taken.
      const mime = sniffDocumentType(data.subarray(0, SNIFF_BYTES));
      if (!mime) return refuseDocument('not a JPEG, PNG, WebP or PDF');
      if (!(await documents.writeVerified(sha256, data, mime))) return refuseDocument('its bytes do not hash to its name');
      seen.set(sha256, { size: data.length, mime, entry: name });
      return;
    }
    if (name === EXPORT_TRAILER_ENTRY) {
      try {
        const trailer = JSON.parse(data.toString('utf8')) as ExportTrailer;
        report.complete = trailer.filings === report.filings;
      } catch {
        report.problems.push({ entry: name, reason: 'the trailer is not JSON' });
      }
    }
  });
  await flush();

  for (const [sha256, document] of seen) {
    const devices = wanted.get(sha256);
    if (!devices) {
      report.documentsRefused.push(sha256);
      report.problems.push({ entry: document.entry, id: sha256, reason: 'no filing this import accepted lists it' });
      if (!(await hasDocument(db, sha256))) await documents.remove(sha256);
      continue;
    }
    await db.transaction().execute(async (trx) => {
      await recordDocument(trx, { sha256, size: document.size, mime: document.mime }, now);
      for (const deviceId of devices) await recordUploadCompleted(trx, { sha256, deviceId, size: document.size }, now);
    });
    report.documents++;
  }
  return report;
}
