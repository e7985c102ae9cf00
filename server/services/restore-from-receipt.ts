import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { checkReceiptProof, type ReceiptCheck } from '../../src/domain/receipt/check';
import { decodeReceiptProof, payloadOfLink, type ReceiptProof } from '../../src/domain/receipt/proof';
import { parseDeviceId } from '../../src/domain/receipt-number';
import type { DB } from '../db/schema';
import { hashSecret } from '../auth/tokens';
import { ApiError } from '../http-errors';
import type { ServerKeys } from '../keys/server-keys';
import type { ApplicationWriter } from './application-writer';
import { prepareEnvelope } from './applications';
import { revokedDevices } from './certificates';
import { ensureOffice } from './offices';

const nodeSha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Reads a scanned QR (the link or its payload) and checks it against this server's keys. */
export async function checkScannedReceipt(db: Kysely<DB>, keys: ServerKeys, scanned: string): Promise<{ proof: ReceiptProof; check: ReceiptCheck } | undefined> {
  const proof = await decodeReceiptProof(payloadOfLink(scanned));
  if (!proof) return undefined;
  const check = await checkReceiptProof(proof, { serverKeys: await keys.publicKeys(), revokedDevices: await revokedDevices(db) }, nodeSha256);
  return { proof, check };
}

export type RestoreOutcome =
  | { kind: 'created' | 'already_here'; applicationNo: string; id: string }
  | { kind: 'conflict'; id: string }
  | { kind: 'receipt_number_used'; id: string }
  | { kind: 'refused'; reason: ReceiptCheck['status'] | 'unreadable' };

/**
 * Re-creates a filing the server lost, from the QR code of its paper receipt. Only a
 * receipt that verifies (a device this server certified signed exactly this filing) is
 * accepted; the filing goes through the same writer as a PUT, so a filing the server
 * still has is recognised by its id, and the `received` event names the receipt as its source.
 */
export async function restoreFromReceipt(db: Kysely<DB>, writer: ApplicationWriter, keys: ServerKeys, scanned: string, now = new Date()): Promise<RestoreOutcome> {
  const read = await checkScannedReceipt(db, keys, scanned);
  if (!read) return { kind: 'refused', reason: 'unreadable' };
  if (read.check.status !== 'verified') return { kind: 'refused', reason: read.check.status };
  const { envelope } = read.proof;
  const office = parseDeviceId(envelope.deviceId)!.office;
  // A server that lost everything may not know the device any more: its certificate carries the key.
  await ensureOffice(db, office, now);
  const [x, y] = [Buffer.from(read.proof.certificate.publicKey, 'base64url').subarray(1, 33), Buffer.from(read.proof.certificate.publicKey, 'base64url').subarray(33)];
  await db
    .insertInto('devices')
    .values({
      id: envelope.deviceId,
      office_code: office,
      label: 'restored from receipt',
      token_hash: hashSecret(randomBytes(32).toString('hex')),
      public_key_jwk: JSON.stringify({ kty: 'EC', crv: 'P-256', x: x.toString('base64url'), y: y.toString('base64url') }),
      enrolled_at: read.proof.certificate.issuedAt,
      revoked_at: null,
    })
    .onConflict((conflict) => conflict.column('id').doNothing())
    .execute();
  const prepared = await prepareEnvelope(envelope, { deviceId: envelope.deviceId, officeCode: office, actor: 'restored-from-receipt' });
  if (prepared.kind !== 'ready' || prepared.prepared.hash !== read.check.hash) return { kind: 'refused', reason: 'invalid_filing' };
  const outcome = (await writer.store([prepared.prepared]))[0]!;
  if (outcome.kind === 'conflict' || outcome.kind === 'receipt_number_used') return outcome;
  return { kind: outcome.kind === 'created' ? 'created' : 'already_here', applicationNo: outcome.ack.applicationNo, id: outcome.ack.id };
}

/** A route's view of a restore: the outcome once the filing is here, else the API's refusal (the same from a device and from the console). */
export function restoredOrRefused(outcome: RestoreOutcome): Extract<RestoreOutcome, { kind: 'created' | 'already_here' }> {
  if (outcome.kind === 'refused') throw new ApiError('receipt_refused', { detail: outcome.reason });
  if (outcome.kind === 'conflict') throw new ApiError('conflict', { detail: 'the server holds different content under this filing’s id' });
  if (outcome.kind === 'receipt_number_used') throw new ApiError('receipt_number_used', { id: outcome.id });
  return outcome;
}
