import { toLatinDigits } from '../../domain/digits';

/** The fleet screen's settings as they live in the address bar (so a reload or a shared link keeps them). */
export interface FleetQuery {
  /** Silence, in whole days, past which a device holding unsent filings is flagged. */
  silentDays: number;
  /** An admin's chosen office; an officer always sees their own (the server decides). */
  office?: string;
  page: number;
}

// The server's default and bounds (server/routes/office-fleet.ts); a value outside them is a 400 there.
export const DEFAULT_SILENT_DAYS = 3;
export const MIN_SILENT_DAYS = 1;
export const MAX_SILENT_DAYS = 90;

export const FLEET_PATH = '/office/devices';

/**
 * A whole number of days the server accepts, or undefined. Digits only ("3.5", "1e1" and " "
 * are not days), Devanagari ones too: an officer typing in Hindi may write "७".
 */
export function parseSilentDays(value: string | null | undefined): number | undefined {
  const trimmed = toLatinDigits(value ?? '').trim();
  if (!/^\d{1,3}$/.test(trimmed)) return undefined;
  const days = Number(trimmed);
  return days >= MIN_SILENT_DAYS && days <= MAX_SILENT_DAYS ? days : undefined;
}

/** Reads the address's query string; anything the server would refuse falls back to the default, so a bad link still shows the fleet. */
export function readFleetQuery(search: string): FleetQuery {
  const params = new URLSearchParams(search);
  const query: FleetQuery = { silentDays: parseSilentDays(params.get('silentDays')) ?? DEFAULT_SILENT_DAYS, page: 1 };
  const office = params.get('office')?.trim().toUpperCase();
  if (office && /^[A-Z0-9]{2,12}$/.test(office)) query.office = office;
  const page = Number(params.get('page'));
  if (Number.isSafeInteger(page) && page > 1) query.page = page;
  return query;
}

/** The query string (without `?`) in a fixed order; the default limit and the first page are left out. */
export function fleetQueryString(query: FleetQuery, { page = true } = {}): string {
  const params = new URLSearchParams();
  if (query.office) params.set('office', query.office);
  if (query.silentDays !== DEFAULT_SILENT_DAYS) params.set('silentDays', String(query.silentDays));
  if (page && query.page > 1) params.set('page', String(query.page));
  return params.toString();
}

/** The console address of the fleet with these settings. */
export function fleetPath(query: FleetQuery): string {
  const search = fleetQueryString(query);
  return search ? `${FLEET_PATH}?${search}` : FLEET_PATH;
}
