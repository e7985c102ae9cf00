import BetterSqlite3 from 'better-sqlite3';
import { encodeHeartbeat, HEARTBEAT_HEADER, type Heartbeat } from '../../../src/domain/heartbeat';
import type { ServerProcess } from '../../../scripts/server-process';
import { sampleEnvelope } from '../../support/sample-envelope';

export interface TestDevice {
  deviceId: string;
  token: string;
}

/** A device enrolled the way the app does it (a CLI code, then the API), with a label. */
export async function enrollLabelled(server: ServerProcess, office: string, label: string): Promise<TestDevice> {
  const response = await fetch(`${server.url}/api/v1/devices/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: await server.enrollmentCode(office), label, publicKeyJwk: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y' } }),
  });
  if (response.status !== 201) throw new Error(`enrollment failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as TestDevice;
}

/** A heartbeat's fields, defaults filled: nothing held, the app's version as a build names it. */
export const beat = (fields: Partial<Heartbeat> = {}): Heartbeat => ({ v: 1, app: '0.1.0+abc12345', dr: 0, wt: 0, sn: 0, at: 0, uc: 0, ...fields });

/** A status pull carrying a heartbeat, as the kiosk's sync makes every 30 s. */
export async function sendHeartbeat(server: ServerProcess, device: TestDevice, heartbeat: Heartbeat): Promise<void> {
  const response = await fetch(`${server.url}/api/v1/changes?since=0`, { headers: { authorization: `Bearer ${device.token}`, [HEARTBEAT_HEADER]: encodeHeartbeat(heartbeat) } });
  if (response.status !== 200) throw new Error(`status pull failed: ${response.status} ${await response.text()}`);
}

/** A reconciliation of days, as the device makes one after the server's data changed; answers the days that differ. */
export async function reconcileDays(server: ServerProcess, device: TestDevice, days: { day: string; count: number; digest: string }[]): Promise<string[]> {
  const response = await fetch(`${server.url}/api/v1/reconcile/days`, {
    method: 'POST',
    headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ days }),
  });
  if (response.status !== 200) throw new Error(`reconcile failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { differs: string[] }).differs;
}

/** One filing from the device (its fee entry names operator `op-17`), so the server knows the device's operator. */
export async function fileOne(server: ServerProcess, device: TestDevice): Promise<void> {
  const envelope = sampleEnvelope({ deviceId: device.deviceId, name: 'कमला देवी' });
  const response = await fetch(`${server.url}/api/v1/applications/${envelope.id}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(envelope),
  });
  if (response.status !== 201) throw new Error(`filing failed: ${response.status} ${await response.text()}`);
}

function withServerDb<T>(server: ServerProcess, use: (db: BetterSqlite3.Database) => T): T {
  const db = new BetterSqlite3(server.dbPath, { fileMustExist: true });
  db.pragma('busy_timeout = 10000');
  try {
    return use(db);
  } finally {
    db.close();
  }
}

/**
 * Moves a device's last report back in time, in the server's own file: the server stamps a
 * report with its own clock, and a real server cannot be made to wait five days.
 */
export function backdateReport(server: ServerProcess, deviceId: string, seenAt: Date): void {
  withServerDb(server, (db) => {
    const changed = db.prepare('update device_reports set seen_at = ? where device_id = ?').run(seenAt.toISOString(), deviceId).changes;
    if (changed !== 1) throw new Error(`no report of ${deviceId} to backdate`);
  });
}

/**
 * Devices that never reported, written straight into the server's file (an office's worth:
 * enrolling each through a CLI code would spend a minute on setup). The office must exist.
 */
export function addSilentDevices(server: ServerProcess, office: string, count: number, enrolledAt: Date): string[] {
  return withServerDb(server, (db) => {
    const insert = db.prepare('insert into devices (id, office_code, label, token_hash, public_key_jwk, enrolled_at) values (?, ?, ?, ?, ?, ?)');
    // In the enrolled devices' form (OFFICE-Dnnnn), numbered far from theirs.
    const ids = Array.from({ length: count }, (_, i) => `${office}-D${9001 + i}`);
    db.transaction(() => ids.forEach((id, i) => insert.run(id, office, `Kiosk ${i + 1}`, `paging-test-${id}`, '{}', enrolledAt.toISOString())))();
    return ids;
  });
}

/** The device ids the fleet table shows now, in its order. */
export async function fleetRows(page: import('playwright-core').Page): Promise<{ id: string; flagged: boolean }[]> {
  return page.locator('[data-testid="fleet-row"]').evaluateAll((rows) => rows.map((row) => ({ id: row.getAttribute('data-id') ?? '', flagged: row.getAttribute('data-flagged') === 'true' })));
}
