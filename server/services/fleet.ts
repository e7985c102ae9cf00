import type { Kysely, Selectable } from 'kysely';
import type { FleetDevice, FleetPage, ReconcileState } from '../../src/domain/wire';
import type { DB, DeviceReportsTable, DevicesTable } from '../db/schema';
import { dataEpoch } from './changes';

export const FLEET_PAGE = 50;
export const DEFAULT_SILENT_DAYS = 3;
const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/** A device left-joined to its report: every report column may be null (a device that never sent one). */
type Row = Pick<Selectable<DevicesTable>, 'id' | 'office_code' | 'label' | 'enrolled_at' | 'revoked_at'> & {
  [K in Exclude<keyof Selectable<DeviceReportsTable>, 'device_id' | 'office_code'>]: Selectable<DeviceReportsTable>[K] | null;
};

/** What ranking needs of every device: the rest is read only for the page shown. */
type RankRow = Pick<Row, 'id' | 'enrolled_at' | 'seen_at' | 'waiting' | 'sending' | 'attention' | 'oldest_unsent_at' | 'reconcile_epoch' | 'reconciled_at' | 'reconcile_open_days'>;

function reconcileState(row: RankRow, epoch: string): ReconcileState {
  if (row.reconcile_epoch !== epoch || row.reconciled_at === null) return 'pending';
  if (!row.reconcile_open_days) return 'refilled';
  // It found days that differ and queued what the server lacked: refilled once a later report shows that queue empty.
  const reportedSince = row.seen_at !== null && row.seen_at > row.reconciled_at;
  return reportedSince && !row.waiting && !row.sending ? 'refilled' : 'refilling';
}

interface Rank {
  id: string;
  unsent: number;
  attention: number;
  flagged: boolean;
  seen: boolean;
  reconcile: ReconcileState;
  silentMs: number;
  weight: number;
}

function rankOf(row: RankRow, epoch: string, now: number, silentMs: number): Rank {
  const attention = row.attention ?? 0;
  const unsent = (row.waiting ?? 0) + (row.sending ?? 0) + attention;
  const silent = now - Date.parse(row.seen_at ?? row.enrolled_at);
  const waitedHours = row.oldest_unsent_at ? Math.max(1, (now - Date.parse(row.oldest_unsent_at)) / HOUR_MS) : 1;
  return { id: row.id, unsent, attention, flagged: unsent > 0 && silent > silentMs, seen: row.seen_at !== null, reconcile: reconcileState(row, epoch), silentMs: silent, weight: unsent * waitedHours };
}

function deviceOf(row: Row, rank: Rank): FleetDevice {
  return {
    id: row.id,
    office: row.office_code,
    label: row.label,
    operator: null,
    enrolledAt: row.enrolled_at,
    revoked: row.revoked_at !== null,
    lastSeenAt: row.seen_at,
    appVersion: row.app_version,
    drafts: row.drafts ?? 0,
    waiting: row.waiting ?? 0,
    sending: row.sending ?? 0,
    attention: rank.attention,
    unconfirmed: row.unconfirmed ?? 0,
    unsent: rank.unsent,
    oldestUnsentAt: row.oldest_unsent_at,
    storageUsed: row.storage_used === null ? null : Number(row.storage_used),
    storageQuota: row.storage_quota === null ? null : Number(row.storage_quota),
    storagePersisted: row.storage_persisted === null ? null : row.storage_persisted === 1,
    flagged: rank.flagged,
    reconcile: rank.reconcile,
    reconciledAt: row.reconciled_at,
  };
}

/**
 * Worst first: flagged devices (silent past the limit with filings unsent), longest silent
 * first; then by unsent × hours the oldest has waited, so 40 filings a week old come before
 * 40 from this morning and before 2 a week old; then the silent longest; ties by id.
 */
