import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queueSummary } from '../../../src/sync/outbox';
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

  it('once the server answers, a filing waiting out its own backoff goes within 30 s; one the server asked to wait (429, Retry-After) keeps its wait', async () => {
    const lost = await fx.submit('खोया अनुरोध');
    const failed = await fx.submit('सर्वर त्रुटि');
    const slowed = await fx.submit('धीमे');
    const told = await fx.submit('रुकने को कहा');
    const start = fx.now();
    // All after eight failed tries, due in 4 minutes (a backoff ceiling of 256 s).
    for (const entry of await fx.db.outbox.toArray()) await fx.db.outbox.update(entry.seq!, { attempts: 8, notBefore: start + 240_000 });
    await fx.db.filings.update(lost.id, { problem: { code: 'network' } });
    await fx.db.filings.update(failed.id, { problem: { code: 'http_503', httpStatus: 503 } });
    await fx.db.filings.update(slowed.id, { problem: { code: 'rate_limited', httpStatus: 429 } });
    await fx.db.filings.update(told.id, { problem: { code: 'http_503', httpStatus: 503, retryAfterMs: 240_000 } });
    const dueAt = async () => (await fx.db.outbox.orderBy('seq').toArray()).map((entry) => entry.notBefore - start);

    engine = new SyncEngine({ db: fx.db, api: fx.api, uploader: fx.uploader, now: fx.now, random: () => 0.5, tickMs: 3_600_000 });
    // The status pull at start does not get through either: no sign the way is clear, nothing moves.
    fx.server.faults.push({ kind: 'network' });
    engine.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await engine.idle();
    expect(await dueAt()).toEqual([240_000, 240_000, 240_000, 240_000]);

    // The next look back gets an answer: the device's own waits end within 30 s (here at the
    // middle, 15 s, with random() = 0.5); the two the server asked for are left as they were.
    engine.kick('visible');
    await engine.idle();
    expect(await dueAt()).toEqual([15_000, 15_000, 240_000, 240_000]);
    fx.advance(15_000);
    engine.kick('timer');
    await engine.idle();
    expect((await fx.serverRows()).map((row) => row.id).sort()).toEqual([lost.id, failed.id].sort());
    expect(await dueAt()).toEqual([240_000, 240_000]);
  });

  it('keeps the wait a Retry-After asked for with the filing, so a later answer does not cut it', async () => {
    const filing = await fx.submit();
    fx.server.faults.push({ kind: 'status', status: 503, retryAfter: '120' });
    engine = new SyncEngine({ db: fx.db, api: fx.api, uploader: fx.uploader, now: fx.now, random: () => 0.5, tickMs: 3_600_000 });
    engine.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await engine.idle();
    expect((await fx.db.filings.get(filing.id))?.problem).toMatchObject({ httpStatus: 503, retryAfterMs: 120_000 });
    // The status pull after it got through, and the wait is still the one the server asked for.
    const [entry] = await fx.db.outbox.toArray();
    expect(entry!.notBefore - fx.now()).toBe(120_000);
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

  it('"send now" ends every wait of the device\'s own backoff and sends at once; a wait the server asked for is kept', async () => {
    const lost = await fx.submit('खोया अनुरोध');
    const told = await fx.submit('रुकने को कहा');
    const start = fx.now();
    for (const entry of await fx.db.outbox.toArray()) await fx.db.outbox.update(entry.seq!, { attempts: 8, notBefore: start + 240_000 });
    await fx.db.filings.update(lost.id, { problem: { code: 'network' } });
    await fx.db.filings.update(told.id, { problem: { code: 'rate_limited', httpStatus: 429, retryAfterMs: 240_000 } });
    engine = new SyncEngine({ db: fx.db, api: fx.api, uploader: fx.uploader, now: fx.now, random: () => 0.99, tickMs: 3_600_000 });
    fx.server.faults.push({ kind: 'network' });
    engine.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await engine.idle();
    // The pull got no answer: the header's summary says the server is not reachable.
    expect(await queueSummary(fx.db)).toEqual({ pending: 2, attention: 0, reachable: false });

    await engine.sendNow();
    await engine.idle();
    expect((await fx.serverRows()).map((row) => row.id)).toEqual([lost.id]);
    expect((await fx.db.outbox.toArray()).map((entry) => [entry.id, entry.notBefore - start])).toEqual([[told.id, 240_000]]);
    expect(await queueSummary(fx.db)).toEqual({ pending: 1, attention: 0, reachable: true });
  });
});
