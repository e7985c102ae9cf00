import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changeStatus } from '../../../server/services/status';
import { loadDevice, saveDevice } from '../../../src/store/device';
import { ApiClient, type FetchLike } from '../../../src/sync/api-client';
import { backgroundDrain, type BackgroundDrainOptions } from '../../../src/sync/background-drain';
import { DRAIN_LOCK_NAME } from '../../../src/sync/drain-lock';
import { markSending } from '../../../src/sync/outbox';
import { SyncEngine } from '../../../src/sync/sync-engine';
import { FakeLocks } from '../../support/fake-locks';
import { createClientFixture, type ClientFixture } from '../../support/client-fixture';

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));
const offline: FetchLike = async () => {
  throw new TypeError('Failed to fetch');
};
const isApplicationSend = (request: { method: string; url: string }) => request.method !== 'GET' && /^\/api\/v1\/applications(\/|$)/.test(request.url) && !request.url.includes('/additions/');

describe('the service worker’s drain (src/sync/background-drain.ts)', () => {
  let fx: ClientFixture;
  let locks: FakeLocks;
  const engines: SyncEngine[] = [];
  beforeEach(async () => {
    fx = await createClientFixture();
    locks = new FakeLocks();
  });
  afterEach(async () => {
    for (const engine of engines.splice(0)) engine.stop();
    await fx.close();
  });

  const options = (overrides: Partial<BackgroundDrainOptions> = {}): BackgroundDrainOptions => ({
    db: fx.db,
    locks: locks.as('worker'),
    trigger: 'sync',
    api: fx.api,
    uploader: fx.uploader,
    now: fx.now,
    random: () => 0.5,
    sleep: async () => undefined,
    ...overrides,
  });
  const pageEngine = (holder: string, api = fx.api) => {
    const engine = new SyncEngine({ db: fx.db, api, uploader: fx.uploader, locks: locks.as(holder), tickMs: 3_600_000, channelName: `sahej-test-${Math.random()}` });
    engines.push(engine);
    return engine;
  };

  /** An API whose filing sends wait at a gate, before they reach the server. */
  function gatedApi() {
    let open!: () => void;
    let arrive!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const arrived = new Promise<void>((resolve) => (arrive = resolve));
    const api = new ApiClient(
      async (input, init) => {
        if (isApplicationSend({ method: init.method ?? 'GET', url: new URL(input, 'http://sahej.test').pathname })) {
          arrive();
          await gate;
        }
        return fx.server.fetch(input, init);
      },
      '/api/v1',
      fx.now,
    );
    return { api, open, arrived };
  }

  it('sends the outbox, documents included, and pulls the status changes, holding the drain lock only while it drains', async () => {
    const withDocuments = await fx.submit('सीता');
    await fx.submit('गीता', 'prepaid_to_postpaid');
    expect(await backgroundDrain(options())).toEqual({ kind: 'drained', outcome: { kind: 'idle', sent: 2 }, sent: 2, reachable: true, unsent: 0, retryLater: false });
    expect((await fx.serverRows()).map((row) => row.id)).toContain(withDocuments.id);
    expect(await fx.serverRows()).toHaveLength(2);
    expect(fx.uploads.sent).toHaveLength(new Set(withDocuments.envelope.documents.map((document) => document.sha256)).size);
    expect(locks.granted).toEqual(['worker']);
    expect(locks.heldBy(DRAIN_LOCK_NAME)).toBeUndefined();
    // The status pull went, with the device's heartbeat, and the filings are received on the device.
    expect(fx.server.requests.some((request) => request.url === '/api/v1/changes')).toBe(true);
    expect(await fx.server.database.db.selectFrom('device_reports').selectAll().execute()).toHaveLength(1);
    expect((await fx.db.filings.get(withDocuments.id))!.state).toBe('received');

    await changeStatus(fx.server.database.db, { id: withDocuments.id, to: 'survey_scheduled', note: 'सर्वे 5 तारीख़', actor: 'officer' });
    expect(await backgroundDrain(options({ trigger: 'periodic-sync' }))).toMatchObject({ kind: 'drained', sent: 0, reachable: true });
    expect(await fx.db.filings.get(withDocuments.id)).toMatchObject({ serverStatus: 'survey_scheduled', statusNote: 'सर्वे 5 तारीख़' });
  });

  it('sends what a closed tab left marked as sending, and what was still waiting out its backoff', async () => {
    const cut = await fx.submit('बीच में', 'prepaid_to_postpaid');
    const waiting = await fx.submit('रुका', 'prepaid_to_postpaid');
    const [first, second] = await fx.db.outbox.orderBy('seq').toArray();
    await markSending(fx.db, [first!]);
    await fx.db.outbox.update(second!.seq!, { attempts: 6, notBefore: fx.now() + 200_000 });
    expect(await backgroundDrain(options())).toMatchObject({ kind: 'drained', sent: 2, unsent: 0 });
    expect((await fx.serverRows()).map((row) => row.id).sort()).toEqual([cut.id, waiting.id].sort());
  });

  it('while the worker drains, a second drainer does nothing and sends nothing; a page that opens waits in line, then leads and sends nothing twice', async () => {
    for (let i = 0; i < 3; i++) await fx.submit(`आवेदक ${i}`, 'prepaid_to_postpaid');
    const gated = gatedApi();
    const first = backgroundDrain(options({ api: gated.api }));
    await gated.arrived;
    expect(locks.heldBy(DRAIN_LOCK_NAME)).toBe('worker');
    const before = fx.server.requests.length;

    // Another wake-up of the worker (a periodic one, say) finds the lock taken.
    expect(await backgroundDrain(options({ locks: locks.as('worker, again') }))).toEqual({ kind: 'busy', unsent: 3, retryLater: true });
    // A tab opens: its engine asks for the lock and waits, leading nothing yet.
    const page = pageEngine('page');
    page.start();
    page.kick('submitted');
    await settle();
    expect(page.isLeader).toBe(false);
    expect(locks.waiting(DRAIN_LOCK_NAME)).toBe(1);
    expect(fx.server.requests.length).toBe(before);
    expect(await fx.db.outbox.filter((entry) => entry.sending === true).count()).toBe(3);

    gated.open();
    expect(await first).toMatchObject({ kind: 'drained', sent: 3, unsent: 0, retryLater: false });
    await settle();
    expect(page.isLeader).toBe(true);
    await page.idle();
    expect(locks.granted).toEqual(['worker', 'page']);
    expect(await fx.serverRows()).toHaveLength(3);
    // One request carried the three filings: the worker's. The page, leading after it, found nothing to send.
    expect(fx.server.requests.filter(isApplicationSend)).toEqual([{ method: 'POST', url: '/api/v1/applications/batch' }]);
  });

  it('leaves the sending to a page that holds the lock, and asks the browser to wake it again while filings wait', async () => {
    const page = pageEngine('page', new ApiClient(offline, '/api/v1', fx.now));
    page.start();
    await settle();
    await page.idle();
    expect(page.isLeader).toBe(true);
    await fx.submit('पेज पर', 'prepaid_to_postpaid');

    expect(await backgroundDrain(options())).toEqual({ kind: 'busy', unsent: 1, retryLater: true });
    expect(await backgroundDrain(options({ lastChance: true }))).toEqual({ kind: 'busy', unsent: 1, retryLater: false });
    expect(await backgroundDrain(options({ trigger: 'periodic-sync' }))).toEqual({ kind: 'busy', unsent: 1, retryLater: false });
    expect(fx.server.requests).toEqual([]);
    expect(locks.granted).toEqual(['page']);
    expect(await fx.db.outbox.count()).toBe(1);
  });

  it('asks the browser to wake it again after a failed send, except on its last chance, on a periodic wake-up or for a device the server refuses', async () => {
    await fx.submit('नेटवर्क नहीं', 'prepaid_to_postpaid');
    const unreachable = new ApiClient(offline, '/api/v1', fx.now);
    expect(await backgroundDrain(options({ api: unreachable }))).toMatchObject({ kind: 'drained', outcome: { kind: 'waiting', sent: 0 }, reachable: false, unsent: 1, retryLater: true });
    expect(await backgroundDrain(options({ api: unreachable, lastChance: true }))).toMatchObject({ kind: 'drained', unsent: 1, retryLater: false });
    expect(await backgroundDrain(options({ api: unreachable, trigger: 'periodic-sync' }))).toMatchObject({ kind: 'drained', unsent: 1, retryLater: false });
    const { key: _key, ...device } = (await loadDevice(fx.db))!;
    await saveDevice(fx.db, { ...device, token: 'revoked-or-wrong' });
    expect(await backgroundDrain(options())).toMatchObject({ kind: 'drained', outcome: { kind: 'unauthorized' }, unsent: 1, retryLater: false });
    expect(await fx.db.outbox.count()).toBe(1);
  });
});
