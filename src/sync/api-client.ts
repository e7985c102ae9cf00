import type { Addition } from '../domain/addition';
import type { AdditionAck, ApplicationAck } from '../domain/wire';
import type { Change } from '../domain/changes';
import type { Envelope } from '../domain/envelope';
import { isApiErrorCode } from '../domain/error-codes';
import type { TrustedKeys } from '../domain/receipt/check';
import type { DeviceCertificate } from '../domain/receipt/proof';
import { parseRetryAfter } from './backoff';

export const API_BASE = '/api/v1';
export const REQUEST_TIMEOUT_MS = 30_000;

export type { ApplicationAck };

type Issues = { path: string; code: string; message: string }[];

/** How the drain must treat an answer; the classification is the retry policy. */
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

async function readJson(response: Response): Promise<Record<string, unknown> | undefined> {
  try {
    const body: unknown = await response.json();
    return body && typeof body === 'object' ? (body as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function isAck(body: unknown, id: string): body is ApplicationAck {
  const ack = body as Partial<ApplicationAck> | undefined;
  return !!ack && ack.id === id && typeof ack.applicationNo === 'string' && typeof ack.receivedAt === 'string' && Array.isArray(ack.documentsMissing);
}

/** One envelope's answer, from a PUT or an item of a batch, by its status and body. */
function classify(status: number, body: Record<string, unknown> | undefined, id: string, retryAfterMs?: number): SendResult {
  if (status === 200 || status === 201) {
    // A 2xx we cannot read (a captive portal, a proxy's page) proves nothing: try again.
    return isAck(body, id) ? { kind: 'accepted', ack: body } : { kind: 'retry', code: 'bad_response', httpStatus: status };
  }
  if (status === 401) return { kind: 'unauthorized' };
  const code = isApiErrorCode(body?.error) ? body.error : `http_${status}`;
  if (isRetryableStatus(status)) return { kind: 'retry', code, httpStatus: status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  const issues = Array.isArray(body?.issues) ? (body.issues as Issues) : undefined;
  const message = typeof body?.message === 'string' ? body.message : undefined;
  return { kind: 'refused', code, httpStatus: status, ...(message ? { message } : {}), ...(issues ? { issues } : {}) };
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export class ApiClient {
  constructor(
    private readonly fetchImpl: FetchLike = (input, init) => fetch(input, init),
    readonly base = API_BASE,
    private readonly now: () => number = Date.now,
  ) {}

  private async request(path: string, init: RequestInit & { token?: string }): Promise<Response | undefined> {
    const headers: Record<string, string> = { ...(init.body ? { 'content-type': 'application/json' } : {}) };
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    try {
      return await this.fetchImpl(`${this.base}${path}`, { ...init, headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch {
      return undefined;
    }
  }

  async putApplication(envelope: Envelope, token: string): Promise<SendResult> {
    const response = await this.request(`/applications/${envelope.id}`, { method: 'PUT', token, body: JSON.stringify(envelope) });
    if (!response) return { kind: 'retry', code: 'network' };
    return classify(response.status, await readJson(response), envelope.id, parseRetryAfter(response.headers.get('retry-after'), this.now()));
  }

  /** Up to 100 envelopes in one request; each item is judged as its own PUT. */
  async postBatch(envelopes: Envelope[], token: string): Promise<BatchResult> {
    const response = await this.request('/applications/batch', { method: 'POST', token, body: JSON.stringify({ items: envelopes }) });
    if (!response) return { kind: 'retry', code: 'network' };
    // An older server without batches, or a batch it found too big: the caller sends singly.
    if (response.status === 404 || response.status === 405 || response.status === 413) return { kind: 'unsupported' };
    const body = await readJson(response);
    if (response.status === 200 && Array.isArray(body?.results) && body.results.length === envelopes.length) {
      const results = body.results as { status: number; body: Record<string, unknown> }[];
      return { kind: 'items', results: results.map((result, index) => classify(result.status, result.body, envelopes[index]!.id)) };
    }
    const single = classify(response.status === 200 ? 502 : response.status, body, '', parseRetryAfter(response.headers.get('retry-after'), this.now()));
    if (single.kind === 'unauthorized' || single.kind === 'retry') return single;
    return { kind: 'retry', code: single.kind === 'refused' ? single.code : 'bad_response', httpStatus: response.status };
  }

  async changes(since: string, token: string): Promise<{ changes: Change[]; cursor: string; more: boolean; epoch: string } | undefined> {
    const response = await this.request(`/changes?since=${encodeURIComponent(since)}`, { method: 'GET', token });
    if (!response || response.status !== 200) return undefined;
    const body = await readJson(response);
    return Array.isArray(body?.changes) && typeof body.cursor === 'string' ? (body as unknown as { changes: Change[]; cursor: string; more: boolean; epoch: string }) : undefined;
  }

  async reconcileDays(days: { day: string; count: number; digest: string }[], token: string): Promise<string[] | undefined> {
    const response = await this.request('/reconcile/days', { method: 'POST', token, body: JSON.stringify({ days }) });
    const body = response?.status === 200 ? await readJson(response) : undefined;
    return Array.isArray(body?.differs) ? (body.differs as string[]) : undefined;
  }

  async reconcileItems(items: { id: string; hash: string }[], token: string): Promise<{ missing: string[]; differs: string[]; incomplete: string[] } | undefined> {
    const response = await this.request('/reconcile', { method: 'POST', token, body: JSON.stringify({ items }) });
    const body = response?.status === 200 ? await readJson(response) : undefined;
    if (!Array.isArray(body?.missing) || !Array.isArray(body.differs)) return undefined;
    // `incomplete` came later: a server without it simply reports none.
    return { missing: body.missing as string[], differs: body.differs as string[], incomplete: Array.isArray(body.incomplete) ? (body.incomplete as string[]) : [] };
  }

  /** The server's public keys and revoked devices (no token needed: anyone may check a receipt). */
  async trustedKeys(): Promise<TrustedKeys | undefined> {
    // Never the HTTP cache's copy: a device revoked a minute ago must show as revoked.
    const response = await this.request('/keys', { method: 'GET', cache: 'no-cache' });
    const body = response?.status === 200 ? await readJson(response) : undefined;
    if (!Array.isArray(body?.keys) || !Array.isArray(body.revokedDevices)) return undefined;
    return { serverKeys: (body.keys as { keyId: string; publicKey: string }[]).map(({ keyId, publicKey }) => ({ keyId, publicKey })), revokedDevices: body.revokedDevices as TrustedKeys['revokedDevices'] };
  }

  async deviceCertificate(token: string): Promise<DeviceCertificate | undefined> {
    const response = await this.request('/devices/certificate', { method: 'POST', token });
    const body = response?.status === 200 ? await readJson(response) : undefined;
    return typeof body?.signature === 'string' ? (body as unknown as DeviceCertificate) : undefined;
  }

  /** What the server knows of a receipt: status and initials only, and only to the holder of its check code. */
  async receiptStatus(receiptNo: string, checkCode: string): Promise<{ valid: boolean; status: string; applicationNo?: string } | 'unknown' | undefined> {
    const response = await this.request(`/receipts/${encodeURIComponent(receiptNo)}?check=${encodeURIComponent(checkCode)}`, { method: 'GET' });
    if (response?.status === 404) return 'unknown';
    const body = response?.status === 200 ? await readJson(response) : undefined;
    return typeof body?.status === 'string' ? (body as { valid: boolean; status: string; applicationNo?: string }) : undefined;
  }

  async enroll(input: { code: string; label?: string; publicKeyJwk: JsonWebKey }): Promise<{ ok: true; deviceId: string; token: string; office: string; certificate?: DeviceCertificate } | { ok: false; code: string }> {
    const response = await this.request('/devices/enroll', { method: 'POST', body: JSON.stringify(input) });
    if (!response) return { ok: false, code: 'network' };
    const body = await readJson(response);
    if (response.status === 201 && typeof body?.deviceId === 'string' && typeof body.token === 'string' && typeof body.office === 'string') {
      return { ok: true, deviceId: body.deviceId, token: body.token, office: body.office, ...(body.certificate ? { certificate: body.certificate as DeviceCertificate } : {}) };
    }
    return { ok: false, code: isApiErrorCode(body?.error) ? body.error : 'internal' };
  }

  /** The applicant opened the link in their SMS. */
  async verifyMobileLink(token: string): Promise<{ ok: true; applicationNo: string } | { ok: false; code: string }> {
    const response = await this.request('/mobile-verification', { method: 'POST', body: JSON.stringify({ token }) });
    return mobileAnswer(response, await readJsonOf(response));
  }

  /** The operator types the code the applicant received (online only: it is the server that knows the code). */
  async verifyMobileCode(applicationId: string, code: string, token: string): Promise<{ ok: true; verifiedAt: string } | { ok: false; code: string; attemptsLeft?: number }> {
    const response = await this.request(`/applications/${applicationId}/verify-mobile`, { method: 'POST', token, body: JSON.stringify({ code }) });
    const body = await readJsonOf(response);
    if (response?.status === 200 && typeof body?.verifiedAt === 'string') return { ok: true, verifiedAt: body.verifiedAt };
    return { ok: false, code: errorCodeOf(response, body), ...(typeof body?.attemptsLeft === 'number' ? { attemptsLeft: body.attemptsLeft } : {}) };
  }

  async requestMobileCode(applicationId: string, token: string): Promise<{ ok: true } | { ok: false; code: string; retryAfterMs?: number }> {
    const response = await this.request(`/applications/${applicationId}/otp`, { method: 'POST', token });
    if (response?.status === 202) return { ok: true };
    const retryAfterMs = response ? parseRetryAfter(response.headers.get('retry-after'), this.now()) : undefined;
    return { ok: false, code: errorCodeOf(response, await readJsonOf(response)), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }

  /** Sends what the kiosk added to a filing (an objection's answer); judged like a filing. */
  async putAddition(addition: Addition, token: string): Promise<SendResult<AdditionAck>> {
    const response = await this.request(`/applications/${addition.applicationId}/additions/${addition.id}`, { method: 'PUT', token, body: JSON.stringify(addition) });
    if (!response) return { kind: 'retry', code: 'network' };
    const body = await readJson(response);
    if ((response.status === 200 || response.status === 201) && body?.id === addition.id && Array.isArray(body.documentsMissing)) return { kind: 'accepted', ack: body as unknown as AdditionAck };
    return classify(response.status === 200 || response.status === 201 ? 502 : response.status, body, addition.id, parseRetryAfter(response.headers.get('retry-after'), this.now())) as SendResult<AdditionAck>;
  }
}


async function readJsonOf(response: Response | undefined): Promise<Record<string, unknown> | undefined> {
  return response ? readJson(response) : undefined;
}

function errorCodeOf(response: Response | undefined, body: Record<string, unknown> | undefined): string {
  if (!response) return 'network';
  return isApiErrorCode(body?.error) ? body.error : 'internal';
}

function mobileAnswer(response: Response | undefined, body: Record<string, unknown> | undefined): { ok: true; applicationNo: string } | { ok: false; code: string } {
  if (response?.status === 200 && typeof body?.applicationNo === 'string') return { ok: true, applicationNo: body.applicationNo };
  return { ok: false, code: errorCodeOf(response, body) };
}
