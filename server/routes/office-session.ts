import type { FastifyInstance } from 'fastify';
import { clearSessionCookie, requireOfficer, sessionTokenOf, setSessionCookie } from '../auth/officer-auth';
import type { Database } from '../db/open';
import { ApiError } from '../http-errors';
import { closeSession, openSession } from '../services/sessions';
import { checkCredentials } from '../services/users';

/** Signing in and out of the console; `publicUrl` (PUBLIC_URL, if set) decides with the request whether the cookie is Secure. */
export function officeSessionRoutes(app: FastifyInstance, database: Database, now: () => Date, publicUrl: string | undefined): void {
  app.post<{ Body: { username?: unknown; password?: unknown } }>('/api/v1/office/login', { bodyLimit: 4 * 1024 }, async (request, reply) => {
    const { username, password } = request.body ?? {};
    if (typeof username !== 'string' || typeof password !== 'string' || !username || !password) throw new ApiError('bad_request', { detail: 'username and password are required' });
    try {
      const officer = await checkCredentials(database.db, username, password, request.ip, now());
      const session = await openSession(database.db, officer.username, now());
      setSessionCookie(reply, request, session.token, publicUrl);
      request.log.info({ username: officer.username }, 'officer signed in');
      return { user: officer, expiresAt: session.expiresAt };
    } catch (error) {
      if (error instanceof ApiError) request.log.warn({ username, code: error.code }, 'officer sign-in refused');
      throw error;
    }
  });

  app.post('/api/v1/office/logout', async (request, reply) => {
    const token = sessionTokenOf(request);
    if (token) await closeSession(database.db, token);
    clearSessionCookie(reply, request, publicUrl);
    return reply.code(204).send();
  });

  app.get('/api/v1/office/me', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    return { user: await requireOfficer(database.db, request, now()) };
  });
}
