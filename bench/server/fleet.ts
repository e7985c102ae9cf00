import { encodeHeartbeat, HEARTBEAT_HEADER, HEARTBEAT_MAX_BYTES, type Heartbeat } from '../../src/domain/heartbeat';
import { buildApp } from '../../server/app';
import { FileDocumentStore } from '../../server/documents/file-document-store';
import { migrateToLatest } from '../../server/db/migrate';
import { openDatabase, type Database } from '../../server/db/open';
import { signedInOfficer } from '../../tests/support/office-fixture';
import { tempDir } from '../../tests/support/temp-dirs';
import { freshPostgresSchema } from '../lib/postgres';
import { judged, median, round, type BenchRecord } from '../lib/records';

const DEVICES = 10_000;
const RUNS = 15;
const HOUR = 60 * 60 * 1000;

/**
 * The largest heartbeat a device can send: every count at its ceiling, the longest app
 * version, every storage figure present. What goes on the wire is the header line.
 */
function largestHeartbeat(): Heartbeat {
  return { v: 1, app: '9'.repeat(40), dr: 1_000_000, wt: 1_000_000, sn: 1_000_000, at: 1_000_000, uc: 1_000_000, old: 4_102_444_800, use: 2 ** 50, quo: 2 ** 50, per: true };
}

function headerLineBytes(heartbeat: Heartbeat): number {
  return new TextEncoder().encode(`${HEARTBEAT_HEADER}: ${encodeHeartbeat(heartbeat)}\r\n`).length;
}

/** Ten thousand devices of one office, each with a report and a fee entry, written straight into the tables. */
export async function seed(database: Database, now: number): Promise<void> {
  const db = database.db;
  await db.insertInto('offices').values({ code: 'LKO1', name: 'Lucknow 1', created_at: new Date(now).toISOString() }).onConflict((oc) => oc.doNothing()).execute();
  for (let start = 0; start < DEVICES; start += 500) {
    const ids = Array.from({ length: Math.min(500, DEVICES - start) }, (_, i) => `bench-device-${String(start + i).padStart(5, '0')}`);
    const enrolledAt = new Date(now - 90 * 24 * HOUR).toISOString();
    await db.insertInto('devices').values(ids.map((id) => ({ id, office_code: 'LKO1', label: null, token_hash: `hash-${id}`, public_key_jwk: '{}', enrolled_at: enrolledAt, revoked_at: null }))).execute();
    await db
      .insertInto('device_reports')
      .values(
        ids.map((id, i) => {
          const n = start + i;
          const unsent = n % 7 === 0 ? n % 40 : 0;
          return {
            device_id: id,
            office_code: 'LKO1',
            seen_at: new Date(now - (n % 200) * HOUR).toISOString(),
            app_version: '0.1.0+abc12345',
            drafts: n % 3,
            waiting: unsent,
            sending: 0,
            attention: n % 11 === 0 ? 1 : 0,
            unconfirmed: n % 5,
            oldest_unsent_at: unsent ? new Date(now - (n % 300) * HOUR).toISOString() : null,
            storage_used: 20_000_000 + n,
            storage_quota: 2_000_000_000,
            storage_persisted: n % 2,
            reconcile_epoch: null,
            reconciled_at: null,
            reconcile_open_days: null,
          };
        }),
      )
      .execute();
    // A fee entry names its application: a bare row each (the fleet reads only the entries' operators).
    await db
      .insertInto('applications')
      .values(ids.map((id, i) => ({ id: `bench-app-${start + i}`, application_no: `LKO1/2026/${start + i}`, office_code: 'LKO1', device_id: id, type: 'new_connection', schema_version: 1, content_hash: 'x', envelope: '{}', captured_at: enrolledAt, capture_day: '2026-12-01', received_at: enrolledAt, status: 'submitted', receipt_no: null, confirmation: null, applicant_name: null, applicant_mobile: null, area: null, clock_started_at: null, due_at: null, mobile_verified_at: null })))
      .execute();
    await db
      .insertInto('fee_entries')
      .values(ids.map((id, i) => ({ application_id: `bench-app-${start + i}`, office_code: 'LKO1', device_id: id, operator_id: `op-${(start + i) % 900}`, day: '2026-12-01', receipt_no: null, amount: 100, mode: 'cash', upi_ref: null })))
      .execute();
  }
}

/** The first page of the fleet view, as the officer's browser asks for it; timed inside the process (no network). */
async function timeFirstPage(url: string): Promise<{ medianMs: number; p90Ms: number }> {
  const database = openDatabase(url);
  await migrateToLatest(database);
  const now = Date.parse('2026-12-01T06:00:00.000Z');
  await seed(database, now);
  const app = await buildApp({ database, documents: new FileDocumentStore(tempDir('sahej-bench-documents-')), now: () => new Date(now) });
  try {
    const cookie = await signedInOfficer(app, database.db, { username: 'fleet-bench', role: 'officer', office: 'LKO1' });
    const times: number[] = [];
    for (let run = 0; run < RUNS + 3; run++) {
      const started = performance.now();
      const response = await app.inject({ method: 'GET', url: '/api/v1/office/devices?office=LKO1', headers: { cookie } });
      const ms = performance.now() - started;
      if (response.statusCode !== 200) throw new Error(`fleet page refused: ${response.statusCode} ${response.body}`);
      const body = response.json() as { total: number; devices: unknown[] };
      if (body.total !== DEVICES || body.devices.length !== 50) throw new Error(`fleet page had ${body.devices.length} of ${body.total}`);
      if (run >= 3) times.push(ms);
    }
    const sorted = [...times].sort((a, b) => a - b);
    return { medianMs: median(times), p90Ms: sorted[Math.ceil(0.9 * sorted.length) - 1]! };
  } finally {
    await app.close();
    await database.close();
  }
}

/** Issue 15's targets: a heartbeat ≤ 300 bytes a pull; the fleet's first page of 10,000 devices ≤ 200 ms server time. */
export async function benchFleet(): Promise<BenchRecord[]> {
  const typical: Heartbeat = { v: 1, app: '0.1.0+abc12345', dr: 2, wt: 14, sn: 1, at: 0, uc: 30, old: 1_764_547_200, use: 48_213_000, quo: 1_932_735_283, per: true };
  const records: BenchRecord[] = [
    judged({ name: 'heartbeat: header line, largest a device can send', value: headerLineBytes(largestHeartbeat()), unit: 'bytes', runs: 1, note: `value capped at ${HEARTBEAT_MAX_BYTES} bytes by the schema` }, { atMost: 300 }),
    { name: 'heartbeat: header line, a typical kiosk', value: headerLineBytes(typical), unit: 'bytes', runs: 1 },
  ];
  const sqlite = await timeFirstPage(`sqlite:${tempDir('sahej-bench-fleet-')}/sahej.db`);
  records.push(judged({ name: 'fleet view: first page of 10,000 devices, SQLite', value: round(sqlite.medianMs), unit: 'ms', runs: RUNS, note: `p90 ${round(sqlite.p90Ms)} ms, in-process (no network)` }, { atMost: 200 }));
  const postgres = await freshPostgresSchema();
  if (postgres) {
    try {
      const result = await timeFirstPage(postgres.url);
      records.push(judged({ name: 'fleet view: first page of 10,000 devices, PostgreSQL', value: round(result.medianMs), unit: 'ms', runs: RUNS, note: `p90 ${round(result.p90Ms)} ms, in-process (no network)` }, { atMost: 200 }));
    } finally {
      await postgres.drop();
    }
  }
  return records;
}
