import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ServerProcess } from '../../scripts/server-process';
import { readStore } from './support/indexeddb';
import { captureFiling, enrollKiosk, eventually, goHome } from './support/kiosk';
import { useKioskSession } from './support/kiosk-session';
import { intervalsById } from './support/request-log';

describe('sync in depth, in Chromium against the real server', () => {
  const kiosk = useKioskSession({ enroll: false, context: { viewport: null } });
  let page: Page;
  let server: ServerProcess;
  beforeAll(() => ({ page, server } = kiosk));

  it('two tabs with 30 pending filings: each arrives once, never two requests for one id at a time', async () => {
    await enrollKiosk(page, server);
    const second = await kiosk.context.newPage();
    await second.goto(server.url);
    await server.kill();
    const captured: string[] = [];
    for (let i = 0; i < 30; i++) {
      const tab = i % 2 ? second : page;
      await tab.bringToFront();
      captured.push((await captureFiling(tab, { type: 'prepaid_to_postpaid', name: `आवेदक ${i}` })).filingId);
      await goHome(tab);
    }
    await server.start();
    const rows = await eventually(() => (server.applications().length === 30 ? server.applications() : null), 90_000, 'all 30 filings on the server');
    expect(rows.map((row) => row.id).sort()).toEqual([...captured].sort());
    for (const tab of [page, second]) {
      await eventually(async () => (await tab.locator('[data-testid="filing"][data-state="received"]').count()) === 30, 30_000, 'both tabs to show all 30 received');
    }
    const intervals = intervalsById(server);
    expect([...intervals.keys()].sort()).toEqual([...captured].sort());
    for (const [id, spans] of intervals) {
      const sorted = [...spans].sort((a, b) => a.from - b.from);
      for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.from, `requests for ${id} overlapped`).toBeGreaterThanOrEqual(sorted[i - 1]!.to);
    }
    await second.close();
  });

  it('a status set in the office shows on the device within one sync cycle', async () => {
    await page.bringToFront();
    const [row] = server.applications();
    await server.cli('set-status', row!.application_no, 'under_review', '--note', 'कागज़ देखे जा रहे हैं');
    const started = Date.now();
    const status = page.locator(`[data-filing-id="${row!.id}"] [data-testid="server-status"]`);
    // The tick pulls every 30 s; the bound allows a cycle slipping on a loaded machine (42 s
    // with two test runs sharing the two cores). The time is printed.
    await eventually(async () => (await status.getAttribute('data-status').catch(() => null)) === 'under_review', 65_000, 'the new status on the device');
    console.log(`status change reached the device in ${Date.now() - started} ms`);
    await expect(status.textContent()).resolves.toBe('जाँच में');
  });

  it('a server restored from a backup taken before 20 filings gets all 20 back, with their documents, by itself', async () => {
    const backupFile = path.join(server.dir, 'before.tar');
    await server.cli('backup', backupFile);
    const filings: string[] = [];
    for (let i = 0; i < 20; i++) {
      filings.push((await captureFiling(page, { type: 'name_change', name: `नया मालिक ${i}` })).filingId);
      await goHome(page);
    }
    await eventually(() => filings.every((id) => server.applications().some((row) => row.id === id)), 60_000, 'the 20 on the server');
    await eventually(async () => (await page.locator('[data-testid="filing"][data-state="received"]').count()) === 50, 60_000, 'the 20 received');
    const device = await readStore<{ id: string; hash: string }>(page, 'filings');
    const documents = await readStore<{ ownerId: string; sha256: string }>(page, 'documents');

    await server.kill();
    await server.cli('restore', backupFile);
    expect(server.applications().filter((row) => filings.includes(row.id))).toEqual([]);
    await server.start();
    const restarted = Date.now();

    // No one touches the device: it notices the restored data and sends the 20 again.
    const back = await eventually(
      () => {
        const rows = server.applications().filter((row) => filings.includes(row.id));
        return rows.length === 20 ? rows : null;
      },
      120_000,
      'all 20 back on the server',
    );
    console.log(`after the restore, the device refilled the server with 20 filings in ${Date.now() - restarted} ms`);
    for (const row of back) expect(row.content_hash).toBe(device.find((filing) => filing.id === row.id)!.hash);
    await eventually(async () => (await page.locator('[data-testid="filing"][data-state="received"]').count()) === 50, 60_000, 'the device to show all received');
    const needed = new Set(documents.filter((document) => filings.includes(document.ownerId)).map((document) => document.sha256));
    expect(needed.size).toBeGreaterThan(0);
    for (const sha256 of needed) {
      const file = path.join(server.dir, 'documents', sha256);
      expect(createHash('sha256').update(fs.readFileSync(file)).digest('hex')).toBe(sha256);
    }
  });
});
