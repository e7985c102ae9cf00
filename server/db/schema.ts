import type { Generated } from 'kysely';

// Times are ISO-8601 UTC text ("2026-11-28T12:00:00.000Z") in both dialects: they sort
// and compare as text, and a row reads back identically from SQLite and PostgreSQL.

export interface OfficesTable {
  code: string;
  name: string | null;
  created_at: string;
}

/** Transactional counters (application and device numbers per office). */
export interface CountersTable {
  scope: string;
  value: number;
}

export interface EnrollmentCodesTable {
  code_hash: string;
  office_code: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  device_id: string | null;
}

export interface DevicesTable {
  id: string;
  office_code: string;
  label: string | null;
  token_hash: string;
  public_key_jwk: string;
  enrolled_at: string;
  revoked_at: string | null;
}

export interface ApplicationsTable {
  id: string;
  application_no: string;
  office_code: string;
  device_id: string | null;
  type: string;
  schema_version: number;
  content_hash: string;
  /** The normalised envelope as JSON, receipt included; `content_hash` is over its RFC 8785 form without the receipt. */
  envelope: string;
  captured_at: string;
  /** The India calendar day of capture (YYYY-MM-DD): how devices and server compare per-day digests. */
  capture_day: string | null;
  received_at: string;
  /** Projection of the latest status event, kept in the same transaction as the event. */
  status: string;
  /**
   * The device's receipt number, for look-ups by applicants: unique, and always one the
   * filing's own device made (0033). Null for outside submissions and for rows stored
   * before 0033 under a number that was not theirs.
   */
  receipt_no: string | null;
  /** The server's signed confirmation, JSON `{ keyId, signature }`. */
  confirmation: string | null;
  /** The applicant's name as searched (NFC, lower case) and mobile: the console's search keys. */
  applicant_name: string | null;
  applicant_mobile: string | null;
  /** The name's phonetic key (src/domain/phonetic-key.ts): how a name typed in the other script, or spelled otherwise, is found. */
  applicant_name_key: string | null;
  /** The service clock (new connections only): area, start (the complete application), when it runs out. */
  area: string | null;
  clock_started_at: string | null;
  due_at: string | null;
  /** When the applicant proved the mobile; null = flagged as unverified (never blocked). */
  mobile_verified_at: string | null;
  /** The latest survey day (YYYY-MM-DD, India) and estimate (whole rupees) a move set; null until one did (0043). */
  survey_date: string | null;
  estimate_amount: number | null;
}

/** Append-only: every change to an application is a row here. */
export interface ApplicationEventsTable {
  seq: Generated<number>;
  application_id: string;
  office_code: string;
  kind: string;
  status: string | null;
  /** An officer's own words (free text); a note the system writes is `note_code`. */
  note: string | null;
  /** A system note's code (src/domain/status-notes.ts) and its parameters as JSON; null otherwise. */
  note_code: string | null;
  note_params: string | null;
  /** Words for the applicant (their page and SMS), the survey day, the estimate: src/domain/transition.ts (0042). */
  applicant_note: string | null;
  survey_date: string | null;
  estimate_amount: number | null;
  actor: string | null;
  at: string;
}

/** A document whose bytes are on the server and hash to its key. */
export interface DocumentsTable {
  sha256: string;
  size: number;
  mime: string;
  stored_at: string;
}

/** A document's bytes in the database store (0048): pieces of at most 256 KB, numbered from 0. */
export interface DocumentChunksTable {
  sha256: string;
  seq: number;
  bytes: Buffer;
}

/** A tus upload under way in the database store (0049); `metadata` is tus's, as JSON. */
export interface TusUploadsTable {
  id: string;
  size: number | null;
  upload_offset: Generated<number>;
  metadata: string;
  created_at: string;
}

/** The bytes of an upload under way (0050), each piece at the offset it starts from. */
export interface UploadChunksTable {
  upload_id: string;
  start: number;
  bytes: Buffer;
}

/** A tus upload's lock shared by every process (0051): a lease its holder renews. PostgreSQL only. */
export interface UploadLocksTable {
  upload_id: string;
  holder: string;
  expires_at: Date | string;
  release_requested: Generated<boolean | number>;
}

/** Who sent a document's bytes (see migration 0034); `completed_at` null while the upload is under way. */
export interface DocumentUploadsTable {
  sha256: string;
  device_id: string;
  size: number;
  created_at: string;
  completed_at: string | null;
}

/** Which documents an application lists (its envelope's refs), for finding the ones still to come. */
export interface ApplicationDocumentsTable {
  application_id: string;
  sha256: string;
  kind: string;
}

/** Facts about the data (its epoch), kept out of backups. */
export interface ServerMetaTable {
  key: string;
  value: string;
}

/** The server's signing keys; retired ones stay, to verify what they signed. */
export interface ServerKeysTable {
  key_id: string;
  /** Raw uncompressed P-256 public key, base64url. */
  public_key: string;
  private_key_pem: string;
  created_at: string;
  retired_at: string | null;
}

/** One fee collected at a kiosk, as the server learned it from the synced filing. */
export interface FeeEntriesTable {
  application_id: string;
  office_code: string;
  device_id: string;
  operator_id: string;
  day: string;
  receipt_no: string | null;
  amount: number;
  mode: string;
  upi_ref: string | null;
}

