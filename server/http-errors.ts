import type { FastifyReply } from 'fastify';
import { API_ERRORS, type ApiErrorCode } from '../src/domain/error-codes';
import type { ValidationIssue } from '../src/domain/validation-codes';
import { serverEn } from '../src/i18n/server/en';

/** A coded API error: the handler throws it, the error handler answers `{ error, message, … }`. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(serverEn[`error.${code}`]);
  }

  get statusCode(): number {
    return API_ERRORS[this.code];
  }
}

export function errorBody(code: ApiErrorCode, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { error: code, message: serverEn[`error.${code}`], ...extra };
}

export function sendError(reply: FastifyReply, code: ApiErrorCode, extra: Record<string, unknown> = {}): FastifyReply {
  return reply.code(API_ERRORS[code]).send(errorBody(code, extra));
}

/** `issues` as the API shows them: the path, the stable code and an English message. */
export function describeIssues(issues: ValidationIssue[]): { path: string; code: string; message: string }[] {
  return issues.map((issue) => ({ ...issue, message: serverEn[`validation.${issue.code}`] }));
}
