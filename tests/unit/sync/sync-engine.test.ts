import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SyncEngine } from '../../../src/sync/sync-engine';
import { createClientFixture, type ClientFixture } from '../../support/client-fixture';

describe('SyncEngine', () => {
  let fx: ClientFixture;
  let engine: SyncEngine;
  beforeEach(async () => {
    fx = await createClientFixture();
  });
  afterEach(async () => {
    engine?.stop();
    await fx.close();
  });

  it('drains at start and on every kick, one drain at a time', async () => {
    await fx.submit();
    engine = new SyncEngine({ db: fx.db, api: fx.api, uploader: fx.uploader, tickMs: 3_600_000 });
    const finished: number[] = [];
    engine.on('drainFinished', ({ outcome }) => finished.push(outcome.sent));
    engine.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await engine.idle();
    expect(await fx.serverRows()).toHaveLength(1);
    await fx.submit();
    await fx.submit();
    engine.kick('submitted');
    engine.kick('submitted');
    await engine.idle();
    expect(await fx.serverRows()).toHaveLength(3);
    expect(finished.reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('on wake forgets the backoff and sends at once', async () => {
    await fx.submit();
    fx.server.faults.push({ kind: 'network' });
    engine = new SyncEngine({ db: fx.db, api: fx.api, uploader: fx.uploader, now: fx.now, random: () => 0.99, tickMs: 3_600_000 });
    engine.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await engine.idle();
    const [entry] = await fx.db.outbox.toArray();
    expect(entry!.notBefore).toBeGreaterThan(fx.now());
    await engine.wake('online');
    expect(await fx.db.outbox.count()).toBe(0);
    expect(await fx.serverRows()).toHaveLength(1);
  });

  it('tells the UI when the server refuses the device token', async () => {
    await fx.submit();
    await fx.db.meta.update('device', { token: 'sahej_revoked' } as never);
    engine = new SyncEngine({ db: fx.db, api: fx.api, uploader: fx.uploader, tickMs: 3_600_000 });
    let told = false;
    engine.on('unauthorized', () => (told = true));
    engine.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await engine.idle();
    expect(told).toBe(true);
    expect(await fx.db.outbox.count()).toBe(1);
  });
});
