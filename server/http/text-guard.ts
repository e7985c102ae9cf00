import type { FastifyInstance } from 'fastify';
import { pathOfUnkeepableText } from '../db/keepable-text';
import { ApiError, describeIssues } from '../http-errors';

/** Routes that judge each item of their body on its own (one bad item must not refuse the others). */
export const ITEM_BY_ITEM_ROUTES: ReadonlySet<string> = new Set(['POST /api/v1/applications/batch']);

/**
 * No text the server cannot keep exactly (a NUL character, a lone surrogate: see
 * db/keepable-text.ts) gets past here. Unchecked, such text failed on PostgreSQL, or in
 * the content hash, with a 500 — and a device sends a filing again after a 500, forever.
 * In the address (`%00` in a path or query) it is `400 bad_request`; in a body, `422
 * invalid` naming the field, as validation would. The batch route checks each item
 * itself (services/applications.ts), so one such filing never holds up the others.
 */
export function registerTextGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    if (pathOfUnkeepableText(request.params) !== undefined || pathOfUnkeepableText(request.query) !== undefined) {
      throw new ApiError('bad_request', { detail: 'the address contains a character that cannot be kept (NUL or half a character)' });
    }
    if (request.body === undefined || ITEM_BY_ITEM_ROUTES.has(`${request.method} ${request.routeOptions.url}`)) return;
    const path = pathOfUnkeepableText(request.body);
    if (path !== undefined) throw new ApiError('invalid', { issues: describeIssues([{ path, code: 'invalid' }]) });
  });
}
