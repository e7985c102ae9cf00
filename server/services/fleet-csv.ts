import { stringify } from 'csv-stringify/sync';
import { DEFAULT_TIME_ZONE, zonedDateTime } from '../../src/domain/format-dates';
import type { FleetDevice } from '../../src/domain/wire';
import { spreadsheetCell } from './csv-cell';

const time = (iso: string | null, timeZone: string) => (iso ? zonedDateTime(iso, timeZone) : '');

const COLUMNS: { header: string; value: (device: FleetDevice, timeZone: string) => string | number }[] = [
  { header: 'device', value: (device) => device.id },
  { header: 'office', value: (device) => device.office },
  { header: 'label', value: (device) => device.label ?? '' },
  { header: 'operator', value: (device) => device.operator ?? '' },
  { header: 'last_seen_at', value: (device, timeZone) => time(device.lastSeenAt, timeZone) },
  { header: 'unsent', value: (device) => device.unsent },
  { header: 'oldest_unsent_at', value: (device, timeZone) => time(device.oldestUnsentAt, timeZone) },
  { header: 'needs_attention', value: (device) => device.attention },
  { header: 'waiting', value: (device) => device.waiting },
  { header: 'sending', value: (device) => device.sending },
  { header: 'received_unconfirmed', value: (device) => device.unconfirmed },
  { header: 'drafts', value: (device) => device.drafts },
  { header: 'app_version', value: (device) => device.appVersion ?? '' },
  { header: 'storage_used_bytes', value: (device) => device.storageUsed ?? '' },
  { header: 'storage_quota_bytes', value: (device) => device.storageQuota ?? '' },
  { header: 'storage_persisted', value: (device) => (device.storagePersisted === null ? '' : device.storagePersisted ? 'yes' : 'no') },
  { header: 'flagged_silent', value: (device) => (device.flagged ? 'yes' : 'no') },
  { header: 'reconcile', value: (device) => device.reconcile },
  { header: 'reconciled_at', value: (device, timeZone) => time(device.reconciledAt, timeZone) },
  { header: 'revoked', value: (device) => (device.revoked ? 'yes' : 'no') },
];

/** The fleet as CSV, worst first, with a byte-order mark so Excel reads labels in Devanagari; times in the office's zone. */
export function fleetCsv(devices: FleetDevice[], timeZone = DEFAULT_TIME_ZONE): string {
  return stringify(
    devices.map((device) => COLUMNS.map((column) => spreadsheetCell(column.value(device, timeZone)))),
    { header: true, bom: true, columns: COLUMNS.map((column) => column.header) },
  );
}
