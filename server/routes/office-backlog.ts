import type { FastifyInstance } from 'fastify';
import { officeScope, requireOfficer } from '../auth/officer-auth';
import type { Database } from '../db/open';
import { ApiError } from '../http-errors';
import { listBacklog, parseBacklogFilters } from '../services/backlog';
import { backlogCsv, type BacklogCsvForm } from '../services/backlog-csv';
import { backlogStats } from '../services/backlog-stats';
import { DEFAULT_TIME_ZONE, zonedDay } from '../../src/domain/format-dates';
import { LANGS, type Lang } from '../../src/i18n/lang';

type Query = Record<string, unknown>;

/**
 * Who the CSV is for: people by default, in the officer's language (`lang`, Hindi unless
 * `en`), or machines with `codes=1` (the raw codes, whatever `lang` says). A value it does
 * not know is a 400 naming the parameter, as the list's filters are.
 */
function csvForm(query: Query): BacklogCsvForm {
  const bad = (parameter: string) => new ApiError('bad_request', { detail: `${parameter} is not valid`, parameter });
  const lang = query.lang === undefined || query.lang === '' ? 'hi' : String(query.lang);
  if (!(LANGS as readonly string[]).includes(lang)) throw bad('lang');
  const codes = query.codes === undefined || query.codes === '' ? '0' : String(query.codes);
  if (codes !== '0' && codes !== '1') throw bad('codes');
  return codes === '1' ? 'codes' : (lang as Lang);
}

/** The backlog: the list with its filters, the first page's numbers, and the CSV of any filtered list. */
export function officeBacklogRoutes(app: FastifyInstance, database: Database, now: () => Date, timeZone = DEFAULT_TIME_ZONE): void {
  app.get<{ Querystring: Query }>('/api/v1/office/applications', async (request, reply) => {
    const officer = await requireOfficer(database.db, request, now());
    const filters = parseBacklogFilters(request.query);
    const scoped = { ...filters, office: officeScope(officer, filters.office) };
    const page = Number(request.query.page ?? 1);
    if (!Number.isSafeInteger(page) || page < 1) throw new ApiError('bad_request', { detail: 'page must be 1 or more', parameter: 'page' });
    reply.header('cache-control', 'no-store');
    return listBacklog(database.db, scoped, page, now());
  });

  app.get<{ Querystring: Query }>('/api/v1/office/stats', async (request, reply) => {
    const officer = await requireOfficer(database.db, request, now());
    const office = officeScope(officer, typeof request.query.office === 'string' && request.query.office ? request.query.office.toUpperCase() : undefined);
    reply.header('cache-control', 'no-store');
    return backlogStats(database.db, office, now());
  });

  app.get<{ Querystring: Query }>('/api/v1/office/export.csv', async (request, reply) => {
    const officer = await requireOfficer(database.db, request, now());
    const filters = parseBacklogFilters(request.query);
    const scoped = { ...filters, office: officeScope(officer, filters.office) };
    const form = csvForm(request.query);
    // Dated by the office's day: a list taken at 3 a.m. in India is that day's, not UTC's yesterday.
    const day = zonedDay(now(), timeZone);
    // The search text is a name or a mobile as often as not: the log says only that there was one.
    const { q, ...logged } = scoped;
    request.log.info({ username: officer.username, filters: logged, search: q !== undefined, form }, 'backlog export');
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="sahej-${scoped.office ?? 'all'}-${day}.csv"`)
      .header('cache-control', 'no-store')
      .send(backlogCsv(database.db, scoped, now(), { timeZone, form }));
  });

  app.get('/api/v1/office/offices', async (request) => {
    const officer = await requireOfficer(database.db, request, now());
    if (officer.role !== 'admin') return { offices: [officer.officeCode] };
    const rows = await database.db.selectFrom('offices').select('code').orderBy('code').execute();
    return { offices: rows.map((row) => row.code) };
  });
}
