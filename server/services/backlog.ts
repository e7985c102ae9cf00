import type { BacklogItem, BacklogPage } from '../../src/domain/wire';
import { sql, type ExpressionBuilder, type Kysely, type RawBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Envelope } from '../../src/domain/envelope';
import { toLatinDigits } from '../../src/domain/digits';
import { personOf, searchableName } from '../../src/domain/person';
import { phoneticKey } from '../../src/domain/phonetic-key';
import { REQUEST_TYPES, type RequestType } from '../../src/domain/requests';
import { AGE_BUCKETS, ageInDays, isBreached, serviceDaysLeft, type AgeBucket } from '../../src/domain/service-clock';
import { STATUSES, type Status } from '../../src/domain/status';
import type { DB } from '../db/schema';
import { ApiError } from '../http-errors';

const DAY_MS = 24 * 60 * 60 * 1000;
const FINAL_STATUSES: Status[] = ['connected', 'rejected', 'cancelled'];
export const PAGE_SIZE = 50;

/** What the console's backlog can be narrowed by; every field optional. */
export interface BacklogFilters {
  office?: string;
  status?: Status[];
  type?: RequestType;
  age?: AgeBucket;
  breached?: boolean;
  mobile?: 'verified' | 'unverified';
  /** Application number, receipt number, mobile, or part of the name. */
  q?: string;
}

function listOf(value: unknown): string[] {
  return (Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : []).map(String).map((item) => item.trim()).filter(Boolean);
}

