import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerProcess } from '../../scripts/server-process';
import { BACKGROUND_SYNC_TAG } from '../../src/sync/wake-tags';
import { DRAIN_LOCK_NAME } from '../../src/sync/drain-lock';
import { HoldingProxy } from '../support/holding-proxy';
import { readStore } from './support/indexeddb';
import { captureFiling, enrollKiosk, eventually, goHome } from './support/kiosk';
import { useKioskSession } from './support/kiosk-session';
import { intervalsById, overlappingIds } from './support/request-log';
import { serverApplications } from './support/server-db';

/** The app's service worker registration, as DevTools knows it (its id is what dispatchSyncEvent takes). */
async function workerRegistrationId(cdp: CDPSession, origin: string): Promise<string> {
  const found = new Promise<string>((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const ours = registrations.find((registration) => !registration.isDeleted && registration.scopeURL.startsWith(origin));
      if (ours) resolve(ours.registrationId);
    });
  });
  await cdp.send('ServiceWorker.enable');
  return found;
}

/** Every page of the context that shows the app (about:blank keeps the context alive). */
const appPages = (context: BrowserContext, origin: string) => context.pages().filter((page) => page.url().startsWith(origin));

describe('the service worker drains with no app page open (Chromium; Background Sync fired over DevTools)', () => {
  const kiosk = useKioskSession({ enroll: false });
  let context: BrowserContext;
  let server: ServerProcess;
  let proxy: HoldingProxy;
  let origin: string;
  let blank: Page | undefined;
  let cdp: CDPSession;
  let registrationId: string;
  beforeAll(async () => {
    ({ context, server } = kiosk);
    // The app is opened through a proxy, which can keep a send in flight while a tab opens.
    proxy = new HoldingProxy(server.port);
    origin = await proxy.listen();
    await enrollKiosk(kiosk.page, server, 'LKO1', origin);
  });
  afterAll(async () => {
    await proxy?.close();
  });

  /** Offline, in one tab: the filings are captured and wait in its queue. */
  async function captureOffline(page: Page, filings: { name: string; type: 'new_connection' | 'prepaid_to_postpaid' }[]): Promise<string[]> {
    // In front: a page in the background gets its frames throttled, and every step slows.
    await page.bringToFront();
    await context.setOffline(true);
    const ids: string[] = [];
    for (const filing of filings) {
      ids.push((await captureFiling(page, filing)).filingId);
      await goHome(page);
    }
    const waiting = () => Promise.all(ids.map((id) => page.locator(`[data-filing-id="${id}"]`).getAttribute('data-state')));
    await eventually(async () => (await waiting()).every((state) => state === 'pending'), 30_000, 'the filings to wait in the queue');
    // The page asked the browser to wake the worker once it is online.
    expect(await page.evaluate(async () => ((await navigator.serviceWorker.ready) as ServiceWorkerRegistration & { sync: { getTags(): Promise<string[]> } }).sync.getTags())).toContain(BACKGROUND_SYNC_TAG);
    expect(server.applications().filter((row) => ids.includes(row.id))).toEqual([]);
    return ids;
  }

  /** Status pulls that reached the server since `at` (each drain, the worker's or a leading tab's, ends with one). */
  const pullsSince = (at: number) => proxy.requests.filter((request) => request.path.startsWith('/api/v1/changes') && request.at >= at).length;

  /** Closes every app page; a blank one keeps the context, and DevTools, alive. */
  async function closeAppPages(): Promise<void> {
    if (!blank) {
      blank = await context.newPage();
      cdp = await context.newCDPSession(blank);
      registrationId = await workerRegistrationId(cdp, origin);
    }
    for (const page of appPages(context, origin)) await page.close();
    expect(context.pages()).toEqual([blank]);
  }

  /**
   * Online, with no app page: the sync event, as the browser fires it when the network is
   * back, until the worker's drain has begun. A tab closed a moment ago may still hold the
   * drain lock, or the worker's first try may still meet the emulated offline network; the
   * worker then fails the event and the browser would fire it again minutes later, so here
   * it is fired again after a second. (The lock keeps a second event from sending twice.)
   */
  async function fireBackgroundSync(begun: () => boolean): Promise<number> {
    await context.setOffline(false);
    let fired = 0;
    let lastFiredAt = Date.now();
    await eventually(
      async () => {
        if (begun()) return true;
        lastFiredAt = Date.now();
        await cdp.send('ServiceWorker.dispatchSyncEvent', { origin, registrationId, tag: BACKGROUND_SYNC_TAG, lastChance: false });
        fired++;
        for (let waited = 0; waited < 1_000 && !begun(); waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
        return begun();
      },
      30_000,
      'the worker’s drain to begin',
    );
    console.log(`sync events fired until the worker drained: ${fired}`);
    return lastFiredAt;
  }

  it('five filings captured offline reach the server, each exactly once, from the worker alone; a tab opened later shows them received', async () => {
    const page = kiosk.page;
    const ids = await captureOffline(page, [
      { name: 'सीता देवी', type: 'new_connection' },
      ...[1, 2, 3, 4].map((i) => ({ name: `आवेदक ${i}`, type: 'prepaid_to_postpaid' as const })),
    ]);
    const documents = (await readStore<{ ownerId: string; sha256: string }>(page, 'documents')).filter((document) => document.ownerId === ids[0]);
    expect(documents.length).toBeGreaterThan(0);
    await closeAppPages();

    const sends = () => intervalsById(server).size;
    const before = sends();
    const started = await fireBackgroundSync(() => sends() > before);
    const documentFile = (sha256: string) => path.join(server.dir, 'documents', sha256);
    // Done when the filing with documents is confirmed: sent, its documents uploaded, sent again.
    await eventually(
      () => ids.every((id) => server.applications().some((row) => row.id === id)) && intervalsById(server).get(ids[0]!)?.length === 2 && documents.every(({ sha256 }) => fs.existsSync(documentFile(sha256))),
      60_000,
      'the worker to send all five, and the documents',
    );
    const lastAnswer = Math.max(...ids.flatMap((id) => intervalsById(server).get(id)!.map((span) => span.to)));
    console.log(`the worker sent 5 filings (one with ${documents.length} documents) in ${lastAnswer - started} ms after the sync event that started it (the server's last answer)`);
    expect(appPages(context, origin)).toEqual([]);
    const rows = serverApplications(server).filter((row) => ids.includes(row.id));
    expect(rows.map((row) => row.id).sort()).toEqual([...ids].sort());
    expect(rows.map((row) => row.received_events)).toEqual([1, 1, 1, 1, 1]);
    // The documents went too (tus over fetch, in the worker), whole.
    for (const { sha256 } of documents) expect(createHash('sha256').update(fs.readFileSync(documentFile(sha256))).digest('hex')).toBe(sha256);

    const opened = Date.now();
    const tab = await context.newPage();
    await tab.goto(origin);
    await eventually(async () => (await tab.locator('[data-testid="filing"][data-state="received"]').count()) === 5, 30_000, 'the tab to list all five received');
    // The tab took over the drain and found nothing to send (its status pull follows its drain):
    // the filings without documents went in one request each, the one with documents in two
    // (sent, then confirmed after its uploads).
    await eventually(() => pullsSince(opened) >= 1, 30_000, 'the tab’s own drain and status pull');
    const intervals = intervalsById(server);
    expect(ids.map((id) => intervals.get(id)?.length)).toEqual([2, 1, 1, 1, 1]);
    expect(overlappingIds(intervals)).toEqual([]);
    await tab.close();
  });

  it('a tab opened while the worker drains waits for it: one application request per filing, never two at once', async () => {
    const capturing = await context.newPage();
    await capturing.goto(origin);
    const ids = await captureOffline(
      capturing,
      [1, 2, 3, 4, 5].map((i) => ({ name: `दूसरा दौर ${i}`, type: 'prepaid_to_postpaid' as const })),
    );
    await closeAppPages();

    // The worker's send is held at the proxy, so it is surely in flight when the tab opens.
    proxy.hold((method, url) => method !== 'GET' && url.startsWith('/api/v1/applications'));
    await fireBackgroundSync(() => proxy.waiting > 0);
    const tab = await context.newPage();
    await tab.goto(origin);
    await tab.getByRole('button', { name: /^(नया आवेदन|New application)$/ }).waitFor();
    // The worker holds the drain lock; the tab's engine waits in line for it.
    const locks = await tab.evaluate(async () => {
      const state = await navigator.locks.query();
      return { held: (state.held ?? []).map((lock) => lock.name), pending: (state.pending ?? []).map((lock) => lock.name) };
    });
    expect(locks).toEqual({ held: [DRAIN_LOCK_NAME], pending: [DRAIN_LOCK_NAME] });
    expect(proxy.waiting).toBe(1);

    const released = Date.now();
    proxy.release();
    await eventually(() => ids.every((id) => server.applications().some((row) => row.id === id)), 60_000, 'all five on the server');
    await eventually(async () => (await tab.locator('[data-testid="filing"][data-state="received"]').count()) === 10, 30_000, 'the tab to list all ten received');
    // Two status pulls: the worker's after its drain, then the tab's after its own first drain
    // (a tab waiting in line pulls nothing). Whatever that drain found, nothing went twice, nor at once.
    await eventually(() => pullsSince(released) >= 2, 30_000, 'the worker’s and then the tab’s status pull');
    const intervals = intervalsById(server);
    expect(ids.map((id) => intervals.get(id)?.length)).toEqual([1, 1, 1, 1, 1]);
    expect(overlappingIds(intervals)).toEqual([]);
    expect(serverApplications(server).filter((row) => ids.includes(row.id)).map((row) => row.received_events)).toEqual([1, 1, 1, 1, 1]);
  });
});
