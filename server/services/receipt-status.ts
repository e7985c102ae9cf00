import type { Kysely } from 'kysely';
import type { Envelope } from '../../src/domain/envelope';
import { feeOf, initialsOf, personOf } from '../../src/domain/person';
import { receiptCheckCode } from '../../src/domain/receipt/check-code';
import { verifySignature } from '../../src/domain/receipt/ecdsa';
import { deviceStatement } from '../../src/domain/receipt/statements';
import { deviceIdOfReceiptNo } from '../../src/domain/receipt-number';
import { deadlineMissed } from '../../src/domain/service-clock';
import type { Status } from '../../src/domain/status';
import type { ReceiptStatusAnswer } from '../../src/domain/wire';
import type { DB } from '../db/schema';
import { rawPublicKey } from '../keys/server-keys';
// Compared without an early exit (as codes are), so answer times say nothing about how much of a check code was right.
import { sameHash } from '../otp/otp-codes';

/** The stages at which the survey's day still means something to the applicant: it is fixed, or done. */
const SURVEY_SHOWN: readonly Status[] = ['survey_scheduled', 'estimate_issued', 'estimate_paid', 'meter_installed', 'connected'];
/** The stages at which the estimate does: issued, or paid and on. */
const ESTIMATE_SHOWN: readonly Status[] = ['estimate_issued', 'estimate_paid', 'meter_installed', 'connected'];
/** The events that begin a stage (a verified mobile or an addition begins none). */
const STAGE_EVENTS = ['received', 'status_changed'];

/**
 * What became of a filing, for whoever proves they hold its receipt with `check` (already
 * normalised); undefined — the caller's 404 — for an unknown number, a wrong code, or a
 * number its own device did not make. The answer names no one beyond initials and never
 * carries the office's internal note: only what the office wrote for the applicant, on
 * the move that began the current stage (an earlier stage's words are stale), and the
 * survey's day and the estimate while the stage is at or past them.
 */
export async function receiptStatus(db: Kysely<DB>, receiptNo: string, check: string, now: Date): Promise<ReceiptStatusAnswer | undefined> {
  const row = await db
    .selectFrom('applications as application')
    .leftJoin('devices as device', 'device.id', 'application.device_id')
    .select([
      'application.id',
      'application.envelope',
      'application.application_no',
      'application.status',
      'application.content_hash',
      'application.due_at',
      'application.survey_date',
      'application.estimate_amount',
      'device.public_key_jwk',
      'device.revoked_at',
      'device.label',
    ])
    .where('application.receipt_no', '=', receiptNo)
    .executeTakeFirst();
  const envelope = row ? (JSON.parse(row.envelope) as Envelope) : undefined;
  const receipt = envelope?.receipt;
  // Shown only under a number its own device made, and only to the holder of its code.
  if (!row || !envelope || !receipt?.signature || deviceIdOfReceiptNo(receipt.receiptNo) !== envelope.deviceId || !sameHash(receiptCheckCode(receipt.signature), check)) {
    return undefined;
  }
  let valid = false;
  if (row.public_key_jwk && row.label !== 'imported') {
    const publicKey = rawPublicKey(JSON.parse(row.public_key_jwk) as { x?: string; y?: string });
    valid = await verifySignature(publicKey, receipt.signature, deviceStatement({ receiptNo: receipt.receiptNo, issuedAt: receipt.issuedAt, deviceId: envelope.deviceId, hash: row.content_hash }));
  }
  const stage = await db
    .selectFrom('application_events')
    .select(['at', 'applicant_note'])
    .where('application_id', '=', row.id)
    .where('kind', 'in', STAGE_EVENTS)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const status = row.status as Status;
  return {
    valid,
    receiptNo: receipt.receiptNo,
    applicationNo: row.application_no,
    status,
    ...(stage ? { statusAt: stage.at } : {}),
    issuedAt: receipt.issuedAt,
    amount: feeOf(envelope)?.amount ?? 0,
    applicantInitials: initialsOf(personOf(envelope).name),
    ...(stage?.applicant_note ? { applicantNote: stage.applicant_note } : {}),
    ...(row.survey_date && SURVEY_SHOWN.includes(status) ? { surveyDate: row.survey_date } : {}),
    ...(row.estimate_amount !== null && ESTIMATE_SHOWN.includes(status) ? { estimateAmount: Number(row.estimate_amount) } : {}),
    ...(row.due_at ? { dueAt: row.due_at, deadlineMissed: deadlineMissed(row.due_at, status, now, stage?.at) } : {}),
    ...(row.revoked_at && row.label !== 'imported' ? { deviceRevokedAt: row.revoked_at } : {}),
  };
}