function worstFirst(a: Rank, b: Rank): number {
  if (a.flagged !== b.flagged) return a.flagged ? -1 : 1;
  if (a.flagged && a.silentMs !== b.silentMs) return b.silentMs - a.silentMs;
  if (a.weight !== b.weight) return b.weight - a.weight;
  if (a.attention !== b.attention) return b.attention - a.attention;
  if (a.silentMs !== b.silentMs) return b.silentMs - a.silentMs;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The operator of each device's latest fee entry on the server, for the devices shown. */
async function withOperators(db: Kysely<DB>, devices: FleetDevice[]): Promise<FleetDevice[]> {
  const operators = new Map<string, string>();
  for (let i = 0; i < devices.length; i += 500) {
    const rows = await db
      .selectFrom('fee_entries')
      .select(['device_id', 'operator_id'])
      .where('device_id', 'in', devices.slice(i, i + 500).map((device) => device.id))
      .where('day', '=', (eb) => eb.selectFrom('fee_entries as latest').select((inner) => inner.fn.max('latest.day').as('day')).whereRef('latest.device_id', '=', 'fee_entries.device_id'))
      .execute();
    for (const row of rows) operators.set(row.device_id, row.operator_id);
  }
  return devices.map((device) => ({ ...device, operator: operators.get(device.id) ?? null }));
}

export interface FleetQuery {
  /** Undefined: every office (an administrator's view). */
  office: string | undefined;
  page: number;
  silentDays: number;
}

const RANK_COLUMNS = ['device.id', 'device.enrolled_at', 'report.seen_at', 'report.waiting', 'report.sending', 'report.attention', 'report.oldest_unsent_at', 'report.reconcile_epoch', 'report.reconciled_at', 'report.reconcile_open_days'] as const;
const DETAIL_COLUMNS = [...RANK_COLUMNS, 'device.office_code', 'device.label', 'device.revoked_at', 'report.app_version', 'report.drafts', 'report.unconfirmed', 'report.storage_used', 'report.storage_quota', 'report.storage_persisted'] as const;

function devicesWithReports(db: Kysely<DB>) {
  return db.selectFrom('devices as device').leftJoin('device_reports as report', 'report.device_id', 'device.id');
}

/**
 * Every device of an office ranked worst first. Only the columns the ranking weighs are read
 * for all of them (an office has hundreds; the benchmark has 10,000): reading every column of
 * every device tripled the time. The ranking is done here because it weighs times against the clock.
 */
async function ranked(db: Kysely<DB>, query: Omit<FleetQuery, 'page'>, now: Date): Promise<Rank[]> {
  let select = devicesWithReports(db).select(RANK_COLUMNS);
  if (query.office !== undefined) select = select.where('device.office_code', '=', query.office);
  const [rows, epoch] = await Promise.all([select.execute(), dataEpoch(db)]);
  return rows.map((row) => rankOf(row as RankRow, epoch, now.getTime(), query.silentDays * DAY_MS)).sort(worstFirst);
}

/** The devices of these ranks in full, in the ranks' order. */
async function detailed(db: Kysely<DB>, ranks: Rank[]): Promise<FleetDevice[]> {
  const rows = new Map<string, Row>();
  for (let i = 0; i < ranks.length; i += 500) {
    const found = await devicesWithReports(db).select(DETAIL_COLUMNS).where('device.id', 'in', ranks.slice(i, i + 500).map((rank) => rank.id)).execute();
    for (const row of found) rows.set(row.id, row as Row);
  }
  return withOperators(db, ranks.flatMap((rank) => (rows.has(rank.id) ? [deviceOf(rows.get(rank.id)!, rank)] : [])));
}

/** One page of the fleet, worst first, with the totals of the whole list; only the page's devices are read in full. */
export async function fleetOf(db: Kysely<DB>, query: FleetQuery, now = new Date()): Promise<FleetPage> {
  const ranks = await ranked(db, query, now);
  const silentMs = query.silentDays * DAY_MS;
  const start = (query.page - 1) * FLEET_PAGE;
  const summary = { unsent: 0, attention: 0, flagged: 0, silent: 0, refillPending: 0 };
  for (const rank of ranks) {
    summary.unsent += rank.unsent;
    summary.attention += rank.attention;
    if (rank.flagged) summary.flagged++;
    if (rank.silentMs > silentMs) summary.silent++;
    if (rank.seen && rank.reconcile !== 'refilled') summary.refillPending++;
  }
  return {
    devices: await detailed(db, ranks.slice(start, start + FLEET_PAGE)),
    page: query.page,
    pageSize: FLEET_PAGE,
    total: ranks.length,
    silentDays: query.silentDays,
    summary,
  };
}

/** The whole fleet, worst first, for the CSV. */
export async function allFleet(db: Kysely<DB>, query: Omit<FleetQuery, 'page'>, now = new Date()): Promise<FleetDevice[]> {
  return detailed(db, await ranked(db, query, now));
}

/** What the office's devices hold that its server has not got: the backlog chart's "still on devices". */
export async function unsentOnDevices(db: Kysely<DB>, office: string | undefined): Promise<number> {
  let select = db.selectFrom('device_reports').select((eb) => eb.fn.sum<number | string | null>(eb(eb(eb.ref('waiting'), '+', eb.ref('sending')), '+', eb.ref('attention'))).as('n'));
  if (office !== undefined) select = select.where('office_code', '=', office);
  return Number((await select.executeTakeFirst())?.n ?? 0);
}
