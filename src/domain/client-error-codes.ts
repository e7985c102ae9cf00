import type { ApiErrorCode } from './error-codes';

/**
 * Why a call failed on the browser's side, before any API error code could be read: no
 * answer (`network`), no answer in time (`timeout`), or an answer that could not be read
 * — not JSON, or not the shape its schema (src/domain/wire/) describes (`bad_response`).
 */
export const CLIENT_ERROR_CODES = ['network', 'timeout', 'bad_response'] as const;
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];

/** A refusal with no code of ours (a proxy's page, an older server): named by its status, `http_503`. */
export type HttpStatusCode = `http_${number}`;

/** Every reason a browser client reports for a failed call. */
export type ErrorCode = ApiErrorCode | ClientErrorCode;

export function isClientErrorCode(value: unknown): value is ClientErrorCode {
  return typeof value === 'string' && (CLIENT_ERROR_CODES as readonly string[]).includes(value);
}
