import type { FastifyServerOptions } from 'fastify';

/**
 * Whatever a log line carries, these never reach the log: tokens, cookies and passwords,
 * should a request, a response or a body ever be logged whole. The routes themselves log
 * ids, device ids, user names and outcomes only — never a name, mobile, code or search.
 */
export const REDACTED_LOG_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'body.password',
  'body.token',
  'body.code',
  'password',
  'token',
  'filters.q',
];

/** The server's logger: pino at `level` (LOG_LEVEL, `info` by default) with the redactions above. */
export function serverLoggerOptions(level = 'info'): Exclude<FastifyServerOptions['logger'], boolean | undefined> {
  return { level, redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' } };
}
