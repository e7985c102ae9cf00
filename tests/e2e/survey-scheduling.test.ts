import BetterSqlite3 from 'better-sqlite3';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/dates';
import { formatDate } from '../../src/domain/format-dates';
import { surveyWindow } from '../../src/domain/transition';
import type { ServerProcess } from '../../scripts/server-process';
import { captureFiling, eventually } from './support/kiosk';
import { useKioskSession } from './support/kiosk-session';
import { auditScreen, createOfficer, fillMove, moveTo, openSignIn, signIn } from './support/office';

/** The application as the server's own file holds it: its stage, the day and amount set, how many events. */
function stored(server: ServerProcess, id: string): { status: string; survey_date: string | null; estimate_amount: number | null; events: number } {
  const db = new BetterSqlite3(server.dbPath, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare('select status, survey_date, estimate_amount, (select count(*) from application_events e where e.application_id = a.id) as events from applications a where id = ?')
      .get(id) as never;
  } finally {
    db.close();
  }
}

/**
 * Scheduling from the applicant's own days (issue 16), in Chromium against the real server:
 * the officer is offered the three days the applicant gave at the kiosk, a day outside the
 * survey window is refused with the reason and nothing changes, the 2nd preferred day is
 * fixed as data with a note for the applicant apart from the office's own, an estimate is
 * issued in rupees, and the kiosk shows the day, the amount and the note after it syncs.
 */
describe('scheduling a survey on the applicant’s day, in Chromium against the real server', () => {
  const kiosk = useKioskSession({ lang: 'hi' });
  let server: ServerProcess;
  let kioskPage: Page;
  let officer: BrowserContext;
  let page: Page;
  let filingId = '';
  let preferred: string[] = [];
  const findings: string[] = [];

  beforeAll(async () => {
    ({ server, page: kioskPage } = kiosk);
    await createOfficer(server, 'lko.survey', { office: 'LKO1', name: 'राधा वर्मा' });
    filingId = (await captureFiling(kioskPage, { name: 'कमला देवी' })).filingId;
    // The receipt stays open: it is where the kiosk shows what the office set.
    await eventually(async () => (await kioskPage.locator('[data-testid="receipt-state"].badge--received').count()) === 1, 45_000, 'the filing received');
    officer = await kiosk.browser.newContext({ viewport: { width: 360, height: 640 } });
    page = await officer.newPage();
    await openSignIn(page, server);
    await signIn(page, 'lko.survey');
    await page.getByTestId('office-user').waitFor();
  });

  afterAll(async () => {
    await officer?.close();
  });

  it('offers the applicant’s three days, refuses a day outside the window and changes nothing, then fixes the 2nd day', async () => {
    await page.goto(`${server.url}/office/applications/${filingId}`);
    await page.getByTestId('detail').waitFor();
    await page.selectOption('#action-to', 'survey_scheduled');
    const choices = page.getByTestId('survey-choice');
    preferred = await choices.evaluateAll((items) => items.map((item) => item.getAttribute('data-day') ?? ''));
    expect(preferred).toHaveLength(3);
    expect(await page.locator('[data-testid="survey-choice"][data-outside=""]').count()).toBe(3);
    const window = surveyWindow(Date.now());
    expect(await page.locator('#action-survey-date').evaluate((input) => [(input as HTMLInputElement).min, (input as HTMLInputElement).max])).toEqual([window.first, window.last]);

    const before = stored(server, filingId);
    await fillMove(page, 'survey_scheduled', 'आवेदक से फ़ोन पर बात हुई', { surveyDate: addDays(window.last, 1) });
    await page.click('[data-testid="transition-form"] button[type=submit]');
    const error = page.locator('#action-survey-date-error');
    await error.waitFor();
    expect(await error.textContent()).toBe(`${formatDate(window.first, 'hi')} से ${formatDate(window.last, 'hi')} तक की तारीख़ चुनें`);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('action-survey-date');
    // The form with the survey's day open and refused passes the audit (axe-core, 360 px layout, targets).
    await auditScreen(page, 'office-survey-refused', findings, { keep: true });
    expect(findings).toEqual([]);
    // The server judges the same way: asked directly, it refuses with the code and keeps nothing.
    const refused = await officer.request.post(`${server.url}/api/v1/office/applications/${filingId}/transitions`, {
      data: { to: 'survey_scheduled', note: 'n', surveyDate: addDays(window.last, 1) },
    });
    expect(refused.status()).toBe(422);
    expect((await refused.json()).issues).toMatchObject([{ path: 'surveyDate', code: 'date.window' }]);
    expect(stored(server, filingId)).toEqual(before);
    expect(await page.getByTestId('detail-status').getAttribute('data-status')).toBe('received');

    await moveTo(page, 'survey_scheduled', 'आवेदक से फ़ोन पर बात हुई', { preferredDay: 2, applicantNote: 'सर्वे के दिन सुबह 10 बजे घर पर रहें' });
    expect(stored(server, filingId)).toMatchObject({ status: 'survey_scheduled', survey_date: preferred[1] });
    const event = page.locator('[data-testid="history-event"][data-status="survey_scheduled"]');
    expect(await event.getByTestId('history-survey-date').getAttribute('data-day')).toBe(preferred[1]);
    expect(await event.getByTestId('history-applicant-note').textContent()).toBe('आवेदक के लिए संदेश: सर्वे के दिन सुबह 10 बजे घर पर रहें');
    expect(await event.textContent()).toContain('अधिकारी की टिप्पणी: आवेदक से फ़ोन पर बात हुई');
    expect(await page.getByTestId('detail-survey-date').textContent()).toBe(formatDate(preferred[1]!, 'hi'));
  });

  it('issues an estimate in rupees', async () => {
    await moveTo(page, 'estimate_issued', 'लाइन 40 मीटर', { estimate: '12,500' });
    expect(stored(server, filingId)).toMatchObject({ status: 'estimate_issued', survey_date: preferred[1], estimate_amount: 12500 });
    const event = page.locator('[data-testid="history-event"][data-status="estimate_issued"]');
    expect(await event.getByTestId('history-estimate').textContent()).toBe('अनुमान (एस्टिमेट): ₹12,500');
    expect(await page.getByTestId('detail-estimate').textContent()).toBe('₹12,500');
  });

  it('shows the survey’s day and the estimate on the kiosk once it syncs', async () => {
    // A reload asks the server for changes at once.
    await kioskPage.reload();
    const day = kioskPage.getByTestId('receipt-survey-date');
    await eventually(async () => (await kioskPage.getByTestId('receipt-server-status').textContent().catch(() => ''))?.startsWith('अनुमान (एस्टिमेट) जारी'), 30_000, 'the estimate’s stage on the kiosk');
    expect(await day.getAttribute('data-day')).toBe(preferred[1]);
    expect(await day.textContent()).toBe(formatDate(preferred[1]!, 'hi'));
    expect(await kioskPage.getByTestId('receipt-estimate').textContent()).toBe('₹12,500');
  });
});
