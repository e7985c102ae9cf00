import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { makePhoto } from './support/files';
import { byPath, captureFiling, eventually, goHome, startApplication } from './support/kiosk';
import type { ServerProcess } from '../../scripts/server-process';
import { readStore } from './support/indexeddb';
import { useKioskSession } from './support/kiosk-session';

// The queue's own progress moves by itself while the server is down (a send in flight, the
// next retry scheduled); what must never change is what was captured and its place in the queue.
const PROGRESS: Record<string, string[]> = { filings: ['state', 'problem'], outbox: ['attempts', 'notBefore', 'sending'] };

/** Everything stored except Blobs (their sizes stand in) and the queue's progress, as comparable JSON. */
async function snapshot(page: Page): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const store of ['drafts', 'filings', 'outbox', 'documents']) {
    const rows = await readStore<Record<string, unknown>>(page, store);
    result[store] = rows.map((row) => Object.fromEntries(Object.entries(row).filter(([field]) => !PROGRESS[store]?.includes(field))));
  }
  return result;
}

describe('storage that fails', () => {
  const kiosk = useKioskSession({
    context: { viewport: null },
    // A switch the test can throw: every IndexedDB write then fails as a full disk makes it fail.
    prepare: (context) =>
      context.addInitScript(() => {
        const full = () => (window as unknown as { storageFull?: boolean }).storageFull === true;
        for (const method of ['put', 'add'] as const) {
          const original = IDBObjectStore.prototype[method];
          IDBObjectStore.prototype[method] = function (this: IDBObjectStore, ...args: Parameters<typeof original>) {
            if (full()) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
            return original.apply(this, args);
          } as typeof original;
        }
      }),
  });
  let browser: Browser;
  let page: Page;
  let server: ServerProcess;
  beforeAll(() => ({ browser, page, server } = kiosk));

  it('a quota error while saving says so in Hindi and English and loses nothing already stored', async () => {
    await server.kill(); // keep the filing queued on the device
    await captureFiling(page, { type: 'prepaid_to_postpaid', name: 'पहले का आवेदन' });
    await goHome(page);
    await startApplication(page, 'load_change');
    await page.fill(byPath('account.accountNo'), '1122334455');
    await page.getByText('अधूरा आवेदन सहेजा गया').waitFor();
    // The number typed is a write of its own after the focus; `before` must hold it.
    await eventually(async () => ((await readStore<{ values: Record<string, unknown> }>(page, 'drafts'))[0]?.values['account.accountNo']) === '1122334455', 10_000, 'the account number to be stored');
    const before = await snapshot(page);
    expect(before.filings).toHaveLength(1);
    expect(before.drafts).toHaveLength(1);

    await page.evaluate(() => Object.assign(window, { storageFull: true }));
    // A keystroke: the draft save fails, the message says why, the typing stays on screen.
    await page.fill(byPath('load.currentKw'), '3');
    await page.getByTestId('save-state').getByText('उपकरण में जगह भर गई है', { exact: false }).waitFor();
    await expect(page.inputValue(byPath('load.currentKw'))).resolves.toBe('3');
    // A document: refused with the same message.
    await page.locator('.stepper__step').nth(2).click();
    await page.setInputFiles(byPath('documents.id_proof'), await makePhoto(page, 800, 600));
    await page.locator('[data-path="documents.id_proof"]').getByText('उपकरण में जगह भर गई है', { exact: false }).waitFor();
    // In English too.
    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('.stepper__step').nth(0).click();
    await page.fill(byPath('load.requestedKw'), '5');
    await page.getByTestId('save-state').getByText('The device’s storage is full', { exact: false }).waitFor();

    // Nothing stored before was lost or altered.
    expect(await snapshot(page)).toEqual(before);

    // Space comes back: the next change saves everything still on screen.
    await page.evaluate(() => Object.assign(window, { storageFull: false }));
    await page.fill(byPath('reason'), 'AC लगाया');
    await eventually(async () => {
      const drafts = (await snapshot(page)).drafts as { values: Record<string, string> }[];
      return drafts[0]?.values['load.currentKw'] === '3' && drafts[0]?.values['load.requestedKw'] === '5';
    }, 5_000, 'the draft to catch up');
    await page.getByRole('button', { name: 'हिंदी' }).click();
  });

  it('refuses to start capture when IndexedDB cannot be opened, and says why in both languages', async () => {
    if (!server.running) await server.start();
    const blocked = await browser.newContext();
    await blocked.addInitScript(() => {
      IDBFactory.prototype.open = function () {
        throw new DOMException('IndexedDB is disabled in this window', 'SecurityError');
      };
    });
    const blockedPage = await blocked.newPage();
    await blockedPage.goto(server.url);
    const screen = blockedPage.getByTestId('storage-unavailable');
    await screen.waitFor();
    await expect(screen.textContent()).resolves.toContain('यह ब्राउज़र आवेदन सुरक्षित नहीं रख सकता');
    await expect(screen.textContent()).resolves.toContain('This browser cannot keep applications safe');
    expect(await blockedPage.locator('#f-enroll-code').count()).toBe(0);
    expect(await blockedPage.getByRole('button', { name: /नया आवेदन|New application/ }).count()).toBe(0);
    await blocked.close();
  });
});
