import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../../../src/sync/api-client';
import { BACKGROUND_SYNC_TAG, registerPeriodicDrain, registerWakeUps, requestBackgroundSync } from '../../../src/sync/browser-triggers';
import { SyncEngine } from '../../../src/sync/sync-engine';
import { PERIODIC_SYNC_TAG } from '../../../src/sync/wake-tags';
import { FakeLocks } from '../../support/fake-locks';
import { createClientFixture, type ClientFixture } from '../../support/client-fixture';

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('the page registers Background Sync on every submission and every failed send', () => {
  let fx: ClientFixture;
  const engines: SyncEngine[] = [];
  beforeEach(async () => {
    fx = await createClientFixture();
  });
  afterEach(async () => {
    for (const engine of engines.splice(0)) engine.stop();
    await fx.close();
  });

  const engineOn = (fetchWorks: { ok: boolean }, locks?: LockManager, channelName = `sahej-test-${Math.random()}`) => {
    const api = new ApiClient((input, init) => (fetchWorks.ok ? fx.server.fetch(input, init) : Promise.reject(new TypeError('Failed to fetch'))), '/api/v1', fx.now);
    const engine = new SyncEngine({ db: fx.db, api, uploader: fx.uploader, now: fx.now, tickMs: 3_600_000, channelName, ...(locks ? { locks } : {}) });
    engines.push(engine);
    return engine;
  };

  it('registers on a submission, and again (unless one is pending) when the send fails; not after a drain that sent everything', async () => {
    const network = { ok: false };
    const engine = engineOn(network);
    const requests: { unlessPending?: boolean }[] = [];
    registerWakeUps(engine, async (options) => void requests.push(options ?? {}));
    engine.start();
    await settle();
    await engine.idle();
    // Nothing queued and nothing waiting: nothing to register.
    expect(requests).toEqual([]);

    await fx.submit('ऑफ़लाइन', 'prepaid_to_postpaid');
    engine.kick('submitted');
    await settle();
    await engine.idle();
    // The submission registers outright; each failed send (the engine's own retries may
    // add some on a slow machine) registers only unless one is pending.
    expect(requests[0]).toEqual({});
    expect(requests.length).toBeGreaterThan(1);
    expect(requests.slice(1).every((options) => options.unlessPending === true)).toBe(true);

    network.ok = true;
    const before = requests.length;
    await engine.wake('online');
    expect(await fx.serverRows()).toHaveLength(1);
    expect(requests).toHaveLength(before);
  });

  it('registers in the tab where the filing was submitted, even when another tab drains', async () => {
    const locks = new FakeLocks();
    const channelName = `sahej-test-${Math.random()}`;
    const leader = engineOn({ ok: true }, locks.as('first tab'), channelName);
    const follower = engineOn({ ok: true }, locks.as('second tab'), channelName);
    const inFollower: unknown[] = [];
    registerWakeUps(follower, async (options) => void inFollower.push(options ?? {}));
    leader.start();
    await settle();
    follower.start();
    await settle();
    expect([leader.isLeader, follower.isLeader]).toEqual([true, false]);
    await fx.submit('दूसरे टैब से', 'prepaid_to_postpaid');
    follower.kick('submitted');
    expect(inFollower).toEqual([{}]);
  });

  it('stops registering once detached', async () => {
    const engine = engineOn({ ok: false });
    const requests: unknown[] = [];
    const detach = registerWakeUps(engine, async (options) => void requests.push(options ?? {}));
    detach();
    engine.start();
    await fx.submit('कोई नहीं', 'prepaid_to_postpaid');
    engine.kick('submitted');
    await settle();
    await engine.idle();
    expect(requests).toEqual([]);
  });
});

describe('asking the browser (requestBackgroundSync, registerPeriodicDrain)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  function browserWith(registration: object, permissions?: { state: string }) {
    vi.stubGlobal('navigator', {
      serviceWorker: { ready: Promise.resolve(registration) },
      ...(permissions ? { permissions: { query: async () => ({ ...permissions, addEventListener: () => undefined }) } } : {}),
    });
  }

  function fakeSyncManager(pending: string[] = []) {
    const registered: string[] = [];
    return { registered, sync: { register: async (tag: string) => void registered.push(tag), getTags: async () => [...pending, ...registered] } };
  }

  it('registers the tag, and after a failed send only if none is pending', async () => {
    const manager = fakeSyncManager();
    browserWith({ sync: manager.sync });
    await requestBackgroundSync({ unlessPending: true });
    await requestBackgroundSync({ unlessPending: true });
    expect(manager.registered).toEqual([BACKGROUND_SYNC_TAG]);
    await requestBackgroundSync();
    expect(manager.registered).toEqual([BACKGROUND_SYNC_TAG, BACKGROUND_SYNC_TAG]);
  });

  it('does nothing where the browser has no Background Sync or no service worker (Firefox, Safari)', async () => {
    browserWith({});
    await expect(requestBackgroundSync()).resolves.toBeUndefined();
    vi.stubGlobal('navigator', {});
    await expect(requestBackgroundSync()).resolves.toBeUndefined();
    await expect(registerPeriodicDrain()).resolves.toBe(false);
  });

  it('registers the periodic drain only when the browser grants it (an installed app)', async () => {
    const registered: [string, { minInterval: number }][] = [];
    const periodicSync = { register: async (tag: string, options: { minInterval: number }) => void registered.push([tag, options]) };
    browserWith({ periodicSync }, { state: 'denied' });
    expect(await registerPeriodicDrain()).toBe(false);
    expect(registered).toEqual([]);
    browserWith({ periodicSync }, { state: 'granted' });
    expect(await registerPeriodicDrain()).toBe(true);
    expect(registered).toEqual([[PERIODIC_SYNC_TAG, { minInterval: 12 * 60 * 60 * 1000 }]]);
  });
});
