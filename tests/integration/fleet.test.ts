import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { encodeHeartbeat, HEARTBEAT_HEADER, type Heartbeat } from '../../src/domain/heartbeat';
import { fleetPageSchema, type FleetDevice } from '../../src/domain/wire';
import { createApiFixture, type ApiFixture } from '../support/api-fixture';
import { signedInOfficer, testClock } from '../support/office-fixture';
import { sampleEnvelope } from '../support/sample-envelope';
import { describeEachDatabase } from '../support/test-database';

const beat = (fields: Partial<Heartbeat> = {}): Heartbeat => ({ v: 1, app: '0.1.0+abc12345', dr: 0, wt: 0, sn: 0, at: 0, uc: 0, ...fields });

describeEachDatabase('heartbeats and the office fleet view', (dialect) => {
  let fx: ApiFixture;
  let clock = testClock();
  beforeEach(async () => {
    clock = testClock(new Date('2026-12-01T06:00:00.000Z'));
    fx = await createApiFixture(dialect, { now: () => clock.now() });
  });
  afterEach(async () => {
    await fx.close();
  });

  const pull = (token: string, header?: string) =>
    fx.app.inject({ method: 'GET', url: '/api/v1/changes?since=0', headers: { authorization: `Bearer ${token}`, ...(header !== undefined ? { [HEARTBEAT_HEADER]: header } : {}) } });
  const reports = () => fx.test.database.db.selectFrom('device_reports').selectAll().orderBy('device_id').execute();
  const fleet = async (cookie: string, query = '') => {
    const response = await fx.app.inject({ method: 'GET', url: `/api/v1/office/devices${query}`, headers: { cookie } });
    expect(response.statusCode, response.body).toBe(200);
    return fleetPageSchema.parse(response.json());
  };
  const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);

  it('a pull with a heartbeat keeps the latest per device: one row, overwritten, with its last-seen time', async () => {
    expect((await pull(fx.device.token, encodeHeartbeat(beat({ wt: 4, old: nowSeconds() - 3600, use: 10_000_000, quo: 2 ** 31, per: true })))).statusCode).toBe(200);
    clock.advanceMs(30_000);
    expect((await pull(fx.device.token, encodeHeartbeat(beat({ wt: 1, sn: 2, at: 1, uc: 7 })))).statusCode).toBe(200);
    const rows = await reports();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ device_id: fx.device.deviceId, office_code: 'LKO1', seen_at: clock.now().toISOString(), waiting: 1, sending: 2, attention: 1, unconfirmed: 7, oldest_unsent_at: null, storage_persisted: null });
    expect(rows[0]!.storage_used).toBeNull();
    // A pull without one (an app from before heartbeats) is answered and changes nothing.
    clock.advanceMs(30_000);
    expect((await pull(fx.device.token)).statusCode).toBe(200);
    expect(await reports()).toEqual(rows);
  });

  it('a heartbeat with an unknown field, a value out of range, or that is not JSON or too long is 422 and stores nothing', async () => {
    await pull(fx.device.token, encodeHeartbeat(beat({ wt: 3 })));
    const before = await reports();
    const bad = [
      JSON.stringify({ ...beat(), name: 'सीता देवी' }),
      JSON.stringify({ ...beat(), wt: -1 }),
      JSON.stringify({ ...beat(), wt: 1.5 }),
      JSON.stringify({ ...beat(), dr: 2_000_000 }),
      JSON.stringify({ ...beat(), old: 100 }),
      JSON.stringify({ ...beat(), use: 2 ** 60 }),
      JSON.stringify({ ...beat(), v: 2 }),
      JSON.stringify({ ...beat(), app: 'x y' }),
      JSON.stringify({ ...beat(), per: 'yes' }),
      JSON.stringify({ v: 1, app: 'a' }),
      '{"v":1,',
      JSON.stringify({ ...beat(), app: 'a'.repeat(40), pad: 'p'.repeat(300) }),
    ];
    for (const header of bad) {
      const response = await pull(fx.device.token, header);
      expect(response.statusCode, header).toBe(422);
      expect(response.json()).toMatchObject({ error: 'heartbeat_invalid' });
      expect(response.json().issues.length).toBeGreaterThan(0);
    }
    expect(await reports()).toEqual(before);
  });

  it('a device writes only its own row; an officer sees only the office’s devices, an admin all', async () => {
    const other = await fx.enroll('KNP1');
    await pull(fx.device.token, encodeHeartbeat(beat({ wt: 2 })));
    await pull(other.token, encodeHeartbeat(beat({ wt: 9 })));
    expect((await reports()).map((row) => [row.device_id, row.office_code, row.waiting])).toEqual(
      [
        [fx.device.deviceId, 'LKO1', 2],
        [other.deviceId, 'KNP1', 9],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    // Nothing in a heartbeat names a device: a field that tried would be refused, and the row is the token's.
    expect((await pull(other.token, JSON.stringify({ ...beat({ wt: 0 }), device: fx.device.deviceId }))).statusCode).toBe(422);

    const officer = await signedInOfficer(fx.app, fx.test.database.db, { username: 'lko-officer', role: 'officer', office: 'LKO1' });
    const page = await fleet(officer);
    expect(page.devices.map((device) => device.id)).toEqual([fx.device.deviceId]);
    expect(page.summary.unsent).toBe(2);
    expect((await fx.app.inject({ method: 'GET', url: '/api/v1/office/devices?office=KNP1', headers: { cookie: officer } })).statusCode).toBe(403);
    expect((await fx.app.inject({ method: 'GET', url: '/api/v1/office/devices.csv?office=KNP1', headers: { cookie: officer } })).statusCode).toBe(403);
    expect((await fx.app.inject({ method: 'GET', url: '/api/v1/office/devices' })).statusCode).toBe(401);
    const stats = (await fx.app.inject({ method: 'GET', url: '/api/v1/office/stats', headers: { cookie: officer } })).json();
    expect(stats.onDevices).toBe(2);

    const admin = await signedInOfficer(fx.app, fx.test.database.db, { username: 'admin', role: 'admin' });
    expect((await fleet(admin)).devices.map((device) => device.id).sort()).toEqual([fx.device.deviceId, other.deviceId].sort());
    expect((await fleet(admin, '?office=knp1')).devices.map((device) => device.id)).toEqual([other.deviceId]);
  });

  it('ranks the worst first and flags a device silent past the limit with filings unsent', async () => {
    const quiet = fx.device; // silent 5 days holding 2
    const busy = await fx.enroll(); // 30 unsent, the oldest 2 hours old
    const old = await fx.enroll(); // 3 unsent for 2 days
    const clean = await fx.enroll(); // nothing unsent, silent 5 days: not flagged
    const never = await fx.enroll(); // never reported: silent since it was enrolled, at the test clock's start
    await pull(quiet.token, encodeHeartbeat(beat({ wt: 2, old: nowSeconds() - 3600 })));
    await pull(clean.token, encodeHeartbeat(beat({ uc: 4 })));
    clock.advanceDays(5);
    await pull(busy.token, encodeHeartbeat(beat({ wt: 30, old: nowSeconds() - 2 * 3600 })));
    await pull(old.token, encodeHeartbeat(beat({ wt: 2, at: 1, old: nowSeconds() - 2 * 86400 })));

    const officer = await signedInOfficer(fx.app, fx.test.database.db, { username: 'lko-officer', role: 'officer', office: 'LKO1' });
    const page = await fleet(officer);
    const order = page.devices.map((device) => device.id);
    // 3 × 48 h outweighs 30 × 2 h; the silent-with-filings device leads; then the silent longest.
    expect(order).toEqual([quiet.deviceId, old.deviceId, busy.deviceId, clean.deviceId, never.deviceId]);
    const byId = new Map(page.devices.map((device) => [device.id, device]));
    expect(byId.get(quiet.deviceId)).toMatchObject({ flagged: true, unsent: 2 });
    expect(byId.get(clean.deviceId)).toMatchObject({ flagged: false, unsent: 0, unconfirmed: 4 });
    expect(byId.get(never.deviceId)).toMatchObject({ flagged: false, lastSeenAt: null, appVersion: null, reconcile: 'pending' });
    expect(byId.get(old.deviceId)).toMatchObject({ unsent: 3, attention: 1, waiting: 2 });
    expect(page.summary).toEqual({ unsent: 35, attention: 1, flagged: 1, silent: 3, refillPending: 4 });

    // A longer limit: five days of silence is no longer flagged.
    expect((await fleet(officer, '?silentDays=7')).devices.find((device) => device.id === quiet.deviceId)).toMatchObject({ flagged: false });
    for (const query of ['?silentDays=0', '?silentDays=abc', '?page=0', '?silentDays=91']) {
      const response = await fx.app.inject({ method: 'GET', url: `/api/v1/office/devices${query}`, headers: { cookie: officer } });
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error).toBe('bad_request');
    }
  });

  it('names each device’s operator from its latest fee entry, and pages 50 at a time', async () => {
    const envelope = sampleEnvelope({ deviceId: fx.device.deviceId });
    const put = await fx.app.inject({ method: 'PUT', url: `/api/v1/applications/${envelope.id}`, headers: { authorization: `Bearer ${fx.device.token}` }, payload: envelope });
    expect(put.statusCode).toBe(201);
    for (let i = 0; i < 54; i++) await fx.enroll();
    const officer = await signedInOfficer(fx.app, fx.test.database.db, { username: 'lko-officer', role: 'officer', office: 'LKO1' });
    const first = await fleet(officer);
    expect(first).toMatchObject({ total: 55, page: 1, pageSize: 50 });
    expect(first.devices).toHaveLength(50);
    const second = await fleet(officer, '?page=2');
    expect(second.devices).toHaveLength(5);
    const all = [...first.devices, ...second.devices];
    expect(new Set(all.map((device) => device.id)).size).toBe(55);
    expect(all.find((device) => device.id === fx.device.deviceId)!.operator).toBe(envelope.operatorId);
  });

  it('after a restore (a new data epoch) shows which devices have still to refill the server', async () => {
    const auth = { authorization: `Bearer ${fx.device.token}` };
    const days = [{ day: '2026-11-30', count: 1, digest: '0'.repeat(64) }];
    await pull(fx.device.token, encodeHeartbeat(beat()));
    const officer = await signedInOfficer(fx.app, fx.test.database.db, { username: 'lko-officer', role: 'officer', office: 'LKO1' });
    const state = async () => (await fleet(officer)).devices[0]!.reconcile;
    expect(await state()).toBe('pending');
    // The server holds none of that day: it differs, and the device queues it again.
    expect((await fx.app.inject({ method: 'POST', url: '/api/v1/reconcile/days', headers: auth, payload: { days } })).json()).toEqual({ differs: ['2026-11-30'] });
    expect(await state()).toBe('refilling');
    clock.advanceMs(30_000);
    await pull(fx.device.token, encodeHeartbeat(beat({ wt: 1, old: nowSeconds() - 86400 })));
    expect(await state()).toBe('refilling');
    clock.advanceMs(30_000);
    await pull(fx.device.token, encodeHeartbeat(beat({ uc: 1 })));
    expect(await state()).toBe('refilled');
    // A restore gives the data a new epoch: every device is to refill again until it reconciles.
    await fx.test.database.db.updateTable('server_meta').set({ value: 'restored-epoch' }).where('key', '=', 'epoch').execute();
    expect(await state()).toBe('pending');
    expect((await fleet(officer)).summary.refillPending).toBe(1);
    expect((await fx.app.inject({ method: 'POST', url: '/api/v1/reconcile/days', headers: auth, payload: { days: [] } })).json()).toEqual({ differs: [] });
    expect(await state()).toBe('refilled');
  });

  it('the CSV lists the same devices worst first, times in IST, a formula-looking label defused', async () => {
    await fx.test.database.db.updateTable('devices').set({ label: '=HYPERLINK("x")' }).where('id', '=', fx.device.deviceId).execute();
    const second = await fx.enroll();
    await pull(second.token, encodeHeartbeat(beat({ wt: 5, old: nowSeconds() - 7200, use: 1000, quo: 2000, per: false })));
    const officer = await signedInOfficer(fx.app, fx.test.database.db, { username: 'lko-officer', role: 'officer', office: 'LKO1' });
    const response = await fx.app.inject({ method: 'GET', url: '/api/v1/office/devices.csv', headers: { cookie: officer } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.body.startsWith('\uFEFF')).toBe(true);
    const rows = parse(response.body.slice(1), { columns: true }) as Record<string, string>[];
    const page = await fleet(officer);
    expect(rows.map((row) => row.device)).toEqual(page.devices.map((device: FleetDevice) => device.id));
    expect(rows[0]).toMatchObject({ device: second.deviceId, unsent: '5', storage_used_bytes: '1000', storage_persisted: 'no', flagged_silent: 'no', reconcile: 'pending' });
    expect(rows[0]!.last_seen_at).toMatch(/^2026-12-01 11:30/);
    expect(rows[1]!.label).toBe(`'=HYPERLINK("x")`);
  });
});
