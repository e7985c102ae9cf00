import type { BrowserContext, Page } from 'playwright-core';
import { eventually } from './kiosk';

/** The switches the init script below puts on `window`, thrown by the test. */
export interface StorageFaults {
  /** Object stores whose put/add fails with QuotaExceededError, as a full disk makes them fail. */
  quotaOn: string[];
  /** The next put/add on this object store keeps its transaction open (see below); then disarms. */
  holdNext: string | null;
  /** How many writes are being held open right now. */
  held: number;
}

/**
 * Switches for storage faults, installed before the app's scripts run:
 *
 * - `quotaOn`: a put or add on a listed object store throws QuotaExceededError, the
 *   error a full disk gives. Listing the store written *last* in a transaction makes the
 *   fault strike after the transaction's earlier writes were accepted, so the test sees
 *   whether the transaction really commits whole or not at all.
 * - `holdNext`: after the app's next put or add on that store, the same transaction is
 *   kept busy with reads of its own (one after another, each issued when the last
 *   returns) until it ends. The app's write is accepted and waiting to commit: "in
 *   flight" for as long as the test needs to close the connection under it. The reads
 *   change nothing; without the hold the window would be a few milliseconds wide.
 */
export async function installStorageFaults(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const faults: StorageFaults = { quotaOn: [], holdNext: null, held: 0 };
    Object.assign(window, { storageFaults: faults });
    const hold = (store: IDBObjectStore) => {
      faults.holdNext = null;
      faults.held++;
      const spin = () => {
        let request: IDBRequest;
        try {
          request = store.get(0);
        } catch {
          faults.held--;
          return;
        }
        request.addEventListener('success', spin);
        request.addEventListener('error', (event) => {
          event.preventDefault();
          event.stopPropagation();
          faults.held--;
        });
      };
      spin();
    };
    for (const method of ['put', 'add'] as const) {
      const original = IDBObjectStore.prototype[method];
      IDBObjectStore.prototype[method] = function (this: IDBObjectStore, ...args: Parameters<typeof original>) {
        if (faults.quotaOn.includes(this.name)) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        const request = original.apply(this, args);
        if (faults.holdNext === this.name) hold(this);
        return request;
      } as typeof original;
    }
  });
}

export async function setFaults(page: Page, faults: Partial<StorageFaults>): Promise<void> {
  await page.evaluate((faults) => Object.assign((window as unknown as { storageFaults: StorageFaults }).storageFaults, faults), faults);
}

export async function waitForHeldWrite(page: Page, store: string): Promise<void> {
  await eventually(() => page.evaluate(() => (window as unknown as { storageFaults: StorageFaults }).storageFaults.held > 0), 10_000, `a write to ${store} to be in flight`);
}

/**
 * Closes every IndexedDB connection of the page's origin the way Chromium itself does
 * when it must take a database away from a live page: chrome://indexeddb-internals'
 * "Force close" runs the browser's forced close of the origin's connections. Each open
 * connection's transactions in flight are aborted (Chromium reports "UnknownError:
 * Connection is closing") and the connection then gets a `close` event — what a page
 * sees when the browser drops the connection under memory pressure, on a backing-store
 * error or when its storage process goes away. Nothing stored is deleted.
 *
 * The other ways were weighed and rejected: another tab opening the database at a higher
 * version only sends `versionchange`, lets transactions in flight finish and then needs
 * the app's schema changed under it (a different fault); `IDBDatabase.close()` from the
 * page also lets them finish and fires no `close` event; CDP's
 * `Storage.clearDataForOrigin` deletes the data, which is loss by design, not a close.
 */
export async function forceCloseIndexedDb(context: BrowserContext, origin: string): Promise<void> {
  const internals = await context.newPage();
  try {
    await internals.goto('chrome://indexeddb-internals');
    const block = internals.locator('.indexeddb-origin', { hasText: origin });
    await block.locator('.connection-count').first().waitFor();
    const before = Number((await block.locator('.connection-count').first().textContent())?.trim());
    if (!(before > 0)) throw new Error(`no open IndexedDB connection of ${origin} to close`);
    await block.locator('.force-close').first().click();
  } finally {
    await internals.close();
  }
}
