import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import { requireDevice } from '../auth/device-auth';
import type { Database } from '../db/open';
import { ApiError } from '../http-errors';
import { HEARTBEAT_HEADER, readHeartbeat } from '../../src/domain/heartbeat';
import { changesFor, dataEpoch } from '../services/changes';
import { recordHeartbeat, recordReconcile } from '../services/device-reports';
import { compareFilings, differingDays, MAX_RECONCILE_DAYS, MAX_RECONCILE_ITEMS } from '../services/reconcile';

const sha256 = z.string().check(z.regex(/^[0-9a-f]{64}$/));
const dayDigests = z.object({ days: z.array(z.object({ day: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)), count: z.number().check(z.int(), z.minimum(0)), digest: sha256 })) });
const filingHashes = z.object({ items: z.array(z.object({ id: z.string().check(z.minLength(1), z.maxLength(40)), hash: sha256 })) });

function parse<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) throw new ApiError('invalid', { issues: result.error.issues.map((issue) => ({ path: issue.path.join('.'), code: 'invalid', message: issue.message })) });
  return result.data;
}

/** What flows back to a device: status changes of its office, and reconciliation. */
export function syncRoutes(app: FastifyInstance, database: Database, now: () => Date = () => new Date()): void {
  app.get<{ Querystring: { since?: string } }>('/api/v1/changes', async (request, reply) => {
    const device = await requireDevice(database.db, request);
    const since = Number(request.query.since ?? 0);
    if (!Number.isSafeInteger(since) || since < 0) throw new ApiError('bad_request', { detail: 'since must be a cursor from an earlier answer' });
    // The device's report of what it holds rides on the pull; checked whole before anything is kept.
    const header = request.headers[HEARTBEAT_HEADER];
    if (header !== undefined) {
      const heartbeat = readHeartbeat(Array.isArray(header) ? header.join(',') : header);
      if (!heartbeat.ok) throw new ApiError('heartbeat_invalid', { issues: heartbeat.issues.map((issue) => ({ ...issue, code: 'invalid' })) });
      await recordHeartbeat(database.db, device, heartbeat.value, now());
    }
    reply.header('cache-control', 'no-store');
    return changesFor(database.db, device.officeCode, since);
  });

  app.post('/api/v1/reconcile/days', async (request) => {
    const device = await requireDevice(database.db, request);
    const { days } = parse(dayDigests, request.body);
    if (days.length > MAX_RECONCILE_DAYS) throw new ApiError('batch_too_large', { limit: MAX_RECONCILE_DAYS });
    const differs = await differingDays(database.db, device.id, days);
    await recordReconcile(database.db, device, await dataEpoch(database.db), differs.length, now());
    return { differs };
  });

  app.post('/api/v1/reconcile', async (request) => {
    const device = await requireDevice(database.db, request);
    const { items } = parse(filingHashes, request.body);
    if (items.length > MAX_RECONCILE_ITEMS) throw new ApiError('batch_too_large', { limit: MAX_RECONCILE_ITEMS });
    return compareFilings(database.db, device.officeCode, items);
  });
}
