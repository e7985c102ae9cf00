import type { Kysely } from 'kysely';
import type { FleetDevice, FleetPage, ReconcileState } from '../../src/domain/wire';
import type { DB } from '../db/schema';
import { dataEpoch } from './changes';

export const FLEET_PAGE = 50;
export const DEFAULT_SILENT_DAYS = 3;
const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

type Row = {
  id: string;
  office_code: string;
  label: string | null;
  enrolled_at: string;
  revoked_at: string | null;
  seen_at: string | null;
  app_version: string | null;
  drafts: number | null;
  waiting: number | null;
  sending: number | null;
  attention: number | null;
  unconfirmed: number | null;
  oldest_unsent_at: string | null;
  storage_used: number | string | null;
  storage_quota: number | string | null;
  storage_persisted: number | null;
  reconcile_epoch: string | null;
  reconciled_at: string | null;
  reconcile_open_days: number | null;
};

function reconcileState(row: Row, epoch: string): ReconcileState {
  if (row.reconcile_epoch !== epoch || row.reconciled_at === null) return 'pending';
  if (!row.reconcile_open_days) return 'refilled';
  // It found days that differ and queued what the server lacked: refilled once a later report shows that queue empty.
  const reportedSince = row.seen_at !== null && row.seen_at > row.reconciled_at;
  return reportedSince && !row.waiting && !row.sending ? 'refilled' : 'refilling';
}

function deviceOf(row: Row, epoch: string, now: number, silentMs: number): FleetDevice & { silentMs: number; weight: number } {
  const waiting = row.waiting ?? 0;
  const sending = row.sending ?? 0;
  const attention = row.attention ?? 0;
  const unsent = waiting + sending + attention;
  const silent = now - Date.parse(row.seen_at ?? row.enrolled_at);
  const waitedHours = row.oldest_unsent_at ? Math.max(1, (now - Date.parse(row.oldest_unsent_at)) / HOUR_MS) : 1;
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
    waiting,
    sending,
    attention,
    unconfirmed: row.unconfirmed ?? 0,
    unsent,
    oldestUnsentAt: row.oldest_unsent_at,
    storageUsed: row.storage_used === null ? null : Number(row.storage_used),
    storageQuota: row.storage_quota === null ? null : Number(row.storage_quota),
    storagePersisted: row.storage_persisted === null ? null : row.storage_persisted === 1,
    flagged: unsent > 0 && silent > silentMs,
    reconcile: reconcileState(row, epoch),
    reconciledAt: row.reconciled_at,
    silentMs: silent,
    weight: unsent * waitedHours,
  };
}

/**
 * Worst first: flagged devices (silent past the limit with filings unsent), longest silent
 * first; then by unsent × hours the oldest has waited, so 40 filings a week old come before
 * 40 from this morning and before 2 a week old; then the silent longest; ties by id.
 */
function worstFirst(a: ReturnType<typeof deviceOf>, b: ReturnType<typeof deviceOf>): number {
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

type Ranked = ReturnType<typeof deviceOf>;

/**
 * Every device of an office with what it last said it holds, ranked worst first. One query
 * reads the office's devices with their reports (an office has hundreds; the benchmark has
 * 10,000); the ranking is done here because it weighs times against the clock.
 */
async function rankedDevices(db: Kysely<DB>, query: Omit<FleetQuery, 'page'>, now: Date): Promise<Ranked[]> {
  let select = db
    .selectFrom('devices as device')
    .leftJoin('device_reports as report', 'report.device_id', 'device.id')
    .select([
      'device.id',
      'device.office_code',
      'device.label',
      'device.enrolled_at',
      'device.revoked_at',
      'report.seen_at',
      'report.app_version',
      'report.drafts',
      'report.waiting',
      'report.sending',
      'report.attention',
      'report.unconfirmed',
      'report.oldest_unsent_at',
      'report.storage_used',
      'report.storage_quota',
      'report.storage_persisted',
      'report.reconcile_epoch',
      'report.reconciled_at',
      'report.reconcile_open_days',
    ]);
  if (query.office !== undefined) select = select.where('device.office_code', '=', query.office);
  const [rows, epoch] = await Promise.all([select.execute(), dataEpoch(db)]);
  return rows.map((row) => deviceOf(row as Row, epoch, now.getTime(), query.silentDays * DAY_MS)).sort(worstFirst);
}

function shown({ silentMs: _silent, weight: _weight, ...device }: Ranked): FleetDevice {
  return device;
}

/** One page of the fleet, worst first, with the totals of the whole list; only the page's operators are looked up. */
export async function fleetOf(db: Kysely<DB>, query: FleetQuery, now = new Date()): Promise<FleetPage> {
  const devices = await rankedDevices(db, query, now);
  const silentMs = query.silentDays * DAY_MS;
  const start = (query.page - 1) * FLEET_PAGE;
  const summary = { unsent: 0, attention: 0, flagged: 0, silent: 0, refillPending: 0 };
  for (const device of devices) {
    summary.unsent += device.unsent;
    summary.attention += device.attention;
    if (device.flagged) summary.flagged++;
    if (device.silentMs > silentMs) summary.silent++;
    if (device.lastSeenAt !== null && device.reconcile !== 'refilled') summary.refillPending++;
  }
  return {
    devices: await withOperators(db, devices.slice(start, start + FLEET_PAGE).map(shown)),
    page: query.page,
    pageSize: FLEET_PAGE,
    total: devices.length,
    silentDays: query.silentDays,
    summary,
  };
}

/** The whole fleet, worst first, for the CSV. */
export async function allFleet(db: Kysely<DB>, query: Omit<FleetQuery, 'page'>, now = new Date()): Promise<FleetDevice[]> {
  return withOperators(db, (await rankedDevices(db, query, now)).map(shown));
}

/** What the office's devices hold that its server has not got: the backlog chart's "still on devices". */
export async function unsentOnDevices(db: Kysely<DB>, office: string | undefined): Promise<number> {
  let select = db.selectFrom('device_reports').select((eb) => eb.fn.sum<number | string | null>(eb(eb(eb.ref('waiting'), '+', eb.ref('sending')), '+', eb.ref('attention'))).as('n'));
  if (office !== undefined) select = select.where('office_code', '=', office);
  return Number((await select.executeTakeFirst())?.n ?? 0);
}
