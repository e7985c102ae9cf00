import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeHeartbeat, fitHeartbeat, HEARTBEAT_MAX_BYTES, readHeartbeat, type Heartbeat } from '../../../src/domain/heartbeat';
import { saveDraft } from '../../../src/store/drafts';
import { pullChanges } from '../../../src/sync/changes';
import { drainOutbox } from '../../../src/sync/drain';
import { collectHeartbeat } from '../../../src/sync/heartbeat';
import { parkEntry } from '../../../src/sync/outbox';
import { reconcile } from '../../../src/sync/reconcile';
import { createClientFixture, type ClientFixture } from '../../support/client-fixture';

const storage = async () => ({ usageBytes: 52_428_800, quotaBytes: 2_147_483_648, persisted: true });

describe('the heartbeat: what a device tells the server it still holds', () => {
  let fx: ClientFixture;
  beforeEach(async () => {
    fx = await createClientFixture();
  });
  afterEach(async () => {
    await fx.close();
  });

  const report = () => fx.server.database.db.selectFrom('device_reports').selectAll().execute();

  it('counts drafts, waiting, needs-attention and received-unconfirmed, and the oldest unsent capture', async () => {
    await saveDraft(fx.db, { id: 'draft-1', type: 'new_connection', values: {}, step: 'applicant', name: 'राम' });
    const first = await fx.submit('पहला');
    fx.advance(60_000);
    await fx.submit('दूसरा');
    const parked = await fx.submit('तीसरा');
    await parkEntry(fx.db, (await fx.db.outbox.where('[kind+id]').equals(['filing', parked.id]).first())!, { code: 'invalid', httpStatus: 422 });

    const before = await collectHeartbeat(fx.db, storage);
    expect(before).toEqual({ v: 1, app: 'dev', dr: 1, wt: 2, sn: 0, at: 1, uc: 0, old: Math.floor(Date.parse(first.capturedAt) / 1000), use: 52_428_800, quo: 2_147_483_648, per: true });

    await drainOutbox(fx.drainContext());
    const after = await collectHeartbeat(fx.db, storage);
    // The two waiting ones went and are not yet confirmed; the parked one is still unsent, so it is the oldest now.
    expect(after).toMatchObject({ dr: 1, wt: 0, sn: 0, at: 1, uc: 2, old: Math.floor(Date.parse(parked.capturedAt) / 1000) });
    await reconcile(fx.db, fx.api, fx.enrollment.token);
    expect(await collectHeartbeat(fx.db, storage)).toMatchObject({ uc: 0 });
  });

  it('has no oldest time when everything was sent, and leaves out storage a browser does not tell', async () => {
    await fx.submit();
    await drainOutbox(fx.drainContext());
    const heartbeat = await collectHeartbeat(fx.db, async () => ({}));
    expect(heartbeat).toEqual({ v: 1, app: 'dev', dr: 0, wt: 0, sn: 0, at: 0, uc: 1 });
  });

  it('a storage estimate that throws costs only the storage figures', async () => {
    await fx.submit();
    const heartbeat = await collectHeartbeat(fx.db, () => Promise.reject(new Error('SecurityError')));
    expect(heartbeat).toMatchObject({ wt: 1 });
    expect(heartbeat).not.toHaveProperty('use');
  });

  it('stays under its byte budget at its largest', () => {
    const largest: Heartbeat = { v: 1, app: `0.1.0+${'f'.repeat(34)}`, dr: 1_000_000, wt: 1_000_000, sn: 1_000_000, at: 1_000_000, uc: 1_000_000, old: 4_102_444_800, use: 2 ** 50, quo: 2 ** 50, per: false };
    expect(encodeHeartbeat(largest).length).toBeLessThanOrEqual(HEARTBEAT_MAX_BYTES);
  });

  it('rides on the first page of every status pull and the server keeps the latest, one row a device', async () => {
    await fx.submit();
    fx.server.requests.length = 0;
    await pullChanges(fx.db, fx.api, fx.enrollment.token);
    let rows = await report();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ device_id: fx.enrollment.deviceId, office_code: fx.enrollment.office, waiting: 1, unconfirmed: 0, app_version: 'dev' });
    expect(rows[0]!.oldest_unsent_at).not.toBeNull();

    await drainOutbox(fx.drainContext());
    await pullChanges(fx.db, fx.api, fx.enrollment.token);
    rows = await report();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ waiting: 0, unconfirmed: 1, oldest_unsent_at: null });
  });

  it('a capture time the server would refuse (a clock reset to 1970) is left out, and the pull still goes through and reports', async () => {
    const filing = await fx.submit();
    await fx.db.filings.update(filing.id, { capturedAt: '1970-01-02T00:00:00.000Z' });
    const raw = await collectHeartbeat(fx.db, storage);
    expect(readHeartbeat(encodeHeartbeat(raw)).ok).toBe(false);
    expect(fitHeartbeat(raw)).toEqual({ v: 1, app: 'dev', dr: 0, wt: 1, sn: 0, at: 0, uc: 0, use: 52_428_800, quo: 2_147_483_648, per: true });
    expect((await pullChanges(fx.db, fx.api, fx.enrollment.token)).kind).toBe('pulled');
    expect(await report()).toMatchObject([{ waiting: 1, oldest_unsent_at: null }]);
  });

  it('fitting caps counts and drops only the figures out of range', () => {
    const fitted = fitHeartbeat({ v: 1, app: 'dev', dr: 2_000_000, wt: 3, sn: 0, at: 0, uc: 0, old: 1_764_547_200, use: 2 ** 60, quo: 1000, per: true });
    expect(fitted).toEqual({ v: 1, app: 'dev', dr: 1_000_000, wt: 3, sn: 0, at: 0, uc: 0, old: 1_764_547_200, quo: 1000, per: true });
    expect(fitHeartbeat({ v: 1, app: 'not a version!', dr: 0, wt: 0, sn: 0, at: 0, uc: 0 })).toBeUndefined();
  });
});
