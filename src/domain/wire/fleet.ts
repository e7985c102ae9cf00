import * as z from 'zod/mini';
import { bool, nullableStr, num, str } from './common';

// GET /api/v1/office/devices: what each device of an office still holds, worst first (docs/api.md "Fleet").

/**
 * Reconciliation against the server's current data (its epoch; a restore starts a new one):
 * `pending` not yet compared with it, `refilling` compared and sending back what it lacked,
 * `refilled` nothing it lacks is left on the device.
 */
export const RECONCILE_STATES = ['refilled', 'refilling', 'pending'] as const;
export type ReconcileState = (typeof RECONCILE_STATES)[number];

export const fleetDeviceSchema = z.object({
  id: str,
  office: str,
  /** The name given at enrollment (often the kiosk's place). */
  label: nullableStr,
  /** The operator of the device's latest fee entry on the server. */
  operator: nullableStr,
  enrolledAt: str,
  revoked: bool,
  /** Null: the device has never sent a heartbeat (an app from before them, or never online). */
  lastSeenAt: nullableStr,
  appVersion: nullableStr,
  drafts: num,
  waiting: num,
  sending: num,
  attention: num,
  unconfirmed: num,
  /** Waiting, sending and needing attention: what the server does not have. */
  unsent: num,
  oldestUnsentAt: nullableStr,
  storageUsed: z.nullable(num),
  storageQuota: z.nullable(num),
  storagePersisted: z.nullable(bool),
  /** Silent longer than the office's limit with filings still unsent. */
  flagged: bool,
  reconcile: z.enum(RECONCILE_STATES),
  reconciledAt: nullableStr,
});
export type FleetDevice = z.output<typeof fleetDeviceSchema>;

export const fleetPageSchema = z.object({
  devices: z.array(fleetDeviceSchema),
  page: num,
  pageSize: num,
  /** Devices in the whole list (all pages). */
  total: num,
  /** The silence, in days, past which a device holding unsent filings is flagged. */
  silentDays: num,
  summary: z.object({ unsent: num, attention: num, flagged: num, silent: num, refillPending: num }),
});
export type FleetPage = z.output<typeof fleetPageSchema>;
