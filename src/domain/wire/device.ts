import * as z from 'zod/mini';
import type { Change } from '../changes';
import type { DeviceCertificate } from '../receipt/proof';
import { bool, noteParams, nullableStr, num, str, strings } from './common';

// What the server answers the kiosk (src/sync/api-client.ts); docs/api.md "Device routes".

/** What the server answers for a stored application: the same body on every identical resend. */
export const applicationAckSchema = z.object({
  id: str,
  applicationNo: str,
  status: str,
  receivedAt: str,
  /** The server's confirmation: its signature over receipt number, application number and content hash. */
  receipt: z.object({
    receiptNo: str,
    applicationNo: str,
    contentHash: str,
    issuedAt: str,
    keyId: z.optional(str),
    signature: z.optional(str),
  }),
  /** Hashes of listed documents whose bytes the server does not have yet. */
  documentsMissing: strings,
});
export type ApplicationAck = z.output<typeof applicationAckSchema>;

/** POST /applications/batch: one `{ id, status, body }` per item, in order (id null when the item had none); each body is read like a PUT's. */
export const batchAnswerSchema = z.object({ results: z.array(z.object({ id: z.nullable(str), status: num, body: z.unknown() })) });
export type BatchAnswer = z.output<typeof batchAnswerSchema>;

/** The server's answer to an addition it took. */
export const additionAckSchema = z.object({
  id: str,
  applicationId: str,
  receivedAt: str,
  /** The application's stage after the addition: `under_review` when it answered an open objection. */
  status: str,
  documentsMissing: strings,
});
export type AdditionAck = z.output<typeof additionAckSchema>;

export const changeSchema = z.object({
  id: str,
  applicationNo: str,
  status: str,
  at: str,
  note: z.optional(str),
  noteCode: z.optional(str),
  noteParams: z.optional(noteParams),
  applicantNote: z.optional(str),
  surveyDate: z.optional(str),
  estimateAmount: z.optional(num),
  mobileVerified: z.optional(z.literal(true)),
});

export const changesPageSchema = z.object({ changes: z.array(changeSchema), cursor: str, more: bool, epoch: str });
export type ChangesPage = z.output<typeof changesPageSchema>;

export const reconcileDaysAnswerSchema = z.object({ differs: strings });
/** `incomplete` came later: a server without it simply reports none. */
export const reconcileItemsAnswerSchema = z.object({ missing: strings, differs: strings, incomplete: z.optional(strings) });
export type ReconcileItemsAnswer = z.output<typeof reconcileItemsAnswerSchema>;

export const keysAnswerSchema = z.object({
  /** Every signing key the server has had; a retired one still checks what it signed. */
  keys: z.array(z.object({ keyId: str, publicKey: str, createdAt: str, retiredAt: nullableStr })),
  revokedDevices: z.array(z.object({ deviceId: str, revokedAt: str })),
});
export type KeysAnswer = z.output<typeof keysAnswerSchema>;

export const deviceCertificateSchema = z.object({ keyId: str, publicKey: str, office: str, issuedAt: str, signature: str });

export const enrollmentAnswerSchema = z.object({ deviceId: str, token: str, office: str, certificate: z.optional(deviceCertificateSchema) });
export type EnrollmentAnswer = z.output<typeof enrollmentAnswerSchema>;

/**
 * GET /receipts/:receiptNo?check=…: what became of the filing, to the holder of the check
 * code, naming no one beyond initials. `statusAt` is when the current stage began;
 * `applicantNote`, `surveyDate` and `estimateAmount` are the latest the office set for the
 * applicant (never its internal note); `dueAt` is the service clock's deadline, and
 * `deadlineMissed` says it passed before a connection (absent where no clock runs).
 */
export const receiptStatusAnswerSchema = z.object({
  valid: bool,
  receiptNo: str,
  applicationNo: str,
  status: str,
  statusAt: z.optional(str),
  issuedAt: str,
  amount: num,
  applicantInitials: str,
  applicantNote: z.optional(str),
  surveyDate: z.optional(str),
  estimateAmount: z.optional(num),
  dueAt: z.optional(str),
  deadlineMissed: z.optional(bool),
  deviceRevokedAt: z.optional(str),
});
export type ReceiptStatusAnswer = z.output<typeof receiptStatusAnswerSchema>;

export const mobileLinkAnswerSchema = z.object({ mobileVerified: z.literal(true), applicationNo: str, verifiedAt: str });
export const mobileCodeAnswerSchema = z.object({ mobileVerified: z.literal(true), verifiedAt: str });
/** 202 to a request for a new code (device and console alike). */
export const codeQueuedSchema = z.object({ queuedAt: str });

const ledgerTotals = { count: num, cash: num, upi: num };

/** GET /ledger?day=…: the office's fees of one India day, per operator and device. */
export const ledgerReportSchema = z.object({
  office: str,
  day: str,
  total: z.object(ledgerTotals),
  operators: z.array(z.object({ operatorId: str, deviceId: str, ...ledgerTotals })),
});
export type LedgerReport = z.output<typeof ledgerReportSchema>;
export type LedgerTotals = LedgerReport['total'];

// The domain's hand-written types and the schemas must agree both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const agree: [Same<z.output<typeof changeSchema>, Change>, Same<z.output<typeof deviceCertificateSchema>, DeviceCertificate>] = [true, true];
void agree;
