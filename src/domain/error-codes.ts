/**
 * Every error the HTTP API can answer, with its status. Responses are
 * `{ error: code, message }` (plus `issues` for `invalid`); the app maps each code to
 * Hindi and English text, so codes are a contract and never change meaning.
 */
export const API_ERRORS = {
  bad_json: 400,
  bad_request: 400,
  unauthorized: 401,
  bad_credentials: 401,
  forbidden: 403,
  device_mismatch: 403,
  cross_origin: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  enroll_code_invalid: 409,
  document_exists: 409,
  illegal_transition: 409,
  objection_closed: 409,
  otp_not_sent: 409,
  otp_expired: 410,
  payload_too_large: 413,
  batch_too_large: 413,
  unsupported_media_type: 415,
  invalid: 422,
  heartbeat_invalid: 422,
  document_hash_mismatch: 422,
  document_type_refused: 422,
  receipt_refused: 422,
  receipt_not_yours: 422,
  receipt_number_used: 422,
  otp_wrong: 422,
  otp_locked: 423,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ApiErrorCode = keyof typeof API_ERRORS;

export function isApiErrorCode(value: unknown): value is ApiErrorCode {
  return typeof value === 'string' && Object.hasOwn(API_ERRORS, value);
}
