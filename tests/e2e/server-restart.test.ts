import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { captureFiling, enrollKiosk, eventually, goHome } from './support/kiosk';
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
});