/** Reads the filters from a query string; anything unknown is a 400 naming the parameter, never silently ignored. */
export function parseBacklogFilters(query: Record<string, unknown>): BacklogFilters {
  const filters: BacklogFilters = {};
  const bad = (parameter: string) => new ApiError('bad_request', { detail: `${parameter} is not valid`, parameter });
  if (query.office) filters.office = String(query.office).toUpperCase();
  const statuses = listOf(query.status);
  if (statuses.length) {
    if (!statuses.every((status) => (STATUSES as readonly string[]).includes(status))) throw bad('status');
    filters.status = statuses as Status[];
  }
  if (query.type) {
    if (!(REQUEST_TYPES as readonly string[]).includes(String(query.type))) throw bad('type');
    filters.type = query.type as RequestType;
  }
  if (query.age) {
    if (!AGE_BUCKETS.some((bucket) => bucket.id === query.age)) throw bad('age');
    filters.age = query.age as AgeBucket;
  }
  if (query.breached !== undefined && query.breached !== '') {
    if (!['true', 'false'].includes(String(query.breached))) throw bad('breached');
    filters.breached = query.breached === 'true';
  }
  if (query.mobile) {
    if (!['verified', 'unverified'].includes(String(query.mobile))) throw bad('mobile');
    filters.mobile = query.mobile as 'verified' | 'unverified';
  }
  const q = typeof query.q === 'string' ? query.q.trim() : '';
  if (q) {
    if (q.length > 100) throw bad('q');
    filters.q = q;
  }
  return filters;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

type Query = SelectQueryBuilder<DB, 'applications', object>;

/** What a search text is compared with: as a number, as 10 digits, as a name in its own script, and as a phonetic key. */
function searchTerms(q: string): { numbered: string; digits: string; name: string; key: string } {
  // Numbers may be typed in Devanagari digits; names are searched as typed, and by their key.
  const numbered = toLatinDigits(q).toUpperCase();
  return { numbered, digits: numbered.replace(/\D/g, ''), name: searchableName(q), key: phoneticKey(q) };
}

/**
 * How well a row matches the search, best first: the number or mobile itself or the whole
 * name as typed (0), the name starting with it (1), containing it (2), then by phonetic
 * key (another script or spelling): the whole key (3), the key's start (4), a later word's (5).
 */
export function searchRank(q: string): RawBuilder<number> {
  const { numbered, digits, name, key } = searchTerms(q);
  const mobile = digits.length === 10 ? sql`or applications.applicant_mobile = ${digits}` : sql``;
  return sql<number>`case
    when applications.application_no = ${numbered} or applications.receipt_no = ${numbered} ${mobile} or applications.applicant_name = ${name} then 0
    when applications.applicant_name like ${`${escapeLike(name)}%`} escape '\\' then 1
    when applications.applicant_name like ${`%${escapeLike(name)}%`} escape '\\' then 2
    when applications.applicant_name_key = ${key} then 3
    when applications.applicant_name_key like ${`${key}%`} then 4
    else 5 end`;
}

/** The filters as WHERE clauses (the office scope is one of them). */
export function applyFilters(query: Query, filters: BacklogFilters, now: Date): Query {
  let result = query;
  if (filters.office) result = result.where('applications.office_code', '=', filters.office);
  if (filters.status) result = result.where('applications.status', 'in', filters.status);
  if (filters.type) result = result.where('applications.type', '=', filters.type);
  if (filters.age) {
    const bucket = AGE_BUCKETS.find((candidate) => candidate.id === filters.age)!;
    // Age in whole days since received: min ≤ age ≤ max.
    result = result.where('applications.received_at', '<=', new Date(now.getTime() - bucket.min * DAY_MS).toISOString());
    if (Number.isFinite(bucket.max)) result = result.where('applications.received_at', '>', new Date(now.getTime() - (bucket.max + 1) * DAY_MS).toISOString());
  }
  if (filters.breached !== undefined) {
    const breached = (eb: ExpressionBuilder<DB, 'applications'>) =>
      eb.and([eb('applications.due_at', 'is not', null), eb('applications.due_at', '<', now.toISOString()), eb('applications.status', 'not in', FINAL_STATUSES)]);
    result = filters.breached ? result.where(breached) : result.where((eb) => eb.not(breached(eb)));
  }
  if (filters.mobile) result = result.where('applications.mobile_verified_at', filters.mobile === 'verified' ? 'is not' : 'is', null);
  if (filters.q) {
    const { numbered, digits, name, key } = searchTerms(filters.q);
    result = result.where((eb) =>
      eb.or([
        eb('applications.application_no', '=', numbered),
        eb('applications.receipt_no', '=', numbered),
        ...(digits.length === 10 ? [eb('applications.applicant_mobile', '=', digits)] : []),
        // Both dialects honour ESCAPE; without it SQLite would treat the backslash as a plain character.
        sql<SqlBool>`applications.applicant_name like ${`%${escapeLike(name)}%`} escape '\\'`,
        // The other script or another spelling: the key of any word of the name starts with
        // the query's key (keys are a-z and spaces only, nothing to escape). Word starts, not
        // anywhere: a short key inside words ("us" of Usha in Khushi) would match half the office.
        ...(key ? [sql<SqlBool>`(applications.applicant_name_key like ${`${key}%`} or applications.applicant_name_key like ${`% ${key}%`})`] : []),
      ]),
    );
  }
  return result;
}

export type { BacklogItem };

const ITEM_COLUMNS = ['id', 'application_no', 'receipt_no', 'office_code', 'type', 'status', 'received_at', 'envelope', 'applicant_mobile', 'area', 'due_at', 'mobile_verified_at', 'survey_date', 'estimate_amount'] as const;
type ItemRow = Pick<DB['applications'], (typeof ITEM_COLUMNS)[number]>;

export function backlogItem(row: ItemRow, now: Date): BacklogItem {
  const status = row.status as Status;
  const final = FINAL_STATUSES.includes(status);
  return {
    id: row.id,
    applicationNo: row.application_no,
    receiptNo: row.receipt_no,
    office: row.office_code,
    type: row.type,
    status,
    receivedAt: row.received_at,
    ageDays: ageInDays(row.received_at, now),
    applicantName: personOf(JSON.parse(row.envelope) as Envelope).name,
    mobile: row.applicant_mobile ?? '',
    area: row.area,
    dueAt: row.due_at,
    daysLeft: row.due_at && !final ? serviceDaysLeft(row.due_at, now) : null,
    breached: isBreached(row.due_at, status, now),
    mobileVerified: row.mobile_verified_at !== null,
    surveyDate: row.survey_date,
    estimateAmount: row.estimate_amount === null ? null : Number(row.estimate_amount),
  };
}

/**
 * One page of the backlog, oldest first (the ones waiting longest lead), with the total
 * that matched; a search puts the best matches first (searchRank), oldest first within each.
 */
export async function listBacklog(db: Kysely<DB>, filters: BacklogFilters, page: number, now = new Date()): Promise<BacklogPage> {
  if (filters.q) return searchPage(db, filters, filters.q, page, now);
  const base = applyFilters(db.selectFrom('applications'), filters, now);
  const [rows, count] = await Promise.all([
    base
      .select([...ITEM_COLUMNS])
      .orderBy('received_at')
      .orderBy('id')
      .limit(PAGE_SIZE)
      .offset((page - 1) * PAGE_SIZE)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((row) => backlogItem(row, now)), total: Number(count.n), page, pageSize: PAGE_SIZE };
}

/** The ranking pass of a search: the page's ids, their rank and order, and how many matched in all. */
export function searchMatches(db: Kysely<DB>, filters: BacklogFilters, q: string, page: number, now: Date) {
  return applyFilters(db.selectFrom('applications'), filters, now)
    .select(['applications.id', 'applications.received_at', searchRank(q).as('rank'), sql<number>`count(*) over ()`.as('total')])
    .orderBy('rank')
    .orderBy('applications.received_at')
    .orderBy('applications.id')
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE);
}

/**
 * A search matches a name anywhere in it, so it reads every filing of the office: it does
 * so once, in the columns index 0044 holds (ranked, counted by `count(*) over ()` in the
 * same pass, and cut to the page's ids), and only then reads the page's rows with their
 * envelopes. Selecting the row's columns in the ranking pass would read every match from
 * the table, and a separate count would scan the office a second time.
 */
async function searchPage(db: Kysely<DB>, filters: BacklogFilters, q: string, page: number, now: Date): Promise<BacklogPage> {
  const matches = searchMatches(db, filters, q, page, now);
  const rows = await db
    .selectFrom(matches.as('page'))
    .innerJoin('applications', 'applications.id', 'page.id')
    .select(ITEM_COLUMNS.map((column) => `applications.${column}` as const))
    .select('page.total')
    .orderBy('page.rank')
    .orderBy('page.received_at')
    .orderBy('page.id')
    .execute();
  // A page past the last has no row to carry the total: counted apart, as the list is.
  const total = rows.length
    ? Number(rows[0]!.total)
    : page === 1
      ? 0
      : Number((await applyFilters(db.selectFrom('applications'), filters, now).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return { items: rows.map((row) => backlogItem(row, now)), total, page, pageSize: PAGE_SIZE };
}

/**
 * Every matching application, oldest first, read a page at a time by keyset (received_at,
 * id): a CSV of a hundred thousand rows holds one page in memory, never the whole list.
 */
export async function* backlogRows(db: Kysely<DB>, filters: BacklogFilters, now = new Date(), pageSize = 500): AsyncGenerator<BacklogItem> {
  let after: { receivedAt: string; id: string } | undefined;
  for (;;) {
    let query = applyFilters(db.selectFrom('applications'), filters, now).select([...ITEM_COLUMNS]);
    if (after) {
      const { receivedAt, id } = after;
      query = query.where((eb) => eb.or([eb('received_at', '>', receivedAt), eb.and([eb('received_at', '=', receivedAt), eb('id', '>', id)])]));
    }
    const rows = await query.orderBy('received_at').orderBy('id').limit(pageSize).execute();
    for (const row of rows) yield backlogItem(row, now);
    if (rows.length < pageSize) return;
    after = { receivedAt: rows.at(-1)!.received_at, id: rows.at(-1)!.id };
  }
}
