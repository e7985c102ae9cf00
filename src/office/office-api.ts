import type { ErrorCode } from '../domain/client-error-codes';
import type { TransitionInput } from '../domain/transition';
import type { Lang } from '../i18n';
import {
  applicationDetailSchema,
  backlogPageSchema,
  backlogStatsSchema,
  codeQueuedSchema,
  errorBodySchema,
  fleetPageSchema,
  loginAnswerSchema,
  meAnswerSchema,
  officesAnswerSchema,
  transitionAnswerSchema,
  type ApplicationDetail,
  type BacklogItem,
  type BacklogPage,
  type BacklogStats,
  type DocumentInfo,
  type FleetDevice,
  type FleetPage,
  type HistoryEvent,
  type Objection,
  type Officer,
  type OtpState,
} from '../domain/wire';
import { apiErrorCodeOf, Http, readBody, type WireSchema } from '../net/http';

// The console's half of docs/api.md "Office routes (console)". The session is an HttpOnly
// cookie, so nothing here holds a token: the browser sends the cookie with each request.
const BASE = '/api/v1/office';

export type { ApplicationDetail, BacklogItem, BacklogPage, BacklogStats, DocumentInfo, FleetDevice, FleetPage, HistoryEvent, Objection, Officer, OtpState };

/**
 * Why a call failed: an API error code, or no answer at all, or one that could not be read.
 * A timeout is shown as `network` (the console has no text of its own for it yet).
 */
export type OfficeErrorCode = Exclude<ErrorCode, 'timeout'>;

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

const http = new Http(BASE);

/** `schema` reads a success's body; `undefined` for a route that answers 204. */
async function call<T>(schema: WireSchema<T> | undefined, path: string, init: { method?: 'GET' | 'POST'; body?: unknown } = {}): Promise<OfficeResult<T>> {
  const outcome = await http.send(path, { method: init.method ?? 'GET', ...(init.body !== undefined ? { body: init.body } : {}) });
  if (outcome.kind === 'failed') return { ok: false, code: 'network', httpStatus: 0 };
  if (outcome.status === 204) return { ok: true, value: undefined as T };
  if (outcome.status >= 200 && outcome.status < 300) {
    const read = schema ? readBody(schema, outcome.body) : ({ ok: false, code: 'bad_response' } as const);
    return read.ok ? { ok: true, value: read.value } : { ok: false, code: read.code, httpStatus: outcome.status };
  }
  // A proxy's error page has no code; its status still says whether the server is at fault.
  const code: OfficeErrorCode = apiErrorCodeOf(outcome.body) ?? (outcome.status >= 500 ? 'internal' : outcome.status === 401 ? 'unauthorized' : 'bad_response');
  const read = readBody(errorBodySchema, outcome.body);
  const error = read.ok ? read.value : undefined;
  const retryAfter = outcome.retryAfterSeconds;
  return {
    ok: false,
    code,
    httpStatus: outcome.status,
    ...(retryAfter !== undefined && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
    ...(error?.parameter !== undefined ? { parameter: error.parameter } : {}),
    ...(error?.issues ? { issues: error.issues.map(({ path, code }) => ({ path, code })) } : {}),
  };
}

/** Every console route the UI uses. `query` arguments are URL query strings without the `?`. */
export const officeApi = {
  me: () => call(meAnswerSchema, '/me'),
  login: (username: string, password: string) => call(loginAnswerSchema, '/login', { method: 'POST', body: { username, password } }),
  logout: () => call<void>(undefined, '/logout', { method: 'POST' }),
  offices: () => call(officesAnswerSchema, '/offices'),
  stats: (office?: string) => call(backlogStatsSchema, `/stats${office ? `?office=${encodeURIComponent(office)}` : ''}`),
  applications: (query: string) => call(backlogPageSchema, `/applications${query ? `?${query}` : ''}`),
  detail: (id: string) => call(applicationDetailSchema, `/applications/${encodeURIComponent(id)}`),
  transition: (id: string, input: TransitionInput) => call(transitionAnswerSchema, `/applications/${encodeURIComponent(id)}/transitions`, { method: 'POST', body: input }),
  newOtp: (id: string) => call(codeQueuedSchema, `/applications/${encodeURIComponent(id)}/otp`, { method: 'POST' }),
  fleet: (query: string) => call(fleetPageSchema, `/devices${query ? `?${query}` : ''}`),
};

/** The backlog's CSV for the same filters, its headers and labels in the officer's language. */
export function csvUrl(query: string, lang: Lang): string {
  return `${BASE}/export.csv?${query ? `${query}&` : ''}lang=${lang}`;
}

/** The whole fleet (every page) as CSV, for the same office and silence limit as the screen. */
export function fleetCsvUrl(query: string): string {
  return `${BASE}/devices.csv${query ? `?${query}` : ''}`;
}

export function documentUrl(sha256: string): string {
  return `${BASE}/documents/${sha256}`;
}
