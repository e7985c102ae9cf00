import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../src/store/types';
import { readStore } from './support/indexeddb';
import { captureFiling, enrollKiosk, eventually, fillApplication, goHome, startApplication, submitFromReview } from './support/kiosk';
import type { ServerProcess } from '../../scripts/server-process';
import { useKioskSession } from './support/kiosk-session';

describe('a server killed while filings are pending', () => {
  const kiosk = useKioskSession({ enroll: false });
  let page: Page;
  let server: ServerProcess;
  beforeAll(() => ({ page, server } = kiosk));

  it('gets all 5 filings exactly once after it restarts, with no user action', async () => {
    await enrollKiosk(page, server);
    await server.kill();

    const captured: string[] = [];
    for (let i = 1; i <= 5; i++) {
      const { filingId } = await captureFiling(page, { name: `आवेदक ${i}` });
      captured.push(filingId);
      await goHome(page);
    }
    // The home list fills from IndexedDB after the screen has drawn.
    await expect.poll(() => page.locator('[data-testid="filing"]').count(), { timeout: 10_000 }).toBe(5);
    const states = await page.locator('[data-testid="filing"]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-state')));
    expect(states).toHaveLength(5);
    expect(states.every((state) => state === 'pending' || state === 'sending')).toBe(true);
    expect(server.applications()).toEqual([]);

    await server.start();
    const rows = await eventually(() => (server.applications().length === 5 ? server.applications() : null), 90_000, 'all 5 filings on the server');
    expect(rows.map((row) => row.id).sort()).toEqual([...captured].sort());
    expect(new Set(rows.map((row) => row.application_no)).size).toBe(5);
    await eventually(
      async () => (await page.locator('[data-testid="filing"][data-state="received"]').count()) === 5,
      30_000,
      'the page to show all 5 received',
    );
    // Still exactly once after the dust settles.
    expect(server.applications()).toHaveLength(5);
  });

  it('sends a filing submitted while the server answers within 2 s, though an older one sits out a long backoff', async () => {
    await goHome(page);
    await server.kill();
    const { filingId: older } = await captureFiling(page, { name: 'पुराना आवेदन' });
    await eventually(async () => (await readStore<OutboxEntry>(page, 'outbox')).some((entry) => entry.id === older && entry.attempts > 0), 20_000, 'the older filing to fail and back off');
    // Its wait made long: ten minutes the server asked for (a wait of the device's own would be
    // cut to within 30 s by the next answered status pull, and the older filing sent meanwhile).
    await page.evaluate(async (id) => {
      const request = indexedDB.open('sahej');
      const db = await new Promise<IDBDatabase>((resolve) => (request.onsuccess = () => resolve(request.result)));
      const transaction = db.transaction(['outbox', 'filings'], 'readwrite');
      const store = transaction.objectStore('outbox');
      const entries = await new Promise<OutboxEntry[]>((resolve) => {
        const all = store.getAll();
        all.onsuccess = () => resolve(all.result as OutboxEntry[]);
      });
      for (const entry of entries) if (entry.id === id) store.put({ ...entry, notBefore: Date.now() + 600_000 });
      const filings = transaction.objectStore('filings');
      const read = filings.get(id);
      read.onsuccess = () => filings.put({ ...read.result, problem: { code: 'rate_limited', httpStatus: 429, retryAfterMs: 600_000 } });
      await new Promise((resolve) => (transaction.oncomplete = resolve));
      db.close();
    }, older);
    await server.start();
    await goHome(page);

    await startApplication(page, 'new_connection');
    await fillApplication(page, 'new_connection', 'नया आवेदन');
    // Still waiting its ten minutes when the new one goes.
    expect((await readStore<OutboxEntry>(page, 'outbox')).find((entry) => entry.id === older)?.notBefore).toBeGreaterThan(Date.now() + 500_000);
    const submitted = Date.now();
    const { filingId: newer } = await submitFromReview(page);
    await eventually(() => server.applications().some((row) => row.id === newer), 10_000, 'the new filing on the server');
    const ms = Date.now() - submitted;
    console.log(`submit to server with an older filing backing off: ${ms} ms`);
    expect(ms).toBeLessThanOrEqual(2_000);
    // Not held behind the older one: it reached the server first (the older one follows once the
    // answered status pull has cut the device's own wait to within 30 s).
    const numberOf = (id: string) => server.applications().find((row) => row.id === id)?.application_no;
    const olderNo = numberOf(older);
    if (olderNo) expect(olderNo > numberOf(newer)!).toBe(true);
  });
});
