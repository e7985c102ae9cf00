import { isApiErrorCode, type ApiErrorCode } from '../domain/error-codes';
import type { Status } from '../domain/status';
import type { ApplicationDetail, BacklogItem, BacklogPage, BacklogStats, DocumentInfo, HistoryEvent, Objection, Officer, OtpState } from '../domain/wire';

// The console's half of docs/api.md "Office routes (console)". The session is an HttpOnly
// cookie, so nothing here holds a token: the browser sends the cookie with each request.
const BASE = '/api/v1/office';

export type { ApplicationDetail, BacklogItem, BacklogPage, BacklogStats, DocumentInfo, HistoryEvent, Objection, Officer, OtpState };

/** Why a call failed: an API error code, or no answer at all, or one that could not be read. */
export type OfficeErrorCode = ApiErrorCode | 'network' | 'bad_response';

export interface OfficeError {
  code: OfficeErrorCode;
  /** 0 when no answer came. */
  httpStatus: number;
  retryAfterSeconds?: number;
  /** For bad_request on the list: which filter the server refused. */
  parameter?: string;
  issues?: { path: string; code: string }[];
}

export type OfficeResult<T> = { ok: true; value: T } | ({ ok: false } & OfficeError);

async function readBody(response: Response): Promise<Record<string, unknown> | undefined> {
  try {
    const body: unknown = await response.json();
    return body && typeof body === 'object' ? (body as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

async function call<T>(path: string, init: { method?: 'GET' | 'POST'; body?: unknown } = {}): Promise<OfficeResult<T>> {
  let response: Response;
  try {
    response = await fetch(`${BASE}${path}`, {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
  } catch {
    return { ok: false, code: 'network', httpStatus: 0 };
  }
  if (response.status === 204) return { ok: true, value: undefined as T };
  const body = await readBody(response);
  if (response.ok) return body ? { ok: true, value: body as T } : { ok: false, code: 'bad_response', httpStatus: response.status };
  // A proxy's error page has no code; its status still says whether the server is at fault.
  const code: OfficeErrorCode = isApiErrorCode(body?.error) ? body.error : response.status >= 500 ? 'internal' : response.status === 401 ? 'unauthorized' : 'bad_response';
  const retryAfter = Number(response.headers.get('retry-after'));
  return {
    ok: false,
    code,
    httpStatus: response.status,
    ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
    ...(typeof body?.parameter === 'string' ? { parameter: body.parameter } : {}),
    ...(Array.isArray(body?.issues) ? { issues: body.issues as { path: string; code: string }[] } : {}),
  };
}

/** Every console route the UI uses. `query` arguments are URL query strings without the `?`. */
export const officeApi = {
  me: () => call<{ user: Officer }>('/me'),
  login: (username: string, password: string) => call<{ user: Officer; expiresAt: string }>('/login', { method: 'POST', body: { username, password } }),
  logout: () => call<void>('/logout', { method: 'POST' }),
  offices: () => call<{ offices: string[] }>('/offices'),
  stats: (office?: string) => call<BacklogStats>(`/stats${office ? `?office=${encodeURIComponent(office)}` : ''}`),
  applications: (query: string) => call<BacklogPage>(`/applications${query ? `?${query}` : ''}`),
  detail: (id: string) => call<ApplicationDetail>(`/applications/${encodeURIComponent(id)}`),
  transition: (id: string, to: string, note: string) => call<{ id: string; from: Status; to: Status; status: Status }>(`/applications/${encodeURIComponent(id)}/transitions`, { method: 'POST', body: { to, note } }),
  newOtp: (id: string) => call<{ queuedAt?: string }>(`/applications/${encodeURIComponent(id)}/otp`, { method: 'POST' }),
};

export function csvUrl(query: string): string {
  return `${BASE}/export.csv${query ? `?${query}` : ''}`;
}

export function documentUrl(sha256: string): string {
  return `${BASE}/documents/${sha256}`;
}
