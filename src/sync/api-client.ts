import type { Addition } from '../domain/addition';
import type { Change } from '../domain/changes';
import { HEARTBEAT_HEADER } from '../domain/heartbeat';
import type { ErrorCode, HttpStatusCode } from '../domain/client-error-codes';
import type { Envelope } from '../domain/envelope';
import type { TrustedKeys } from '../domain/receipt/check';
import type { DeviceCertificate } from '../domain/receipt/proof';
import type { AdditionAck, ApplicationAck, LedgerReport, ReceiptStatusAnswer } from '../domain/wire';
import { apiErrorCodeOf, Http, readBody, retryAfterMs, type FetchLike, type HttpOutcome, type HttpRequest } from '../net/http';

export { REQUEST_TIMEOUT_MS } from '../net/http';
export type { ApplicationAck, FetchLike };

export const API_BASE = '/api/v1';

type Wire = typeof import('../domain/wire');
let wireModule: Promise<Wire> | undefined;

/**
 * The response schemas, loaded with the first answer rather than with the app: zod stays
 * out of the JavaScript of the first screen (tests/e2e/bundle-budget.test.ts). The chunk is
 * precached like every other, so this works offline too.
 */
function wire(): Promise<Wire> {
  return (wireModule ??= import('../domain/wire'));
}

type Issues = { path: string; code: string; message: string }[];

/** Why a send did not go through: an API error code, a client-side one, or a bare status. */
export type SendCode = ErrorCode | HttpStatusCode;

/**
 * How the drain must treat an answer; the classification is the retry policy. `code` is a
 * SendCode when it comes from here; it is plain text because the sync layer puts its own
 * reasons (an upload's, `document_missing_locally`) in the same place.
 */
export type SendResult<Ack = ApplicationAck> =
  | { kind: 'accepted'; ack: Ack }
  | { kind: 'retry'; code: string; httpStatus?: number; retryAfterMs?: number }
  | { kind: 'refused'; code: string; message?: string; httpStatus: number; issues?: Issues }
  | { kind: 'unauthorized' };

/** A whole batch request's fate; when it went through, each item has its own result. */
export type BatchResult = { kind: 'items'; results: SendResult[] } | Exclude<SendResult, { kind: 'accepted' } | { kind: 'refused' }> | { kind: 'unsupported' };

// Transient by nature: the same request may well succeed later.
const RETRYABLE = new Set([408, 425, 429]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE.has(status) || status >= 500;
}

/** No answer at all. A timeout is reported as `network` (same retry, same message) until it has its own text. */
const NO_ANSWER = { kind: 'retry', code: 'network' } as const;

/** One envelope's answer, from a PUT or an item of a batch, by its status and body. */
function classify(w: Wire, status: number, body: unknown, id: string, waitMs?: number): SendResult {
  if (status === 200 || status === 201) {
    // A 2xx we cannot read (a captive portal, a proxy's page) proves nothing: try again.
    const ack = readBody(w.applicationAckSchema, body);
    return ack.ok && ack.value.id === id ? { kind: 'accepted', ack: ack.value } : { kind: 'retry', code: 'bad_response', httpStatus: status };
  }
  return refusal(w, status, body, waitMs);
}

/** A non-2xx answer: unauthorized, worth retrying, or refused for good. */
function refusal(w: Wire, status: number, body: unknown, waitMs?: number): Exclude<SendResult<never>, { kind: 'accepted' }> & { code?: SendCode } {
  if (status === 401) return { kind: 'unauthorized' };
  const code: SendCode = apiErrorCodeOf(body) ?? `http_${status}`;
  if (isRetryableStatus(status)) return { kind: 'retry', code, httpStatus: status, ...(waitMs !== undefined ? { retryAfterMs: waitMs } : {}) };
  const error = errorBodyOf(w, body);
  const issues = error?.issues?.map((issue) => ({ ...issue, message: issue.message ?? '' }));
  return { kind: 'refused', code, httpStatus: status, ...(error?.message ? { message: error.message } : {}), ...(issues ? { issues } : {}) };
}

/** An error answer's body, when it is one of ours (`{ error, message, … }`). */
function errorBodyOf(w: Wire, body: unknown) {
  const read = readBody(w.errorBodySchema, body);
  return read.ok ? read.value : undefined;
}

/** The body of a 200 answer read with its schema; undefined for anything else (these calls are retried by their callers). */
function okBody<T>(outcome: HttpOutcome, schema: Parameters<typeof readBody<T>>[0]): T | undefined {
  if (outcome.kind !== 'answer' || outcome.status !== 200) return undefined;
  const read = readBody(schema, outcome.body);
  return read.ok ? read.value : undefined;
}

