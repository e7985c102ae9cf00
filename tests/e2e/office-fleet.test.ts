import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatDateTime } from '../../src/domain/format-dates';
import { fleetPageSchema } from '../../src/domain/wire';
import type { ServerProcess } from '../../scripts/server-process';
import { addSilentDevices, backdateReport, beat, enrollLabelled, fileOne, fleetRows, reconcileDays, sendHeartbeat, type TestDevice } from './support/fleet';
import { eventually } from './support/kiosk';
import { useKioskSession } from './support/kiosk-session';
import { auditScreen, createOfficer, openSignIn, signIn } from './support/office';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
const GB = 1024 ** 3;

/**
 * The fleet view against the real server: LKO1's devices report through status pulls with
 * heartbeats (their silence is moved back in the server's file, since a real server keeps its
 * own clock), an officer opens the Fleet screen from the console bar and sees them worst first
 * with the silent one flagged in words, changes the silence limit and sees the flags follow,
 * downloads the same rows as CSV, and finds the filings still on devices in the backlog chart.
 * An officer of another office sees none of LKO1's devices. Audited like every console screen.
 */
describe('the fleet view of the officers console, in Chromium against the real server', () => {
  const session = useKioskSession({ enroll: false, lang: 'hi' });
  let server: ServerProcess;
  let page: Page;
  const findings: string[] = [];
  const audit = (name: string, lang: 'hi' | 'en' = 'hi') => auditScreen(page, name, findings, { keep: lang === 'hi' });
  // LKO1's kiosks: what each holds, and how long since it last reported.
  const lko = {} as Record<'quiet' | 'camp' | 'twoDay' | 'busy' | 'clean' | 'fresh', TestDevice>;
  let knp: TestDevice;
  let quietSeenAt: Date;

  /** Waits until the table, finished loading for limit `days`, shows exactly these devices in this order. */
  async function expectRows(ids: string[], flagged: string[], days: number, what: string): Promise<void> {
    const wanted = JSON.stringify(ids.map((id) => ({ id, flagged: flagged.includes(id) })));
    const shows = async () => JSON.stringify(await fleetRows(page));
    try {
      await eventually(async () => (await page.locator(`[data-testid="fleet"][aria-busy="false"][data-silent-days="${days}"]`).count()) === 1 && (await shows()) === wanted, 10_000, `${what}: the fleet to show ${wanted}`);
    } catch (error) {
      throw new Error(`${(error as Error).message}; it shows ${await shows()}`);
    }
  }

  const row = (device: TestDevice) => page.locator(`[data-testid="fleet-row"][data-id="${device.deviceId}"]`);

  beforeAll(async () => {
    ({ server, page } = session);
    const now = Date.now();
    const seconds = (ms: number) => Math.floor(ms / 1000);
    lko.quiet = await enrollLabelled(server, 'LKO1', 'अलीगंज जनसेवा केंद्र');
    lko.camp = await enrollLabelled(server, 'LKO1', 'गोमती नगर कैंप');
    lko.twoDay = await enrollLabelled(server, 'LKO1', 'इंदिरा नगर');
    lko.busy = await enrollLabelled(server, 'LKO1', 'हज़रतगंज काउंटर');
    lko.clean = await enrollLabelled(server, 'LKO1', 'चिनहट');
    lko.fresh = await enrollLabelled(server, 'LKO1', 'नया कियोस्क');
    knp = await enrollLabelled(server, 'KNP1', 'Kanpur counter');

    // Silent 5 days holding 2, the oldest from 6 days ago: flagged at 3 days, not at 7.
    await sendHeartbeat(server, lko.quiet, beat({ wt: 2, old: seconds(now - 6 * DAY_MS), use: 40 * 1024 * 1024, quo: 2 * GB, per: true }));
    // Reporting now, 3 unsent (one refused by the server) for 2 days; it found a day the server lacks and is sending it back.
    expect(await reconcileDays(server, lko.camp, [{ day: '2026-11-30', count: 1, digest: '0'.repeat(64) }])).toEqual(['2026-11-30']);
    await sendHeartbeat(server, lko.camp, beat({ wt: 2, at: 1, old: seconds(now - 2 * DAY_MS) }));
    // Silent 2 days holding 1 from 3 days ago: flagged only at a limit of 1 day.
    await sendHeartbeat(server, lko.twoDay, beat({ wt: 1, old: seconds(now - 3 * DAY_MS) }));
    // Reporting now with 30 from the last 2 hours, its storage nearly full and not persistent; its operator known from a filing.
    await fileOne(server, lko.busy);
    await sendHeartbeat(server, lko.busy, beat({ wt: 30, old: seconds(now - 2 * HOUR_MS), use: Math.round(1.9 * GB), quo: 2 * GB, per: false }));
    // Nothing unsent, refilled after the restore, silent 2 days: never flagged.
    await sendHeartbeat(server, lko.clean, beat({ uc: 4 }));
    expect(await reconcileDays(server, lko.clean, [])).toEqual([]);
    // lko.fresh never reports, and its token is revoked. KNP1's one device holds 9.
    await server.cli('revoke-device', lko.fresh.deviceId);
    await sendHeartbeat(server, knp, beat({ wt: 9 }));

    quietSeenAt = new Date(now - 5 * DAY_MS - HOUR_MS);
    backdateReport(server, lko.quiet.deviceId, quietSeenAt);
    backdateReport(server, lko.twoDay.deviceId, new Date(now - 2 * DAY_MS - HOUR_MS));
    backdateReport(server, lko.clean.deviceId, new Date(now - 2 * DAY_MS - HOUR_MS));

    await createOfficer(server, 'lko.officer', { office: 'LKO1', name: 'राधा वर्मा' });
    await createOfficer(server, 'knp.officer', { office: 'KNP1', name: 'Kanpur Officer' });
    await createOfficer(server, 'agr.officer', { office: 'AGR1', name: 'Agra Officer' });
  });

  it('lists LKO1’s devices worst first, the silent one holding filings flagged in words', async () => {
    await openSignIn(page, server);
    await signIn(page, 'lko.officer');
    await page.getByTestId('office-user').waitFor();
    await page.getByRole('link', { name: 'उपकरण', exact: true }).click();
    expect(new URL(page.url()).pathname).toBe('/office/devices');
    expect(await page.getByTestId('office-bar-fleet').getAttribute('aria-current')).toBe('page');

    // Flagged first; then unsent × hours waited (3 × 48 h, 1 × 72 h, 30 × 2 h); then the silent longest.
    const order = [lko.quiet, lko.camp, lko.twoDay, lko.busy, lko.clean, lko.fresh].map((device) => device.deviceId);
    await expectRows(order, [lko.quiet.deviceId], 3, 'the default limit');
    // The screen's order is the server's.
    const api = fleetPageSchema.parse(await (await page.context().request.get(`${server.url}/api/v1/office/devices`)).json());
    expect(api.devices.map((device) => device.id)).toEqual(order);

    const quiet = row(lko.quiet);
    expect(await quiet.getAttribute('data-flagged')).toBe('true');
    // The flag in text, not colour alone.
    expect(await quiet.getByTestId('fleet-flag').textContent()).toBe('⚠ चिह्नित: 5 दिन से कोई रिपोर्ट नहीं, और आवेदन अभी भेजे नहीं गए');
    expect(await page.getByTestId('fleet-flag').count()).toBe(1);
    expect(await quiet.locator('th').textContent()).toContain('अलीगंज जनसेवा केंद्र');
    expect(await quiet.getByTestId('fleet-last-seen-ago').textContent()).toBe('5 दिन पहले');
    // The date in India time, as the rest of the console.
    expect(await quiet.getByTestId('fleet-last-seen-at').textContent()).toBe(formatDateTime(quietSeenAt, 'hi'));
    expect(await quiet.getByTestId('fleet-unsent').textContent()).toBe('2');
    expect(await quiet.getByTestId('fleet-oldest').textContent()).toBe('सबसे पुराना रुका: 6 दिन');
    expect(await quiet.getByTestId('fleet-persisted').textContent()).toBe('मिटने से सुरक्षित');
    expect(await quiet.getByTestId('fleet-storage').getAttribute('data-near-full')).toBe('false');

    const busy = row(lko.busy);
    expect(await busy.textContent()).toContain('op-17');
    expect(await busy.getByTestId('fleet-oldest').textContent()).toBe('सबसे पुराना रुका: 2 घंटे');
    expect(await busy.getByTestId('fleet-storage').textContent()).toBe('⚠ लगभग भर गया: 2 GB में से 1.9 GB (95%)');
    expect(await busy.getByTestId('fleet-persisted').textContent()).toBe('सुरक्षित नहीं — ब्राउज़र मिटा सकता है');
    expect(await busy.textContent()).toContain('0.1.0+abc12345');

    expect(await row(lko.camp).getByTestId('fleet-attention').textContent()).toBe('⚠ 1');
    expect(await row(lko.camp).getByTestId('fleet-reconcile').textContent()).toBe('भर रहा है — सर्वर में जो नहीं है, वह फिर भेज रहा है');
    expect(await row(lko.clean).getByTestId('fleet-reconcile').textContent()).toBe('भर दिया — कुछ बाकी नहीं');
    expect(await row(lko.clean).textContent()).toContain('सब भेजा जा चुका');
    const fresh = row(lko.fresh);
    expect(await fresh.textContent()).toContain('कभी रिपोर्ट नहीं की');
    expect(await fresh.getByTestId('fleet-reconcile').textContent()).toBe('भरना बाकी — अभी मिलान नहीं हुआ');
    expect(await fresh.textContent()).toContain('अभी पता नहीं');
    expect(await fresh.locator('th').textContent()).toContain('अनुमति रद्द');
    expect(await quiet.locator('th').textContent()).not.toContain('अनुमति रद्द');

    // The whole office's totals.
    expect(await page.getByTestId('fleet-total').getAttribute('data-total')).toBe('6');
    expect(await page.getByTestId('fleet-summary-unsent').textContent()).toBe('उपकरणों पर, सर्वर तक नहीं पहुँचे आवेदन: 36');
    expect(await page.getByTestId('fleet-summary-flagged').textContent()).toBe('⚠ 3 दिन से ज़्यादा चुप और बिना भेजे आवेदनों वाले उपकरण: 1');
    expect(await page.getByTestId('fleet-pager').count()).toBe(0);
    await audit('office-fleet');
    expect(findings).toEqual([]);
  });

  it('flags by the limit the officer sets, kept in the address, and refuses one outside 1 to 90', async () => {
    const order = [lko.quiet, lko.camp, lko.twoDay, lko.busy, lko.clean, lko.fresh].map((device) => device.deviceId);
    await page.fill('#fleet-silent-days', '7');
    await page.click('.fleet-controls__days button[type=submit]');
    await expectRows(order, [], 7, 'a limit of 7 days');
    expect(new URL(page.url()).searchParams.get('silentDays')).toBe('7');
    expect(await page.getByTestId('fleet-flag').count()).toBe(0);

    // Devanagari digits too: १ is 1. Both silent devices holding filings are flagged, the longest silent first.
    await page.fill('#fleet-silent-days', '१');
    await page.press('#fleet-silent-days', 'Enter');
    await expectRows([lko.quiet, lko.twoDay, lko.camp, lko.busy, lko.clean, lko.fresh].map((device) => device.deviceId), [lko.quiet.deviceId, lko.twoDay.deviceId], 1, 'a limit of 1 day');
    expect(await row(lko.twoDay).getByTestId('fleet-flag').textContent()).toBe('⚠ चिह्नित: 2 दिन से कोई रिपोर्ट नहीं, और आवेदन अभी भेजे नहीं गए');
    // Never flagged: silent 2 days but holding nothing unsent.
    expect(await row(lko.clean).getAttribute('data-flagged')).toBe('false');

    await page.fill('#fleet-silent-days', '91');
    await page.click('.fleet-controls__days button[type=submit]');
    expect(await page.getByTestId('fleet-silent-days-error').textContent()).toBe('1 से 90 तक दिनों की पूरी संख्या लिखें');
    expect(await page.getAttribute('#fleet-silent-days', 'aria-invalid')).toBe('true');
    expect(new URL(page.url()).searchParams.get('silentDays')).toBe('1');
    await audit('office-fleet-limit-refused');

    // A reload keeps the limit: it lives in the address.
    await page.reload();
    await expectRows([lko.quiet, lko.twoDay, lko.camp, lko.busy, lko.clean, lko.fresh].map((device) => device.deviceId), [lko.quiet.deviceId, lko.twoDay.deviceId], 1, 'after a reload');
    expect(await page.inputValue('#fleet-silent-days')).toBe('1');
    expect(findings).toEqual([]);
  });

  it('downloads the same devices, in the same order and with the same flags, as CSV', async () => {
    const link = page.getByTestId('fleet-csv-link');
    expect(await link.getAttribute('href')).toBe('/api/v1/office/devices.csv?silentDays=1');
    const download = page.waitForEvent('download');
    await link.click();
    const file = await (await download).path();
    const csv = fs.readFileSync(file!, 'utf8');
    const rows = parse(csv.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    const shown = await fleetRows(page);
    expect(rows.map((r) => r.device)).toEqual(shown.map((r) => r.id));
    expect(rows.map((r) => r.flagged_silent === 'yes')).toEqual(shown.map((r) => r.flagged));
    expect(rows.find((r) => r.device === lko.busy.deviceId)).toMatchObject({ office: 'LKO1', operator: 'op-17', unsent: '30', storage_persisted: 'no' });
    expect(csv).not.toContain(knp.deviceId);
  });

  it('pages an office of more than 50 devices, 50 a page', async () => {
    const agra = await enrollLabelled(server, 'AGR1', 'Agra counter');
    await sendHeartbeat(server, agra, beat({ wt: 1 }));
    addSilentDevices(server, 'AGR1', 52, new Date(Date.now() - DAY_MS));
    const other = await session.browser.newContext({ viewport: { width: 360, height: 640 } });
    try {
      const agr = await other.newPage();
      await openSignIn(agr, server);
      await signIn(agr, 'agr.officer');
      await agr.getByTestId('office-user').waitFor();
      await agr.goto(`${server.url}/office/devices`);
      await agr.getByTestId('fleet-pager').waitFor();
      expect(await agr.getByTestId('fleet-total').getAttribute('data-total')).toBe('53');
      expect(await agr.locator('[data-testid="fleet-row"]').count()).toBe(50);
      // The one holding a filing leads.
      expect(await agr.locator('[data-testid="fleet-row"]').first().getAttribute('data-id')).toBe(agra.deviceId);
      expect(await agr.getByTestId('fleet-total').textContent()).toBe('उपकरण: 53 · 1–50 (कुल 53)');
      await agr.getByRole('link', { name: 'अगला पृष्ठ' }).click();
      await eventually(async () => (await agr.locator('[data-testid="fleet-row"]').count()) === 3, 10_000, 'the second page');
      expect(new URL(agr.url()).searchParams.get('page')).toBe('2');
      const ids = await agr.locator('[data-testid="fleet-row"]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id')));
      expect(ids).not.toContain(agra.deviceId);
    } finally {
      await other.close();
    }
  });

  it('draws the filings still on devices beside the server’s stages in the backlog chart', async () => {
    await page.getByRole('link', { name: 'आवेदनों की सूची' }).click();
    const onDevices = page.getByTestId('chart-on-devices');
    await onDevices.waitFor();
    // 2 + 3 + 1 + 30 on LKO1's devices; KNP1's 9 are not this office's.
    expect(await onDevices.getAttribute('data-count')).toBe('36');
    expect(await onDevices.locator('text').first().textContent()).toBe('अभी उपकरणों पर — सर्वर तक नहीं पहुँचे');
    // Hatched, unlike the server's solid age colours.
    expect(await onDevices.getByTestId('chart-on-devices-bar').getAttribute('fill')).toBe('url(#chart-on-devices-hatch)');
    expect(await page.locator('[data-testid="stats-chart"] g[data-status]').count()).toBeGreaterThan(0);
    expect(await page.locator('#chart-desc').textContent()).toMatch(/^अभी उपकरणों पर, सर्वर तक नहीं पहुँचे: 36; /);
    expect(await page.getByTestId('chart-on-devices-legend').textContent()).toBe('अभी उपकरणों पर: कियोस्क पर भरे, अभी भेजे नहीं गए (उम्र के अनुसार नहीं बँटे)');
    expect(await page.locator('[data-testid="stats-on-devices"] [data-testid="stats-row-total"]').textContent()).toBe('36');
    await audit('office-backlog-on-devices');
    // The legend leads to the devices that hold them.
    await page.getByTestId('chart-see-devices').click();
    await page.locator('[data-testid="fleet-row"]').first().waitFor();
    expect(new URL(page.url()).pathname).toBe('/office/devices');
    expect(findings).toEqual([]);
  });

  it('shows an officer of KNP1 only KNP1’s device, in the table, the chart and the CSV', async () => {
    const other = await session.browser.newContext({ viewport: { width: 360, height: 640 } });
    try {
      const knpPage = await other.newPage();
      await openSignIn(knpPage, server);
      await signIn(knpPage, 'knp.officer');
      await knpPage.getByTestId('chart-on-devices').waitFor();
      expect(await knpPage.getByTestId('chart-on-devices').getAttribute('data-count')).toBe('9');
      await knpPage.getByTestId('office-bar-fleet').click();
      await eventually(async () => (await knpPage.locator('[data-testid="fleet-row"]').count()) === 1, 10_000, 'KNP1’s device');
      expect(await knpPage.locator('[data-testid="fleet-row"]').getAttribute('data-id')).toBe(knp.deviceId);
      const text = (await knpPage.getByTestId('fleet').textContent()) ?? '';
      for (const device of Object.values(lko)) expect(text).not.toContain(device.deviceId);
      expect(text).not.toContain('अलीगंज');
      // Asking for LKO1 by hand is refused by the server, and the screen says so.
      await knpPage.goto(`${server.url}/office/devices?office=LKO1`);
      const error = knpPage.getByTestId('fleet-error');
      await error.waitFor();
      expect(await error.getAttribute('data-code')).toBe('forbidden');
      expect(await knpPage.locator('[data-testid="fleet-row"]').count()).toBe(0);
      const csv = await other.request.get(`${server.url}/api/v1/office/devices.csv?office=LKO1`);
      expect(csv.status()).toBe(403);
    } finally {
      await other.close();
    }
  });

  it('says so when an office has no devices, and when the list cannot be loaded', async () => {
    const other = await session.browser.newContext({ viewport: { width: 360, height: 640 } });
    try {
      const vns = await other.newPage();
      await createOfficer(server, 'vns.officer', { office: 'VNS1', name: 'वाराणसी अधिकारी' });
      await openSignIn(vns, server);
      await signIn(vns, 'vns.officer');
      await vns.getByTestId('office-user').waitFor();
      await vns.goto(`${server.url}/office/devices`);
      const empty = vns.getByTestId('fleet-empty');
      await empty.waitFor();
      expect(await empty.textContent()).toBe('इस कार्यालय का अभी कोई उपकरण पंजीकृत नहीं है');
      await auditScreen(vns, 'office-fleet-empty', findings, { keep: true });

      // The server does not answer: the reason, and a way to try again.
      await vns.route('**/api/v1/office/devices*', (route) => route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ error: 'unavailable' }) }));
      await vns.reload();
      const error = vns.getByTestId('fleet-error');
      await error.waitFor();
      expect(await error.getAttribute('data-code')).toBe('unavailable');
      expect(await error.getByRole('alert').textContent()).toBe('सर्वर अभी उपलब्ध नहीं है — थोड़ी देर बाद फिर कोशिश करें');
      await auditScreen(vns, 'office-fleet-error', findings, { keep: true });
      await vns.unroute('**/api/v1/office/devices*');
      await error.getByRole('button', { name: 'फिर कोशिश करें' }).click();
      await empty.waitFor();
      expect(await vns.getByTestId('fleet-error').count()).toBe(0);
      expect(findings).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('passes the audit in English on a phone and in Hindi on a desktop', async () => {
    await page.goto(`${server.url}/office/devices`);
    await page.locator('[data-testid="fleet-row"]').first().waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Devices and what they still hold' }).waitFor();
    expect(await row(lko.quiet).getByTestId('fleet-flag').textContent()).toBe('⚠ Flagged: no report for 5 days, and filings still unsent');
    expect(await row(lko.busy).getByTestId('fleet-storage').textContent()).toBe('⚠ Nearly full: 1.9 GB of 2 GB (95%)');
    expect(await row(lko.quiet).getByTestId('fleet-last-seen-at').textContent()).toBe(formatDateTime(quietSeenAt, 'en'));
    await audit('office-fleet-en', 'en');
    await page.getByRole('button', { name: 'हिंदी' }).click();

    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('heading', { name: 'उपकरण और उन पर बचे आवेदन' }).waitFor();
    // A table on a desktop: its column headers shown.
    expect(await page.locator('.fleet-table thead th').first().isVisible()).toBe(true);
    expect(await page.locator('.fleet-table thead th').count()).toBe(8);
    await audit('office-fleet-1280');
    await page.getByRole('link', { name: 'आवेदनों की सूची' }).click();
    await page.getByTestId('chart-on-devices').waitFor();
    await audit('office-backlog-on-devices-1280');
    expect(findings).toEqual([]);
  });
});
