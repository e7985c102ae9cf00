import { REQUEST_TYPES } from '../domain/requests';
import { AGE_BUCKETS, type AgeBucket } from '../domain/service-clock';
import { STATUSES, type Status } from '../domain/status';

/** The stages an application can be at on the server (drafts and captures never reach it). */
export const SERVER_STATUSES = STATUSES.filter((status) => status !== 'draft' && status !== 'captured');

/** The list's filters and page, as they live in the address bar (so a reload keeps them). */
export interface BacklogQuery {
  status?: Status;
  type?: string;
  age?: AgeBucket;
  breached?: true;
  mobile?: 'verified' | 'unverified';
  office?: string;
  q?: string;
  page: number;
}

const FILTER_KEYS = ['status', 'type', 'age', 'breached', 'mobile', 'office', 'q'] as const;

/**
 * Reads the address's query string. Anything the server would refuse (a hand-edited or
 * old link) is dropped here, so the officer sees a list rather than a 400.
 */
export function readBacklogQuery(search: string): BacklogQuery {
  const params = new URLSearchParams(search);
  const query: BacklogQuery = { page: 1 };
  const status = params.get('status');
  if (status && (SERVER_STATUSES as readonly string[]).includes(status)) query.status = status as Status;
  const type = params.get('type');
  if (type && (REQUEST_TYPES as readonly string[]).includes(type)) query.type = type;
  const age = params.get('age');
  if (age && AGE_BUCKETS.some((bucket) => bucket.id === age)) query.age = age as AgeBucket;
  if (params.get('breached') === 'true') query.breached = true;
  const mobile = params.get('mobile');
  if (mobile === 'verified' || mobile === 'unverified') query.mobile = mobile;
  const office = params.get('office')?.trim().toUpperCase();
  if (office && /^[A-Z0-9]{2,12}$/.test(office)) query.office = office;
  const q = params.get('q')?.trim();
  if (q) query.q = q.slice(0, 100);
  const page = Number(params.get('page'));
  if (Number.isSafeInteger(page) && page > 1) query.page = page;
  return query;
}

/** The query string (without `?`) in a fixed order; the page only when asked and past the first. */
export function backlogQueryString(query: BacklogQuery, { page = true } = {}): string {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = query[key];
    if (value !== undefined) params.set(key, String(value));
  }
  if (page && query.page > 1) params.set('page', String(query.page));
  return params.toString();
}

export function hasFilters(query: BacklogQuery): boolean {
  return FILTER_KEYS.some((key) => query[key] !== undefined);
}

/** The console address of the list with these filters. */
export function backlogPath(query: BacklogQuery): string {
  const search = backlogQueryString(query);
  return search ? `/office?${search}` : '/office';
}

// The list the officer came from, so "back to the list" on a detail page keeps the filters.
let lastBacklogPath = '/office';

export function rememberBacklogPath(path: string): void {
  lastBacklogPath = path;
}

export function rememberedBacklogPath(): string {
  return lastBacklogPath;
}
