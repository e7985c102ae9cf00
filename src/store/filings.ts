import { contentHash } from '../domain/content-hash';
import { SCHEMA_VERSION, validateEnvelope } from '../domain/envelope';
import { feeOf } from '../domain/person';
import { toBase64url } from '../domain/receipt/base64url';
import { deviceStatement } from '../domain/receipt/statements';
import { formatReceiptNo } from '../domain/receipt-number';
import type { RequestType } from '../domain/requests';
import type { ValidationIssue } from '../domain/validation-codes';
import type { SahejDatabase } from './database';
import { loadDevice } from './device';
import { documentRefs, listDocuments } from './documents';
import { ledgerEntryOf } from './ledger';
import { newEntry, syncStateOf } from './queue';
import { withReopen } from './resilient';
import { searchKeys } from './search-keys';
import type { CounterRecord, DeviceRecord, Filing } from './types';

export type SubmitResult = { ok: true; filing: Filing } | { ok: false; issues: ValidationIssue[] };

class DocumentsChangedError extends Error {}

/**
 * The next receipt number, taken in a transaction of its own before the receipt is
 * signed (signing is asynchronous and cannot happen inside the filing's transaction). A
 * number taken for a filing that then fails to save is skipped, never used again.
 */
async function reserveReceiptNo(db: SahejDatabase, device: DeviceRecord): Promise<string> {
  const sequence = await withReopen(db, () =>
    db.transaction('rw', db.meta, async () => {
      const counter = (await db.meta.get('receiptSequence')) as CounterRecord | undefined;
      const next = (counter?.value ?? 0) + 1;
      await db.meta.put({ key: 'receiptSequence', value: next });
      return next;
    }),
  );
  return formatReceiptNo(device.office, device.deviceCode, sequence);
}

/** The device's signature of its receipt statement, with the key that never leaves the device. */
async function signReceipt(device: DeviceRecord, statement: { receiptNo: string; issuedAt: string; hash: string }): Promise<string> {
  const signature = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, device.keyPair.privateKey, deviceStatement({ ...statement, deviceId: device.deviceId }));
  return toBase64url(new Uint8Array(signature));
}

/**
 * Turns a draft into a filing. The filing, its outbox entry, its ledger entry and the
 * draft's removal are one IndexedDB transaction: after a crash there is either a draft or
 * a queued filing with its signed receipt and its fee, never half of one. The draft's id becomes
 * the filing's id (and keeps its documents), so the same draft submitted twice is one filing.
 */
export async function submitFiling(db: SahejDatabase, input: { id: string; type: RequestType; data: unknown }, now = new Date()): Promise<SubmitResult> {
  const device = await loadDevice(db);
  if (!device) throw new Error('This device is not enrolled');
  const already = await db.filings.get(input.id);
  if (already) return { ok: true, filing: already };

  for (let attempt = 0; ; attempt++) {
    const documents = documentRefs(await listDocuments(db, input.id));
    const capturedAt = now.toISOString();
    const checked = validateEnvelope({
      id: input.id,
      schemaVersion: SCHEMA_VERSION,
      type: input.type,
      // Exactly what JSON can carry (no undefined keys), so what is stored is what is sent.
      data: JSON.parse(JSON.stringify(input.data)) as unknown,
      documents,
      capturedAt,
      deviceId: device.deviceId,
      operatorId: device.operatorId,
    });
    if (!checked.ok) return checked;
    // Hashing is asynchronous Web Crypto, which would end an IndexedDB transaction, so it
    // happens first; the receipt made inside the transaction is not part of the hash.
    const hash = await contentHash(checked.envelope);
    const expected = documents.map((document) => document.sha256).join();
    const receiptNo = await reserveReceiptNo(db, device);
    const signature = await signReceipt(device, { receiptNo, issuedAt: capturedAt, hash });

    try {
      const filing = await withReopen(db, () =>
        db.transaction('rw', [db.filings, db.outbox, db.drafts, db.documents, db.ledger], async () => {
          const existing = await db.filings.get(input.id);
          if (existing) return existing;
          // The documents hashed above must be exactly the ones stored now.
          const stored = documentRefs(await listDocuments(db, input.id));
          if (stored.map((document) => document.sha256).join() !== expected) throw new DocumentsChangedError();
          const envelope = { ...checked.envelope, receipt: { receiptNo, issuedAt: capturedAt, signature } };
          const entry = newEntry({ kind: 'filing', id: input.id });
          const created: Filing = {
            id: input.id,
            type: input.type,
            envelope,
            hash,
            receiptNo,
            capturedAt,
            ...searchKeys(envelope),
            state: syncStateOf(entry),
          };
          await db.filings.add(created);
          await db.outbox.add(entry);
          // The fee goes in the cash ledger with the filing, or not at all.
          const fee = feeOf(envelope);
          if (fee) await db.ledger.put(ledgerEntryOf(created, fee));
          await db.drafts.delete(input.id);
          return created;
        }),
      );
      return { ok: true, filing };
    } catch (error) {
      // Another tab added or removed a document between hashing and writing: hash again.
      if (!(error instanceof DocumentsChangedError) || attempt >= 2) throw error;
    }
  }
}
