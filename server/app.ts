import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Database } from './db/open';
import { ApiError, errorBody, sendError } from './http-errors';
import type { DocumentStore } from './documents/document-store';
import { DEFAULT_UPLOAD_LIMITS, type UploadLimits } from './documents/clean-uploads';
import { applicationRoutes } from './routes/applications';
import { documentRoutes } from './routes/documents';
import { receiptRoutes } from './routes/receipts';
import { syncRoutes } from './routes/sync';
import { ServerKeys } from './keys/server-keys';
import { ApplicationWriter } from './services/application-writer';
import { preparerOf, type Preparer } from './workers/prepare-pool';
import { deviceRoutes } from './routes/devices';
import { healthRoutes } from './routes/health';
import { staticAppRoutes } from './routes/static-app';
import { additionRoutes } from './routes/additions';
import { mobileVerificationRoutes } from './routes/mobile-verification';
import { officeApplicationRoutes } from './routes/office-applications';
import { officeBacklogRoutes } from './routes/office-backlog';
import { officeFleetRoutes } from './routes/office-fleet';
import { officeSessionRoutes } from './routes/office-session';
import { registerSecurityHeaders, setSecurityHeaders } from './http/security-headers';
import { DEFAULT_RATE_LIMITS, defaultRateLimitStore, registerRateLimits, type RateLimits, type RateLimitStore } from './http/rate-limits';
import { registerStrictJson } from './http/strict-json';
import { registerTextGuard } from './http/text-guard';
import { registerSameOrigin } from './http/same-origin';

/** JSON bodies above this are refused with 413 before they are parsed. */
export const BODY_LIMIT_BYTES = 256 * 1024;

export interface AppOptions {
  database: Database;
  /** Where document bytes are kept (see DocumentStore). */
  documents: DocumentStore;
  /** The built app to serve beside the API; omitted in API-only tests. */
  staticDir?: string;
  logger?: FastifyServerOptions['logger'];
  /** The time the office routes work by; tests move it to make clocks and objections run out. */
  now?: () => Date;
  /** Per-address limits on enrollment, sign-in and mobile verification (DEFAULT_RATE_LIMITS if omitted). */
  rateLimits?: RateLimits;
  /** Where the limits count (defaultRateLimitStore: in memory on SQLite, in the database on PostgreSQL). */
  rateLimitStore?: RateLimitStore;
  /** Whether to believe X-Forwarded-For (behind a reverse proxy): Fastify's `trustProxy`. */
  trustProxy?: boolean | string;
  /**
   * PUBLIC_URL, only if the operator set it: then it is the console's own origin (any
   * other Origin is refused), and https makes the session cookie Secure. Unset, the
   * origin is the scheme and host each request arrived with.
   */
  publicUrl?: string;
  /** Unfinished uploads a device may have at once (DEFAULT_UPLOAD_LIMITS if omitted); their expiry is the cleaner's (cli serve). */
  uploads?: Pick<UploadLimits, 'maxUnfinishedPerDevice'>;
  /** The zone the CSV export is dated in (DEFAULT_TIME_ZONE, India, if omitted). */
  timeZone?: string;
  /** Where envelopes are validated and hashed (preparerOf: worker threads); omitted, on the event loop's thread. Closed with the app. */
  preparer?: Preparer;
}

function codeForFrameworkError(error: FastifyError): Parameters<typeof sendError>[1] {
  const status = error.statusCode ?? 500;
  if (status === 413) return 'payload_too_large';
  if (status === 415) return 'unsupported_media_type';
  if (status === 404) return 'not_found';
  if (status === 405) return 'method_not_allowed';
  if (status === 429) return 'rate_limited';
  if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return 'bad_json';
  if (status >= 400 && status < 500) return 'bad_request';
  return 'internal';
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  // Per-request access lines are off: each route logs one line of its own with what it decided.
  const app = Fastify({
    logger: options.logger ?? false,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    return503OnClosing: true,
    trustProxy: options.trustProxy ?? false,
    // A URL that is not valid percent-encoding (`/%FF`), or a path parameter over 100
    // characters, is answered before routing and hooks: give it our headers and error body.
    frameworkErrors(_error, _request, reply) {
      setSecurityHeaders(reply.raw);
      return sendError(reply, 'bad_request');
    },
  });
  registerSecurityHeaders(app);
  registerStrictJson(app);
  registerTextGuard(app);
  registerSameOrigin(app, options.publicUrl);
  await registerRateLimits(app, options.rateLimits ?? DEFAULT_RATE_LIMITS, { kind: options.rateLimitStore ?? defaultRateLimitStore(options.database.dialect), db: options.database.db });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ApiError) {
      if (typeof error.extra.retryAfterSeconds === 'number') reply.header('retry-after', String(error.extra.retryAfterSeconds));
      return reply.code(error.statusCode).send(errorBody(error.code, error.extra));
    }
    const code = codeForFrameworkError(error);
    if (code === 'internal') request.log.error({ err: error }, 'unhandled error');
    return sendError(reply, code);
  });

  let servesApp = false;
  app.setNotFoundHandler((request, reply) => {
    // The app's own routes (/new, /r/…) are client-side: give any page navigation the shell.
    const isPage = request.method === 'GET' && !request.url.startsWith('/api/') && (request.headers.accept ?? '').includes('text/html');
    if (servesApp && isPage) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    return sendError(reply, 'not_found');
  });

  healthRoutes(app, options.database);
  const keys = new ServerKeys(options.database.db);
  deviceRoutes(app, options.database, keys);
  const now = options.now ?? (() => new Date());
  const preparer = options.preparer ?? preparerOf(0);
  app.addHook('onClose', () => preparer.close());
  const writer = new ApplicationWriter(options.database.db, keys, now);
  applicationRoutes(app, options.database, writer, preparer);
  documentRoutes(app, options.database, options.documents, { ...DEFAULT_UPLOAD_LIMITS, ...options.uploads }, now);
  syncRoutes(app, options.database, now);
  receiptRoutes(app, options.database, keys, writer, now);
  additionRoutes(app, options.database, now);
  mobileVerificationRoutes(app, options.database, now);
  officeSessionRoutes(app, options.database, now, options.publicUrl);
  officeBacklogRoutes(app, options.database, now, options.timeZone);
  officeFleetRoutes(app, options.database, now, options.timeZone);
  officeApplicationRoutes(app, options.database, options.documents, keys, writer, now);
  if (options.staticDir) servesApp = await staticAppRoutes(app, options.staticDir);
  return app;
}
