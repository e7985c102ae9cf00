import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../http-errors';

/** The console's routes: the only ones a cookie authenticates (device routes take a Bearer token). */
export const COOKIE_ROUTES_PREFIX = '/api/v1/office/';

const READ_ONLY_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `scheme://host[:port]` as a browser writes it in `Origin` (lower case, no default port), or undefined. */
export function originOf(url: string): string | undefined {
  try {
    const { protocol, origin } = new URL(url);
    return protocol === 'http:' || protocol === 'https:' ? origin : undefined;
  } catch {
    return undefined;
  }
}

function isCrossSite(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  return site !== undefined && site.split(',').some((value) => value.trim().toLowerCase() === 'cross-site');
}

/**
 * A browser attaches the session cookie to any request for this server. SameSite=Strict
 * keeps it off requests started by other sites, but not by another origin of the same
 * site (a sibling subdomain, another port), nor in browsers that ignore SameSite. So a
 * state-changing console request is refused with `403 cross_origin` when the browser
 * says it comes from elsewhere: an `Origin` other than the server's own (PUBLIC_URL's
 * origin if set, else the scheme and host the request arrived with), or
 * `Sec-Fetch-Site: cross-site`. Requests without either header — curl, scripts, the CLI
 * — are not from a web page, and pass. Checked before the body is read.
 */
export function registerSameOrigin(app: FastifyInstance, publicUrl: string | undefined): void {
  const publicOrigin = publicUrl === undefined ? undefined : originOf(publicUrl);
  if (publicUrl !== undefined && !publicOrigin) throw new Error(`publicUrl must be an http:// or https:// address, not "${publicUrl}"`);
  app.addHook('onRequest', async (request) => {
    if (READ_ONLY_METHODS.has(request.method) || !request.routeOptions.url?.startsWith(COOKIE_ROUTES_PREFIX)) return;
    const sent = request.headers.origin;
    const own = publicOrigin ?? originOf(`${request.protocol}://${request.host}`);
    const foreignOrigin = sent !== undefined && (own === undefined || originOf(sent) !== own);
    if (foreignOrigin || isCrossSite(request)) {
      request.log.warn({ origin: sent, secFetchSite: request.headers['sec-fetch-site'], route: request.routeOptions.url }, 'cross-origin console request refused');
      throw new ApiError('cross_origin');
    }
  });
}