/** For the calls an operator waits on: no answer is `network`; a refusal names its API code, else `internal`. */
function errorCodeOf(outcome: HttpOutcome): ErrorCode {
  if (outcome.kind === 'failed') return 'network';
  return apiErrorCodeOf(outcome.body) ?? 'internal';
}

export class ApiClient {
  private readonly http: Http;

  constructor(
    fetchImpl: FetchLike = (input, init) => fetch(input, init),
    readonly base = API_BASE,
    now: () => number = Date.now,
  ) {
    this.http = new Http(base, fetchImpl, now);
  }

  private request(path: string, init: HttpRequest): Promise<HttpOutcome> {
    return this.http.send(path, init);
  }

  async putApplication(envelope: Envelope, token: string): Promise<SendResult> {
    const outcome = await this.request(`/applications/${envelope.id}`, { method: 'PUT', token, body: envelope });
    if (outcome.kind === 'failed') return NO_ANSWER;
    return classify(await wire(), outcome.status, outcome.body, envelope.id, retryAfterMs(outcome));
  }

  /** Up to 100 envelopes in one request; each item is judged as its own PUT. */
  async postBatch(envelopes: Envelope[], token: string): Promise<BatchResult> {
    const outcome = await this.request('/applications/batch', { method: 'POST', token, body: { items: envelopes } });
    if (outcome.kind === 'failed') return NO_ANSWER;
    // An older server without batches, or a batch it found too big: the caller sends singly.
    if (outcome.status === 404 || outcome.status === 405 || outcome.status === 413) return { kind: 'unsupported' };
    const w = await wire();
    const batch = outcome.status === 200 ? readBody(w.batchAnswerSchema, outcome.body) : undefined;
    if (batch?.ok && batch.value.results.length === envelopes.length) {
      return { kind: 'items', results: batch.value.results.map((result, index) => classify(w, result.status, result.body, envelopes[index]!.id)) };
    }
    // A 201 is no batch answer (the ack of a single PUT?): unreadable, try again.
    if (outcome.status === 201) return { kind: 'retry', code: 'bad_response', httpStatus: 201 };
    const single = refusal(w, outcome.status === 200 ? 502 : outcome.status, outcome.body, retryAfterMs(outcome));
    if (single.kind === 'unauthorized' || single.kind === 'retry') return single;
    return { kind: 'retry', code: single.code, httpStatus: outcome.status };
  }

  /** A page of status changes; `heartbeat` (the device's report, encoded) goes with the first page of a pull. */
  async changes(since: string, token: string, heartbeat?: string): Promise<{ changes: Change[]; cursor: string; more: boolean; epoch: string } | undefined> {
    const headers = heartbeat === undefined ? undefined : { [HEARTBEAT_HEADER]: heartbeat };
    return okBody(await this.request(`/changes?since=${encodeURIComponent(since)}`, { method: 'GET', token, ...(headers ? { headers } : {}) }), (await wire()).changesPageSchema);
  }

  async reconcileDays(days: { day: string; count: number; digest: string }[], token: string): Promise<string[] | undefined> {
    return okBody(await this.request('/reconcile/days', { method: 'POST', token, body: { days } }), (await wire()).reconcileDaysAnswerSchema)?.differs;
  }

  async reconcileItems(items: { id: string; hash: string }[], token: string): Promise<{ missing: string[]; differs: string[]; incomplete: string[] } | undefined> {
    const body = okBody(await this.request('/reconcile', { method: 'POST', token, body: { items } }), (await wire()).reconcileItemsAnswerSchema);
    // `incomplete` came later: a server without it simply reports none.
    return body ? { missing: body.missing, differs: body.differs, incomplete: body.incomplete ?? [] } : undefined;
  }

  /** The server's public keys and revoked devices (no token needed: anyone may check a receipt). */
  async trustedKeys(): Promise<TrustedKeys | undefined> {
    // Never the HTTP cache's copy: a device revoked a minute ago must show as revoked.
    const body = okBody(await this.request('/keys', { method: 'GET', cache: 'no-cache' }), (await wire()).keysAnswerSchema);
    return body ? { serverKeys: body.keys, revokedDevices: body.revokedDevices } : undefined;
  }

  async deviceCertificate(token: string): Promise<DeviceCertificate | undefined> {
    return okBody(await this.request('/devices/certificate', { method: 'POST', token }), (await wire()).deviceCertificateSchema);
  }

