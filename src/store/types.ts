import type { Addition } from '../domain/addition';
import type { DocumentRef, Envelope } from '../domain/envelope';
import type { Confirmation, DeviceCertificate, ReceiptProof } from '../domain/receipt/proof';
import type { TrustedKeys } from '../domain/receipt/check';
import type { RequestType } from '../domain/requests';
import type { NoteParams } from '../domain/status-notes';

/** Where a filing stands on its way to the server, as the list shows it. */
export type SyncState = 'pending' | 'sending' | 'received' | 'attention';

export interface DeviceRecord {
  key: 'device';
  deviceId: string;
  office: string;
  /** The device part of receipt numbers, e.g. `D07`. */
  deviceCode: string;
  token: string;
  operatorId: string;
  label?: string;
  enrolledAt: string;
  /** Made at enrollment; the private key cannot be exported, only used to sign. */
  keyPair: CryptoKeyPair;
  /** The server's certificate of the public key; receipts carry it so phones can check them offline. */
  certificate?: DeviceCertificate;
}

export interface CounterRecord {
  key: 'receiptSequence';
  value: number;
}

/** What the last drains achieved, for the status panel in every tab. */
export interface SyncStatusRecord {
  key: 'syncStatus';
  lastAttemptAt?: string;
  lastSuccessAt?: string;
  /** False after a request got no answer from the server itself (no network, a stall, a gateway's 502–504); true once it answered. */
  reachable?: boolean;
}

/** Where this device is in the server's change feed, and of which data epoch. */
export interface ChangesRecord {
  key: 'changes';
  cursor: string;
  epoch?: string;
}

/** The server's public keys and revoked devices, as last fetched: what receipts are checked against offline. */
export interface TrustedKeysRecord extends TrustedKeys {
  key: 'trustedKeys';
  fetchedAt: string;
}

export interface ReconcileRecord {
  key: 'reconcile';
  lastAt: string;
  epoch?: string;
}

/** The thermal printer this kiosk prints receipts on, remembered so the next receipt needs no chooser. */
export interface ThermalPrinterRecord {
  key: 'thermalPrinter';
  transport: 'serial' | 'usb' | 'bluetooth';
  paper: '58' | '80';
  /** What finds the same device again among those the browser already allowed. */
  match: { usbVendorId?: number; usbProductId?: number; serialNumber?: string; bluetoothId?: string };
  name: string;
  savedAt: string;
}

export type MetaRecord = DeviceRecord | CounterRecord | SyncStatusRecord | ChangesRecord | ReconcileRecord | TrustedKeysRecord | ThermalPrinterRecord;

/** A form's values as typed, keyed by wire path (`applicant.mobile`, `survey.preferredDates.0`). */
export type FormValues = Record<string, string | boolean>;

