import type { ApiErrorCode } from './error-codes';

/**
 * The codes the client gives a failure the server did not name: no answer (`network`), an
 * upload that stalled (`timeout`), an answer it could not read (`bad_response`), and its
 * own findings about a filing (`missing_filing`, `documents_missing`,
 * `document_missing_locally`, `server_lost`). A filing's or a call's problem carries one of
 * these or an API error code (error-codes.ts); the app shows each through `error.<code>`.
 */
export const CLIENT_ERROR_CODES = ['network', 'timeout', 'bad_response', 'missing_filing', 'documents_missing', 'document_missing_locally', 'server_lost'] as const;

/** An HTTP status that came without one of our codes (a proxy's page, an old server): `http_502`. */
export type HttpStatusCode = `http_${number}`;

/** The client's own named codes (without the `http_NNN` family). */
export type OwnClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];

export type ClientErrorCode = OwnClientErrorCode | HttpStatusCode;

/** Every code a problem can carry, client or server. */
export type ErrorCode = ApiErrorCode | ClientErrorCode;

export function httpStatusCode(status: number): HttpStatusCode {
  return `http_${status}`;
}

/** The status an `http_NNN` code stands for; undefined for every other code. */
export function statusOfHttpCode(code: string): number | undefined {
  const match = /^http_(\d{3})$/.exec(code);
  return match ? Number(match[1]) : undefined;
}

export function isClientErrorCode(value: unknown): value is ClientErrorCode {
  return typeof value === 'string' && ((CLIENT_ERROR_CODES as readonly string[]).includes(value) || statusOfHttpCode(value) !== undefined);
}