export interface UsersTable {
  username: string;
  display_name: string;
  /** `officer` (one office) or `admin` (every office). Operators are devices, not users. */
  role: string;
  office_code: string | null;
  /** `scrypt$N$r$p$salt$hash` (base64url). */
  password_hash: string;
  /** Unused since 0032: sign-in failures and locks are kept per name and address in login_failures. */
  failed_logins: Generated<number>;
  /** Unused since 0032 (see login_failures). */
  locked_until: string | null;
  created_at: string;
  disabled_at: string | null;
}

export interface SessionsTable {
  token_hash: string;
  username: string;
  created_at: string;
  expires_at: string;
}

export interface ObjectionsTable {
  id: string;
  application_id: string;
  office_code: string;
  reason: string;
  raised_by: string;
  raised_at: string;
  answer_due_at: string;
  closed_at: string | null;
  /** `answered`, `cancelled` (21 days passed), or `closed_by_office`. */
  outcome: string | null;
  /** The kiosk's answer, when it came through one. */
  addition_id: string | null;
}

export interface ApplicationAdditionsTable {
  id: string;
  application_id: string;
  kind: string;
  content_hash: string;
  /** The normalised addition as JSON. */
  body: string;
  device_id: string;
  captured_at: string;
  received_at: string;
}

export interface OtpChallengesTable {
  id: string;
  application_id: string;
  mobile: string;
  /** `queued` → `sent` → `verified`; or `superseded` by a newer code, or `failed` after the last try. */
  state: string;
  code_hash: string | null;
  link_hash: string | null;
  created_at: string;
  send_attempts: Generated<number>;
  next_send_at: string | null;
  last_error: string | null;
  sent_at: string | null;
  expires_at: string | null;
  link_expires_at: string | null;
  attempts: Generated<number>;
  verified_at: string | null;
}

/**
 * The outbox of status messages to applicants (0045, server/notify/): one row per event
 * messaged, keyed by the event, so no event is messaged twice. `queued` → `sent`, or
 * `failed` after the last try.
 */
export interface StatusMessagesTable {
  event_seq: number;
  application_id: string;
  /** The stage messaged (server/notify/status-message-kinds.ts). */
  kind: string;
  mobile: string;
  template_id: string;
  /** `hi` or `en`: the applicant's choice at capture, Hindi when none. */
  language: string;
  text: string;
  state: string;
  attempts: Generated<number>;
  next_send_at: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

/** Sign-in attempts not (yet) followed by a right password, per lowercased user name and client address. */
/** Who runs each single-runner background loop, until when (0046, server/leases/). */
export interface LeasesTable {
  name: string;
  /** A random id per server process (server/leases/holder-id.ts). */
  holder: string;
  expires_at: string;
  /** When the present holder took it; kept across its renewals. */
  acquired_at: string;
}

/** Per-address request counts shared by all processes (0047, server/http/database-rate-limit-store.ts). */
export interface RateLimitHitsTable {
  /** The limited route and the client key. */
  key: string;
  hits: number;
  /** When this window ends, milliseconds since the epoch: the next request after it counts from 1 again. */
  window_ends_at: number;
}

export interface LoginFailuresTable {
  username: string;
  address: string;
  /** Attempts counted since the last success or lock; past 10 the answer is 429 without a check. */
  failed: number;
  /** Set by the tenth attempt; until then every attempt from this address for this name is refused. */
  locked_until: string | null;
  updated_at: string;
}

/** The latest heartbeat of each device (0038): overwritten on every status pull. */
export interface DeviceReportsTable {
  device_id: string;
  office_code: string;
  seen_at: string;
  app_version: string | null;
  drafts: Generated<number>;
  waiting: Generated<number>;
  sending: Generated<number>;
  attention: Generated<number>;
  unconfirmed: Generated<number>;
  oldest_unsent_at: string | null;
  /** BIGINT: PostgreSQL hands these back as text, so readers take them through Number(). */
  storage_used: number | string | null;
  storage_quota: number | string | null;
  /** 1 or 0; null when the browser did not say. */
  storage_persisted: number | null;
  /** The data epoch of the device's last reconciliation, when, and how many days then still differed. */
  reconcile_epoch: string | null;
  reconciled_at: string | null;
  reconcile_open_days: number | null;
}

export interface DB {
  offices: OfficesTable;
  counters: CountersTable;
  enrollment_codes: EnrollmentCodesTable;
  devices: DevicesTable;
  applications: ApplicationsTable;
  application_events: ApplicationEventsTable;
  documents: DocumentsTable;
  application_documents: ApplicationDocumentsTable;
  document_uploads: DocumentUploadsTable;
  document_chunks: DocumentChunksTable;
  tus_uploads: TusUploadsTable;
  upload_chunks: UploadChunksTable;
  upload_locks: UploadLocksTable;
  server_meta: ServerMetaTable;
  server_keys: ServerKeysTable;
  fee_entries: FeeEntriesTable;
  users: UsersTable;
  sessions: SessionsTable;
  objections: ObjectionsTable;
  application_additions: ApplicationAdditionsTable;
  otp_challenges: OtpChallengesTable;
  status_messages: StatusMessagesTable;
  login_failures: LoginFailuresTable;
  leases: LeasesTable;
  rate_limit_hits: RateLimitHitsTable;
  device_reports: DeviceReportsTable;
}
