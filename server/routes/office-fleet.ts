import type { FastifyInstance } from 'fastify';
import { officeScope, requireOfficer } from '../auth/officer-auth';
import type { Database } from '../db/open';
import { ApiError } from '../http-errors';
import { allFleet, DEFAULT_SILENT_DAYS, fleetOf } from '../services/fleet';
import { fleetCsv } from '../services/fleet-csv';
import { DEFAULT_TIME_ZONE, zonedDay } from '../../src/domain/format-dates';

type Query = Record<string, unknown>;

function wholeNumber(value: unknown, name: string, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number < 1 || number > max) throw new ApiError('bad_request', { detail: `${name} must be a whole number from 1 to ${max}`, parameter: name });
  return number;
}

function scopeOf(query: Query): { asked: string | undefined; silentDays: number } {
  const asked = typeof query.office === 'string' && query.office ? query.office.toUpperCase() : undefined;
  return { asked, silentDays: wholeNumber(query.silentDays, 'silentDays', DEFAULT_SILENT_DAYS, 90) };
}

/** The fleet: every device of an office with what it still holds, worst first; and its CSV. */
export function officeFleetRoutes(app: FastifyInstance, database: Database, now: () => Date, timeZone = DEFAULT_TIME_ZONE): void {
  app.get<{ Querystring: Query }>('/api/v1/office/devices', async (request, reply) => {
    const officer = await requireOfficer(database.db, request, now());
    const { asked, silentDays } = scopeOf(request.query);
    const page = wholeNumber(request.query.page, 'page', 1, 1_000_000);
    reply.header('cache-control', 'no-store');
    return fleetOf(database.db, { office: officeScope(officer, asked), page, silentDays }, now());
  });

  app.get<{ Querystring: Query }>('/api/v1/office/devices.csv', async (request, reply) => {
    const officer = await requireOfficer(database.db, request, now());
    const { asked, silentDays } = scopeOf(request.query);
    const office = officeScope(officer, asked);
    const devices = await allFleet(database.db, { office, silentDays }, now());
    request.log.info({ username: officer.username, office, devices: devices.length }, 'fleet export');
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="sahej-devices-${office ?? 'all'}-${zonedDay(now(), timeZone)}.csv"`)
      .header('cache-control', 'no-store')
      .send(fleetCsv(devices, timeZone));
  });
}
