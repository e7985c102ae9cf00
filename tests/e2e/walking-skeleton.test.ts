import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { captureFiling, enrollKiosk, eventually, goHome, testAadhaar } from './support/kiosk';
import type { ServerProcess } from '../../scripts/server-process';
import { dumpIndexedDb, readOne } from './support/indexeddb';
import { useKioskSession } from './support/kiosk-session';

describe('walking skeleton in Chromium', () => {
  const kiosk = useKioskSession({ enroll: false });
  let context: BrowserContext;
  let page: Page;
  let server: ServerProcess;
  beforeAll(() => ({ context, page, server } = kiosk));

  it('captures offline, survives offline reloads, and syncs once the network returns', async () => {
    await enrollKiosk(page, server);

    // Offline from here: the shell must come from the service worker's precache.
    await context.setOffline(true);
    await page.reload();
    await expect(page.locator('.header__title').textContent()).resolves.toBe('सहेज');

    const { receiptNo, filingId } = await captureFiling(page);
    expect(receiptNo).toBe('LKO1-D01-000001');

    await page.reload();
    await expect(page.getByTestId('receipt-no').textContent()).resolves.toBe(receiptNo);
    await goHome(page);
    const row = page.locator(`[data-filing-id="${filingId}"]`);
    // The engine still tries while offline; a try in flight shows "sending" for a moment,
    // and a failed one puts the filing back in the queue as "pending".
    await eventually(async () => (await row.getAttribute('data-state')) === 'pending', 15_000, 'the filing to wait in the queue');
    expect(server.applications()).toEqual([]);

    await context.setOffline(false);
    const rows = await eventually(() => (server.applications().length ? server.applications() : null), 30_000, 'the server to hold the filing');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(filingId);
    // The server's hash of what arrived equals the device's hash of what it stored.
    const deviceHash = (await readOne<{ hash: string }>(page, 'filings', filingId))?.hash;
    expect(rows[0]!.content_hash).toBe(deviceHash);
    await eventually(async () => (await row.getAttribute('data-state')) === 'received', 30_000, 'the page to show it received');
    await expect(row.textContent()).resolves.toContain(rows[0]!.application_no);

    // The full Aadhaar number typed into the form was never stored anywhere on the device.
    const stored = await dumpIndexedDb(page);
    expect(stored).toContain(testAadhaar().slice(-4));
    expect(stored).not.toContain(testAadhaar());
  });

  it('shows a filing the server refuses as needing attention, with the server message, and keeps it', async () => {
    // Online whatever the test before left behind, so this one fails only for its own reasons.
    await context.setOffline(false);
    await page.route('**/api/v1/applications/*', (route) =>
      route.fulfill({
        status: 422,
        contentType: 'application/json',
        body: JSON.stringify({ error: 'invalid', message: 'Some details in the application are not valid', issues: [] }),
      }),
    );
    const { filingId } = await captureFiling(page, { name: 'अस्वीकृत' });
    await goHome(page);
    const row = page.locator(`[data-filing-id="${filingId}"]`);
    await eventually(async () => (await row.getAttribute('data-state')) === 'attention', 15_000, 'the refusal to show');
    // The refusal's code, in the kiosk's language; never the server's English message.
    await expect(row.textContent()).resolves.toContain('आवेदन में कुछ जानकारी सही नहीं है');
    await expect(row.textContent()).resolves.not.toContain('Some details');
    await page.unroute('**/api/v1/applications/*');
    await page.reload();
    await expect(page.locator(`[data-filing-id="${filingId}"]`).getAttribute('data-state')).resolves.toBe('attention');
    expect(server.applications().map((row) => row.id)).not.toContain(filingId);
  });
});
