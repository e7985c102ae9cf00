import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { byPath, captureFiling, eventually, startApplication, testAadhaar } from './support/kiosk';
import type { ServerProcess } from '../../scripts/server-process';
import { dumpIndexedDb } from './support/indexeddb';
import { useKioskSession } from './support/kiosk-session';

describe('a full Aadhaar number typed into the form', () => {
  const sent: string[] = [];
  const kiosk = useKioskSession({
    context: { viewport: null },
    // Every request of the context, the service worker's included, from enrollment on.
    prepare: async (context) => {
      context.on('request', (request) => sent.push(`${request.method()} ${request.url()}\n${JSON.stringify(request.headers())}\n${request.postData() ?? ''}`));
    },
  });
  let page: Page;
  let server: ServerProcess;
  beforeAll(() => ({ page, server } = kiosk));

  it('appears nowhere: not in IndexedDB, not in any request, not in the server database or its logs', async () => {
    const aadhaar = testAadhaar();
    const spaced = `${aadhaar.slice(0, 4)} ${aadhaar.slice(4, 8)} ${aadhaar.slice(8)}`;
    const forms = [aadhaar, spaced, aadhaar.slice(0, 8)];

    // A draft with the number typed (spaced, as read off a card) and left unsubmitted …
    await startApplication(page, 'name_change');
    await page.locator('.stepper__step').nth(1).click();
    await page.fill(byPath('newOwner.idProof.last4'), spaced);
    await page.fill(byPath('newOwner.name'), 'प्रिया');
    await page.waitForTimeout(600);
    await page.locator('.header__title').click();
    // … and a submitted filing with it typed whole, synced to the server.
    const { filingId } = await captureFiling(page, { type: 'new_connection' });
    await eventually(() => server.applications().some((row) => row.id === filingId), 30_000, 'the filing on the server');

    const device = await dumpIndexedDb(page);
    const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(device).toContain(aadhaar.slice(-4));
    expect(device).toContain('प्रिया');
    const serverFiles = [server.dbPath, `${server.dbPath}-wal`].filter((file) => fs.existsSync(file)).map((file) => fs.readFileSync(file).toString('latin1'));
    expect(serverFiles.join('')).toContain(filingId);
    expect(sent.some((request) => request.includes(filingId))).toBe(true);
    expect(server.output).toContain(filingId);

    for (const form of forms) {
      expect(device, 'IndexedDB').not.toContain(form);
      expect(storage, 'Web Storage').not.toContain(form);
      expect(sent.join('\n'), 'requests').not.toContain(form);
      for (const file of serverFiles) expect(file, 'server database').not.toContain(form);
      expect(server.output, 'server log').not.toContain(form);
    }
  });
});
