import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ServerProcess } from '../../scripts/server-process';
import { addDays, indiaDay } from '../../src/domain/dates';
import { formatDate, formatMoney } from '../../src/domain/format-dates';
import { statusLinkPath } from '../../src/domain/receipt/status-link';
import { layoutProblems, SCREENSHOT_DIR, seriousAxeFindings } from './support/audit';
import { useKioskSession } from './support/kiosk-session';
import { createOfficer, OFFICER_PASSWORD } from './support/office';
import { enrollSigningDevice, fileOnServer } from './support/signed-filing';

type Lang = 'hi' | 'en';
type Filed = Awaited<ReturnType<typeof fileOnServer>>;

/**
 * The applicant's page (/r/#proof, what a receipt's QR opens) on a 360×640 phone, against
 * the real server, at every stage an application can reach: filings are sent over HTTP by a
 * signing device (no form to drive), an officer moves them through the console's API, and at
 * each stage the page is read, audited (axe-core, layout, the Devanagari font) and kept as a
 * screenshot in Hindi and English. Then offline, the last status seen, with its date; and the
 * SMS's status link (/s/#receiptNo.check).
 */
describe('the applicant’s page at each stage, in Chromium against the real server', () => {
  const session = useKioskSession({ enroll: false });
  let server: ServerProcess;
  let context: BrowserContext;
  let page: Page;
  let cookie = '';
  let main: Filed;
  const today = indiaDay(Date.now());
  const surveyDate = addDays(today, 5);

  beforeAll(async () => {
    ({ server, context, page } = session);
    await createOfficer(server, 'lko.officer', { office: 'LKO1', name: 'राधा वर्मा' });
    const login = await fetch(`${server.url}/api/v1/office/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'lko.officer', password: OFFICER_PASSWORD }) });
    expect(login.status).toBe(200);
    cookie = login.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');
    const device = await enrollSigningDevice(server);
    main = await fileOnServer(server, device, 1, { name: 'सीता देवी' });
    // The phone's first visit: the app and the server's keys kept for offline checks.
    await page.goto(server.url);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
  });

  async function move(filed: Filed, to: string, details: { applicantNote?: string; surveyDate?: string; estimateAmount?: number } = {}) {
    const response = await fetch(`${server.url}/api/v1/office/applications/${filed.id}/transitions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ to, note: `internal: moved to ${to}`, ...details }),
    });
    expect([response.status, await response.text()]).toEqual([200, expect.any(String)]);
  }

  async function language(): Promise<Lang> {
    return (await page.evaluate(() => document.documentElement.lang)) === 'en' ? 'en' : 'hi';
  }

  async function switchLanguage(): Promise<void> {
    const before = await language();
    await page.locator('.header .button--on-brand').click();
    await page.waitForFunction((lang) => document.documentElement.lang !== lang, before);
  }

  /** The server's answer on screen, live (not the copy from an earlier visit). */
  async function liveStage(stage: string): Promise<void> {
    await page.locator(`[data-testid="status-panel"][data-source="live"][data-status="${stage}"]`).waitFor({ timeout: 15_000 });
  }

  /** Audits the page as it is, and keeps its screenshot as `applicant-NAME-LANG.png`. */
  async function auditAndKeep(name: string): Promise<void> {
    const lang = await language();
    await page.evaluate(() => document.fonts.ready);
    expect(await seriousAxeFindings(page), `${name} ${lang}: axe`).toEqual([]);
    expect(await layoutProblems(page), `${name} ${lang}: layout`).toEqual([]);
    // The server's answer names no one: the receipt's own lines (from the QR the holder has) may,
    // the status never; the status link's page has nothing else.
    const text = await page.locator(page.url().includes('/s/') ? 'main' : '[data-testid="server-answer"]').innerText();
    for (const personal of ['सीता देवी', '9876543210', '98765', 'Aliganj', 'H. No. 12']) expect(text, `${name} ${lang}`).not.toContain(personal);
    // The whole page at 360 px: a stage's panel runs past the first 640 px on the longer ones.
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `applicant-${name}-${lang}.png`), fullPage: true });
  }

  /** What the panel says at this stage, in the page's language, checked in both. */
  async function shootStage(name: string, check: (lang: Lang) => Promise<void>): Promise<void> {
    for (let i = 0; i < 2; i++) {
      if (i) await switchLanguage();
      await check(await language());
      await auditAndKeep(name);
    }
  }

  const text = (id: string) => page.getByTestId(id).innerText();

  it('shows each stage with its day, what to do next, the survey day and the estimate, in Hindi and English', async () => {
    await page.goto(main.link);
    await liveStage('received');
    expect(await page.getByTestId('verified-receipt').getAttribute('data-status')).toBe('verified');
    const since = (lang: Lang) => formatDate(today, lang);
    const sinceText = async (lang: Lang) => expect(await text('status-since')).toContain(since(lang));
    await shootStage('received', async (lang) => {
      await sinceText(lang);
      expect(await text('status-application-no')).toBe(main.applicationNo);
      expect(await text('status-next')).toMatch(lang === 'hi' ? /^अभी कुछ नहीं करना है।/ : /^Nothing for now\./);
    });

    const steps: { to: string; details?: Parameters<typeof move>[2]; check(lang: Lang): Promise<void> }[] = [
      { to: 'under_review', check: async (lang) => expect(await text('status-next')).toMatch(lang === 'hi' ? /जाँच रहा है/ : /checking your application/) },
      {
        to: 'objection',
        details: { applicantNote: 'बिजली बिल की साफ़ फ़ोटो लाएँ' },
        check: async (lang) => {
          expect(await text('status-note')).toContain('बिजली बिल की साफ़ फ़ोटो लाएँ');
          // The internal note stays in the office.
          expect(await page.locator('main').innerText()).not.toContain('internal:');
          expect(await text('status-next')).toContain(formatDate(addDays(today, 21), lang));
        },
      },
      { to: 'under_review', check: async (lang) => expect(await text('status-next')).toMatch(lang === 'hi' ? /जाँच रहा है/ : /checking your application/) },
      {
        to: 'survey_scheduled',
        details: { surveyDate },
        check: async (lang) => {
          expect(await text('status-survey-date')).toBe(formatDate(surveyDate, lang));
          expect(await text('status-next')).toContain(formatDate(surveyDate, lang));
        },
      },
      {
        to: 'estimate_issued',
        details: { estimateAmount: 12450 },
        check: async (lang) => {
          expect(await text('status-estimate')).toBe(formatMoney(12450, lang));
          expect(await text('status-next')).toContain('₹12,450');
          expect(await text('status-next')).toContain(main.applicationNo);
        },
      },
      { to: 'estimate_paid', check: async (lang) => expect(await text('status-next')).toMatch(lang === 'hi' ? /भुगतान दर्ज है/ : /payment is recorded/) },
      { to: 'meter_installed', check: async (lang) => expect(await text('status-next')).toMatch(lang === 'hi' ? /मीटर लग गया है/ : /meter is in/) },
      {
        to: 'connected',
        check: async (lang) => {
          expect(await text('status-next')).toBe(lang === 'hi' ? 'आपका कनेक्शन चालू है। अब कुछ नहीं करना है।' : 'Your connection is on. Nothing more to do.');
          expect(await page.getByTestId('status-due').count()).toBe(0);
        },
      },
    ];
    const seen = new Set(['received']);
    for (const step of steps) {
      await move(main, step.to, step.details);
      await page.reload();
      await liveStage(step.to);
      const name = seen.has(step.to) ? `${step.to}-again` : step.to;
      seen.add(step.to);
      await shootStage(name, async (lang) => {
        await sinceText(lang);
        await step.check(lang);
      });
    }
  });

  it('shows a rejection’s reason and a cancelled application', async () => {
    const device = await enrollSigningDevice(server);
    const rejected = await fileOnServer(server, device, 1, { name: 'कमला देवी' });
    const cancelled = await fileOnServer(server, device, 2, { name: 'गीता देवी' });
    await move(rejected, 'rejected', { applicantNote: 'परिसर हमारे क्षेत्र से बाहर है' });
    await move(cancelled, 'objection', { applicantNote: 'स्वामित्व का दस्तावेज़ लाएँ' });
    await move(cancelled, 'cancelled');
    await page.goto(rejected.link);
    await liveStage('rejected');
    await shootStage('rejected', async (lang) => {
      expect(await text('status-note')).toContain('परिसर हमारे क्षेत्र से बाहर है');
      expect(await text('status-next')).toMatch(lang === 'hi' ? /अस्वीकार/ : /rejected/);
    });
    await page.goto(cancelled.link);
    await liveStage('cancelled');
    await shootStage('cancelled', async (lang) => expect(await text('status-next')).toMatch(lang === 'hi' ? /रद्द हो गया/ : /was cancelled/));
  });

  it('past the service deadline: says it was missed and that compensation is due under the Rules', async () => {
    const device = await enrollSigningDevice(server);
    const late = await fileOnServer(server, device, 1, { name: 'रीता देवी' });
    await move(late, 'under_review');
    // Days pass: the server has no clock to wind on, so its record of the deadline is moved back instead.
    const dueAt = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000).toISOString();
    const db = new BetterSqlite3(server.dbPath, { fileMustExist: true });
    try {
      db.prepare('update applications set due_at = ? where id = ?').run(dueAt, late.id);
    } finally {
      db.close();
    }
    await page.goto(late.link);
    await liveStage('under_review');
    await shootStage('deadline_missed', async (lang) => {
      expect(await text('status-due')).toBe(formatDate(dueAt, lang));
      expect(await text('deadline-missed')).toContain(lang === 'hi' ? 'विद्युत (उपभोक्ता अधिकार) नियमों' : 'Electricity (Rights of Consumers) Rules');
      expect(await text('deadline-missed')).toContain(late.applicationNo);
    });
  });

  it('offline, a reload shows the last status seen, with the day it was seen; the receipt is still checked', async () => {
    await page.goto(main.link);
    await liveStage('connected');
    await context.setOffline(true);
    try {
      await page.reload();
      await page.locator('[data-testid="status-panel"][data-source="remembered"][data-status="connected"]').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('verified-receipt').getAttribute('data-status')).toBe('verified');
      await shootStage('offline', async (lang) => {
        expect(await text('status-last-seen')).toContain(formatDate(today, lang));
        expect(await text('status-last-seen')).toMatch(lang === 'hi' ? /^अभी कार्यालय से संपर्क नहीं है/ : /^No connection to the office now/);
      });
    } finally {
      await context.setOffline(false);
    }
  });

  it('opens the SMS’s status link: the same panel online, the last one seen offline, and says it needs the network once for an unseen receipt', async () => {
    await page.goto(`${server.url}${statusLinkPath(main.receiptNo, main.checkCode)}`);
    await liveStage('connected');
    expect(await text('status-link-receipt-no')).toContain(main.receiptNo);
    await shootStage('status-link', async () => expect(await text('status-application-no')).toBe(main.applicationNo));
    await context.setOffline(true);
    try {
      await page.reload();
      await page.locator('[data-testid="status-panel"][data-source="remembered"]').waitFor({ timeout: 15_000 });
      await page.goto(`${server.url}${statusLinkPath('LKO1-D01-000099', 'ABCD-2345')}`);
      await page.getByTestId('status-offline').waitFor({ timeout: 15_000 });
      await shootStage('status-link-never-seen', async (lang) => expect(await text('status-offline')).toContain(lang === 'hi' ? 'एक बार इंटरनेट के साथ खोलें' : 'once with internet'));
    } finally {
      await context.setOffline(false);
    }
  });
});
