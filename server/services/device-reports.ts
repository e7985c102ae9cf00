import type { Kysely } from 'kysely';
import type { Heartbeat } from '../../src/domain/heartbeat';
import type { DB } from '../db/schema';
import type { Device } from './devices';

/**
 * Keeps a device's latest heartbeat: one row, overwritten. The row is the authenticated
 * device's own (its id and office come from its token, never from the heartbeat), so no
 * device can write another's, nor one of another office.
 */
export async function recordHeartbeat(db: Kysely<DB>, device: Device, heartbeat: Heartbeat, now = new Date()): Promise<void> {
  const report = {
    office_code: device.officeCode,
    seen_at: now.toISOString(),
    app_version: heartbeat.app,
    drafts: heartbeat.dr,
    waiting: heartbeat.wt,
    sending: heartbeat.sn,
    attention: heartbeat.at,
    unconfirmed: heartbeat.uc,
    oldest_unsent_at: heartbeat.old === undefined ? null : new Date(heartbeat.old * 1000).toISOString(),
    storage_used: heartbeat.use ?? null,
    storage_quota: heartbeat.quo ?? null,
    storage_persisted: heartbeat.per === undefined ? null : heartbeat.per ? 1 : 0,
  };
  await db
    .insertInto('device_reports')
    .values({ device_id: device.id, ...report })
    .onConflict((conflict) => conflict.column('device_id').doUpdateSet(report))
    .execute();
}

/**
 * Notes a device's reconciliation against the server's current data epoch: how many of the
 * days it compared still differ. Zero means it has refilled what the server lacked (the
 * resends that follow are ordinary filings); the fleet view reads this after a restore.
 */
export async function recordReconcile(db: Kysely<DB>, device: Device, epoch: string, openDays: number, now = new Date()): Promise<void> {
  const reconcile = { reconcile_epoch: epoch, reconciled_at: now.toISOString(), reconcile_open_days: openDays };
  await db
    .insertInto('device_reports')
    .values({ device_id: device.id, office_code: device.officeCode, seen_at: now.toISOString(), ...reconcile })
    .onConflict((conflict) => conflict.column('device_id').doUpdateSet({ ...reconcile, seen_at: now.toISOString() }))
    .execute();
}
