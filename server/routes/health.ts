import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { SCHEMA_VERSION } from '../../src/domain/envelope';
import { LATEST_MIGRATION } from '../db/migrate';
import type { Database } from '../db/open';

export const API_VERSION = 1;

/**
 * The client's online test reads this JSON (status, api), never a string match on a
 * page, so a change of wording in an upgrade cannot stall every kiosk's queue.
 */
export function healthRoutes(app: FastifyInstance, database: Database): void {
  app.get('/api/v1/health', async (_request, reply) => {
    await sql`select 1`.execute(database.db);
    reply.header('cache-control', 'no-store');
    return { status: 'ok', api: API_VERSION, db: database.dialect, schemaVersion: SCHEMA_VERSION, migration: LATEST_MIGRATION };
  });
}