  /** The office's record of a day's fees (held against the kiosk's own day-end report). */
  async ledger(day: string, token: string): Promise<LedgerReport | undefined> {
    return okBody(await this.request(`/ledger?day=${encodeURIComponent(day)}`, { method: 'GET', token }), (await wire()).ledgerReportSchema);
  }

  /** What the server knows of a receipt: status and initials only, and only to the holder of its check code. */
  async receiptStatus(receiptNo: string, checkCode: string): Promise<ReceiptStatusAnswer | 'unknown' | undefined> {
    const outcome = await this.request(`/receipts/${encodeURIComponent(receiptNo)}?check=${encodeURIComponent(checkCode)}`, { method: 'GET' });
    if (outcome.kind === 'answer' && outcome.status === 404) return 'unknown';
    return okBody(outcome, (await wire()).receiptStatusAnswerSchema);
  }

  async enroll(input: { code: string; label?: string; publicKeyJwk: JsonWebKey }): Promise<{ ok: true; deviceId: string; token: string; office: string; certificate?: DeviceCertificate } | { ok: false; code: ErrorCode }> {
    const outcome = await this.request('/devices/enroll', { method: 'POST', body: input });
    if (outcome.kind === 'failed') return { ok: false, code: 'network' };
    if (outcome.status === 201) {
      const read = readBody((await wire()).enrollmentAnswerSchema, outcome.body);
      if (!read.ok) return { ok: false, code: read.code };
      const { deviceId, token, office, certificate } = read.value;
      return { ok: true, deviceId, token, office, ...(certificate ? { certificate } : {}) };
    }
    return { ok: false, code: errorCodeOf(outcome) };
  }

  /** The applicant opened the link in their SMS. */
  async verifyMobileLink(token: string): Promise<{ ok: true; applicationNo: string } | { ok: false; code: ErrorCode }> {
    const outcome = await this.request('/mobile-verification', { method: 'POST', body: { token } });
    const read = answered(outcome, 200, (await wire()).mobileLinkAnswerSchema);
    return read.ok ? { ok: true, applicationNo: read.value.applicationNo } : read;
  }

  /** The operator types the code the applicant received (online only: it is the server that knows the code). */
  async verifyMobileCode(applicationId: string, code: string, token: string): Promise<{ ok: true; verifiedAt: string } | { ok: false; code: ErrorCode; attemptsLeft?: number }> {
    const outcome = await this.request(`/applications/${applicationId}/verify-mobile`, { method: 'POST', token, body: { code } });
    const w = await wire();
    const read = answered(outcome, 200, w.mobileCodeAnswerSchema);
    if (read.ok) return { ok: true, verifiedAt: read.value.verifiedAt };
    const attemptsLeft = outcome.kind === 'answer' ? errorBodyOf(w, outcome.body)?.attemptsLeft : undefined;
    return { ...read, ...(attemptsLeft !== undefined ? { attemptsLeft } : {}) };
  }

  async requestMobileCode(applicationId: string, token: string): Promise<{ ok: true } | { ok: false; code: ErrorCode; retryAfterMs?: number }> {
    const outcome = await this.request(`/applications/${applicationId}/otp`, { method: 'POST', token });
    const read = answered(outcome, 202, (await wire()).codeQueuedSchema);
    if (read.ok) return { ok: true };
    const waitMs = outcome.kind === 'answer' ? retryAfterMs(outcome) : undefined;
    return { ...read, ...(waitMs !== undefined ? { retryAfterMs: waitMs } : {}) };
  }

  /** Sends what the kiosk added to a filing (an objection's answer); judged like a filing. */
  async putAddition(addition: Addition, token: string): Promise<SendResult<AdditionAck>> {
    const outcome = await this.request(`/applications/${addition.applicationId}/additions/${addition.id}`, { method: 'PUT', token, body: addition });
    if (outcome.kind === 'failed') return NO_ANSWER;
    const w = await wire();
    const success = outcome.status === 200 || outcome.status === 201;
    if (success) {
      const ack = readBody(w.additionAckSchema, outcome.body);
      if (ack.ok && ack.value.id === addition.id) return { kind: 'accepted', ack: ack.value };
    }
    return refusal(w, success ? 502 : outcome.status, outcome.body, retryAfterMs(outcome));
  }
}

/** The answer of a call an operator waits on: the expected status with a body of its schema, or why not. */
function answered<T>(outcome: HttpOutcome, status: number, schema: Parameters<typeof readBody<T>>[0]): { ok: true; value: T } | { ok: false; code: ErrorCode } {
  if (outcome.kind === 'answer' && outcome.status === status) return readBody(schema, outcome.body);
  return { ok: false, code: errorCodeOf(outcome) };
}