/** A filing being captured, saved on every change. */
export interface Draft {
  id: string;
  type: RequestType;
  values: FormValues;
  /** The step and the field the operator was on, to resume exactly there. */
  step: string;
  field?: string;
  /** The applicant's name as typed, for the list and search. */
  name: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * A document of a draft or filing (the filing keeps its draft's id). The bytes are the
 * Blob exactly as it will be uploaded; `sha256` is computed over those bytes.
 */
export interface StoredDocument extends DocumentRef {
  ownerId: string;
  blob: Blob;
  /** A small JPEG for lists and the review step; absent for PDFs. */
  thumb?: Blob;
  fileName?: string;
  addedAt: string;
}

export interface ServerProblem {
  /**
   * An `ErrorCode` (src/domain/client-error-codes.ts): an API error code, or the client's own
   * (`network`, `http_502`, …). Stored and read back as text.
   */
  code: string;
  message?: string;
  httpStatus?: number;
  /** The wait the server asked for (Retry-After); kept even when the server answers again. */
  retryAfterMs?: number;
  issues?: { path: string; code: string; message: string }[];
}

export interface Filing {
  id: string;
  type: RequestType;
  envelope: Envelope;
  /** SHA-256 of the envelope's canonical form; what the server and reconcile compare. */
  hash: string;
  receiptNo: string;
  capturedAt: string;
  /** Search keys: lower-case words of the applicant's name, and the mobile. */
  name: string;
  nameWords: string[];
  mobile: string;
  /** Derived from its outbox entry (store/queue.ts); indexed for the lists. */
  state: SyncState;
  applicationNo?: string;
  /** The stage the office has the application at, and its note, from the changes feed. */
  serverStatus?: string;
  /** The officer's own words (for an objection, its reason). */
  statusNote?: string;
  /** The system's note on the stage, as a code (src/domain/status-notes.ts) rendered in the reader's language. */
  statusNoteCode?: string;
  statusNoteParams?: NoteParams;
  /** The office's words for the applicant on the current stage (never its internal note); cleared with the stage. */
  applicantNote?: string;
  /**
   * The survey's day (YYYY-MM-DD) and the estimate in rupees, as the latest move that set
   * them said (the server's own rule for the applicant's page): they outlast their stage,
   * since the applicant still needs the estimate once it is paid. Not indexed: no Dexie version.
   */
  surveyDate?: string;
  estimateAmount?: number;
  /** When the server learned the applicant's mobile is theirs (OTP or link); absent = not yet. */
  mobileVerifiedAt?: string;
  statusAt?: string;
  receivedAt?: string;
  /** Hashes of this filing's documents the server said it does not have yet. */
  documentsMissing?: string[];
  /** The server's signed confirmation, once it has the filing: makes the receipt a confirmed one. */
  confirmation?: Confirmation;
  /** When a reconciliation last found the server holding exactly this filing. */
  confirmedAt?: string;
  /** Set once the document bytes were dropped to save space (after confirmation): the compact copy. */
  documentsPruned?: boolean;
  problem?: ServerProblem;
}

/** A resumable upload's address, kept for tus-js-client so a cut upload resumes after a reload. */
export interface UploadRecord {
  key?: number;
  fingerprint: string;
  upload: unknown;
}

/** What the outbox carries: a filing, or something added to one later (an objection's answer). */
export type OutboxKind = 'filing' | 'addition';

/** Names one item of the send queue: its kind and its id (the filing's or the addition's). */
export interface QueueRef {
  kind: OutboxKind;
  id: string;
}

/**
 * One unit of work for the drain, for either kind. It stays until the server has the item
 * and all its documents; a final refusal parks it (`parked`), never deletes it. The item's
 * `state` is derived from this entry (store/queue.ts), never set on its own.
 */
export interface OutboxEntry extends QueueRef {
  seq?: number;
  attempts: number;
  /** Epoch ms before which the drain leaves this entry alone (backoff). */
  notBefore: number;
  parked: boolean;
  /** In a request right now; a tab that dies mid-send leaves it, and the next leader clears it. */
  sending?: boolean;
}

/** One fee taken at this kiosk, written with its filing; the day-end report adds these up. */
export interface LedgerEntry {
  filingId: string;
  receiptNo: string;
  /** India calendar day of capture, YYYY-MM-DD. */
  day: string;
  operatorId: string;
  amount: number;
  mode: 'cash' | 'upi';
  upiRef?: string;
  at: string;
}

/** A receipt an applicant saved on their own phone ("My receipts"). */
export interface SavedReceipt {
  receiptNo: string;
  /** The QR payload, from which everything else is shown and checked again. */
  payload: string;
  savedAt: string;
}

/**
 * The office's last answer about a receipt, as this phone last fetched it, shown offline as
 * "last seen on …". Only what the status panel shows: no initials, name, mobile or address.
 */
export interface SeenStatus {
  receiptNo: string;
  applicationNo: string;
  status: string;
  statusAt?: string;
  applicantNote?: string;
  /** YYYY-MM-DD. */
  surveyDate?: string;
  /** Whole rupees. */
  estimateAmount?: number;
  dueAt?: string;
  deadlineMissed?: boolean;
  /** When this phone got the answer. */
  fetchedAt: string;
}

export type { ReceiptProof };

/**
 * Something added to a filing after capture — the applicant's answer to an objection, with
 * any new documents (kept in `documents` under this id). It is kept until the server has
 * it, like a filing; a refusal marks it for attention, never deletes it.
 */
export interface AdditionRecord {
  id: string;
  filingId: string;
  addition: Addition;
  /** Derived from its outbox entry, as a filing's is (store/queue.ts). */
  state: SyncState;
  receivedAt?: string;
  problem?: ServerProblem;
}
