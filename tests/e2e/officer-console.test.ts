import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerProcess } from '../../scripts/server-process';
import { captureFiling, eventually, goHome } from './support/kiosk';
import { useKioskSession } from './support/kiosk-session';
import { auditScreen, createOfficer, expectListed, moveTo, openSignIn, signIn } from './support/office';

/**
 * The officers' console against the real server, beside a real kiosk: an officer of the
 * kiosk's office (LKO1) signs in in a browser context of their own, finds the kiosk's filing
 * by stage and a Devanagari name, moves it along with notes, and the kiosk shows the new
 * stage. An officer of another office sees none of it. Every console screen is audited
 * (axe-core, layout at 360 px, touch targets, the Devanagari font) in Hindi and English
 * on a phone and in Hindi on a desktop.
 */
describe('the officers console, in Chromium against the real server', () => {
  const kiosk = useKioskSession({ lang: 'hi' });
  let server: ServerProcess;
  let kioskPage: Page;
  let officer: BrowserContext;
  let page: Page;
  // Two filings from the kiosk: a new connection for कमला देवी, a prepaid-to-postpaid for सीता देवी.
  const kamla = { id: '', applicationNo: '' };
  const sita = { id: '', applicationNo: '' };
  const findings: string[] = [];
  const audit = (name: string, lang: 'hi' | 'en' = 'hi') => auditScreen(page, name, findings, { keep: lang === 'hi' });

  beforeAll(async () => {
    ({ server, page: kioskPage } = kiosk);
    await createOfficer(server, 'lko.officer', { office: 'LKO1', name: 'राधा वर्मा' });
    await createOfficer(server, 'knp.officer', { office: 'KNP1', name: 'Kanpur Officer' });

    kamla.id = (await captureFiling(kioskPage, { name: 'कमला देवी' })).filingId;
    await goHome(kioskPage);
    sita.id = (await captureFiling(kioskPage, { type: 'prepaid_to_postpaid', name: 'सीता देवी' })).filingId;
    await goHome(kioskPage);
    // Received on the kiosk means the server has the envelopes and every document.
    await eventually(async () => (await kioskPage.locator('[data-testid="filing"][data-state="received"]').count()) === 2, 60_000, 'both filings received');
    const rows = server.applications();
    kamla.applicationNo = rows.find((row) => row.id === kamla.id)!.application_no;
    sita.applicationNo = rows.find((row) => row.id === sita.id)!.application_no;
    // Already moved on by the office, so the stage filter has something to leave out.
    await server.cli('set-status', sita.applicationNo, 'under_review', '--note', 'पुराने बिल देखे जा रहे हैं');

    officer = await kiosk.browser.newContext({ viewport: { width: 360, height: 640 } });
    page = await officer.newPage();
  });

  afterAll(async () => {
    await officer?.close();
  });

  it('refuses a wrong password with the message in the chosen language, then signs in', async () => {
    await openSignIn(page, server);
    await audit('office-sign-in');

    await page.click('[data-testid="office-sign-in"] button[type=submit]');
    await expect(page.getByTestId('sign-in-error').getAttribute('data-code')).resolves.toBe('missing');

    await signIn(page, 'lko.officer', 'not the password');
    const error = page.getByTestId('sign-in-error');
    await eventually(async () => (await error.getAttribute('data-code')) === 'bad_credentials', 10_000, 'the refusal');
    expect(await error.textContent()).toBe('उपयोगकर्ता नाम या पासवर्ड गलत है');
    await audit('office-sign-in-refused');
    await page.getByRole('button', { name: 'English' }).click();
    expect(await error.textContent()).toBe('The user name or password is wrong');
    await audit('office-sign-in-refused-en', 'en');
    await page.getByRole('button', { name: 'हिंदी' }).click();

    await signIn(page, 'lko.officer');
    await page.getByTestId('office-user').waitFor();
    expect(await page.getByTestId('office-user').textContent()).toBe('राधा वर्मा · अधिकारी · LKO1');
    // The session is the server's cookie: a reload stays signed in.
    await page.reload();
    await page.getByTestId('office-user').waitFor();
    expect(findings).toEqual([]);
  });

  it('draws the backlog by stage and age, and filters the list by stage and a Devanagari name, in the address', async () => {
    await page.getByTestId('stats-chart').waitFor();
    // The picture: one bar per stage that has applications, each segment an age bucket with its count.
    const bars = await page.locator('[data-testid="stats-chart"] g[data-status]').evaluateAll((groups) =>
      groups.map((group) => ({ status: group.getAttribute('data-status'), segments: Array.from(group.querySelectorAll('[data-bucket]')).map((segment) => `${segment.getAttribute('data-bucket')}:${segment.getAttribute('data-count')}`) })),
    );
    expect(bars).toEqual([
      { status: 'received', segments: ['0-7:1'] },
      { status: 'under_review', segments: ['0-7:1'] },
    ]);
    const chart = page.getByTestId('stats-chart');
    expect(await chart.getAttribute('role')).toBe('img');
    expect(await chart.locator('title').first().textContent()).toBe('स्थिति और उम्र के अनुसार आवेदन');
    expect(await chart.locator('desc').textContent()).toContain('कार्यालय में प्राप्त: कुल 1');
    // The same numbers as text.
    expect(await page.locator('[data-testid="stats-table"] tr[data-status="under_review"] [data-testid="stats-row-total"]').textContent()).toBe('1');
    expect(await page.getByTestId('stats-breached').getAttribute('data-count')).toBe('0');
    expect(await page.getByTestId('stats-unverified').getAttribute('data-count')).toBe('2');
    await expectListed(page, [kamla.applicationNo, sita.applicationNo], 'unfiltered');
    await audit('office-backlog');

    await page.selectOption('#filter-status', 'received');
    await expectListed(page, [kamla.applicationNo], 'received only');
    expect(new URL(page.url()).searchParams.get('status')).toBe('received');

    await page.fill('#backlog-q', 'सीता');
    await page.click('.office-search button[type=submit]');
    await page.getByTestId('backlog-empty').waitFor();
    expect(await page.getByTestId('backlog-total').getAttribute('data-total')).toBe('0');

    await page.fill('#backlog-q', 'कमला');
    await page.press('#backlog-q', 'Enter');
    await expectListed(page, [kamla.applicationNo], 'received, named कमला');
    const row = page.locator('[data-testid="backlog-row"]');
    expect(await row.locator('.office-row__name').textContent()).toBe('कमला देवी');
    expect(await row.textContent()).toContain('मोबाइल पुष्ट नहीं');
    expect(await row.textContent()).toContain('समय-सीमा में 7 दिन बाकी');

    // A reload keeps the filters: they live in the address.
    await page.reload();
    await expectListed(page, [kamla.applicationNo], 'after a reload');
    expect(await page.inputValue('#filter-status')).toBe('received');
    expect(await page.inputValue('#backlog-q')).toBe('कमला');

    // The CSV is the same list, in the console's language.
    const href = (await page.getByTestId('csv-link').getAttribute('href'))!;
    expect(href).toBe(`/api/v1/office/export.csv?status=received&q=${encodeURIComponent('कमला')}&lang=hi`);
    const csv = await officer.request.get(`${server.url}${href}`);
    expect(csv.status()).toBe(200);
    const text = await csv.text();
    expect(text).toContain(kamla.applicationNo);
    expect(text).not.toContain(sita.applicationNo);
    expect(text).toContain('आवेदन संख्या,');
    expect(text).toContain(',कार्यालय में प्राप्त,');
    await audit('office-backlog-filtered');
    expect(findings).toEqual([]);
  });

  it('moves the filing to under review and to survey scheduled with notes, and the kiosk shows the new stage', async () => {
    await page.locator(`[data-testid="backlog-row"][data-id="${kamla.id}"] a`).click();
    await page.getByTestId('detail').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/office/applications/${kamla.id}`);
    expect(await page.getByTestId('detail-status').getAttribute('data-status')).toBe('received');
    expect(await page.locator('h1').textContent()).toBe(`आवेदन ${kamla.applicationNo}`);
    // The filing's fields under the kiosk form's own labels.
    expect(await page.locator('[data-path="applicant.name"] dd').textContent()).toBe('कमला देवी');
    expect(await page.locator('[data-path="premises.area"] dd').textContent()).toBe('शहरी');
    expect(await page.locator('[data-path="applicant.idProof"] dd').textContent()).toMatch(/^आधार XXXX XXXX \d{4}$/);
    // Its three documents, all on the server: photos as pictures that load, the PDF as a link.
    const documents = page.locator('[data-testid="office-document"]');
    expect(await documents.count()).toBe(3);
    expect(await page.locator('[data-testid="office-document"][data-present="true"]').count()).toBe(3);
    await eventually(() => page.locator('[data-testid="office-document"] img').evaluateAll((images) => images.length === 2 && images.every((image) => (image as HTMLImageElement).naturalWidth > 0)), 10_000, 'the photos to load');
    expect(await page.locator('[data-testid="office-document"] a.thumb--pdf').count()).toBe(1);
    expect(await page.getByTestId('otp-panel').getAttribute('data-state')).not.toBe('verified');

    // No move without a note.
    await page.selectOption('#action-to', 'under_review');
    await page.click('[data-testid="transition-form"] button[type=submit]');
    expect(await page.locator('#action-note-error').textContent()).toBe('टिप्पणी लिखें');
    expect(await page.getByTestId('detail-status').getAttribute('data-status')).toBe('received');
    await audit('office-detail-note-missing');

    await moveTo(page, 'under_review', 'कागज़ों की जाँच शुरू');
    expect(await page.getByTestId('action-outcome').textContent()).toBe('स्थिति बदली गई: जाँच में');
    // The form now offers the stages after "under review", and starts empty.
    const offered = await page.locator('#action-to option').evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
    expect(offered).toEqual(['', 'objection', 'survey_scheduled', 'rejected']);
    expect(await page.inputValue('#action-note')).toBe('');
    await moveTo(page, 'survey_scheduled', 'सर्वे 12 तारीख़ को सुबह 10 बजे', { preferredDay: 1 });

    // The history, oldest first, with stage names, notes and who.
    const history = await page.locator('[data-testid="history-event"]').evaluateAll((events) =>
      events.map((event) => ({ status: event.getAttribute('data-status'), text: event.textContent ?? '' })),
    );
    expect(history.map((event) => event.status)).toEqual(['received', 'under_review', 'survey_scheduled']);
    expect(history[1]!.text).toContain('जाँच में');
    expect(history[1]!.text).toContain('कागज़ों की जाँच शुरू');
    expect(history[1]!.text).toContain('lko.officer द्वारा');
    expect(history[2]!.text).toContain('सर्वे 12 तारीख़ को सुबह 10 बजे');
    await audit('office-detail');

    // The kiosk learns of it from /changes; a reload asks at once.
    await kioskPage.reload();
    const status = kioskPage.locator(`[data-filing-id="${kamla.id}"] [data-testid="server-status"]`);
    await eventually(async () => (await status.getAttribute('data-status').catch(() => null)) === 'survey_scheduled', 45_000, 'the new stage on the kiosk');
    expect(await status.textContent()).toBe('सर्वे तय');
    expect(findings).toEqual([]);
  });

  it('keeps an objection’s reason, and refuses a move someone else overtook, in Hindi', async () => {
    await page.goto(`${server.url}/office/applications/${sita.id}`);
    await page.getByTestId('detail').waitFor();
    expect(await page.getByTestId('detail-status').getAttribute('data-status')).toBe('under_review');
    await page.selectOption('#action-to', 'objection');
    expect(await page.locator('label[for="action-note"]').textContent()).toBe('आपत्ति का कारण');
    await moveTo(page, 'objection', 'बिजली बिल की प्रति लगाएँ');
    const objection = page.getByTestId('objection');
    expect(await objection.getAttribute('data-open')).toBe('true');
    expect(await objection.getByTestId('objection-reason').textContent()).toBe('बिजली बिल की प्रति लगाएँ');
    await audit('office-detail-objection');

    // Meanwhile the application is cancelled elsewhere; this page still offers "rejected".
    await server.cli('set-status', sita.applicationNo, 'cancelled', '--note', 'आवेदक ने वापस लिया');
    await page.selectOption('#action-to', 'rejected');
    await page.fill('#action-note', 'कागज़ पूरे नहीं');
    await page.click('[data-testid="transition-form"] button[type=submit]');
    const outcome = page.locator('[data-testid="action-outcome"][data-kind="failed"]');
    await outcome.waitFor();
    expect(await outcome.textContent()).toBe('आवेदन इस स्थिति से उस स्थिति में नहीं जा सकता');
    // …and the page shows where the application really stands.
    await eventually(async () => (await page.getByTestId('detail-status').getAttribute('data-status')) === 'cancelled', 10_000, 'the real stage');
    await page.getByTestId('action-final').waitFor();
    expect(findings).toEqual([]);
  });

  it('shows an officer of another office none of LKO1’s filings', async () => {
    const other = await kiosk.browser.newContext({ viewport: { width: 360, height: 640 } });
    try {
      const knp = await other.newPage();
      await openSignIn(knp, server);
      await signIn(knp, 'knp.officer');
      await knp.getByTestId('backlog-empty').waitFor();
      expect(await knp.getByTestId('backlog-total').getAttribute('data-total')).toBe('0');
      expect(await knp.getByTestId('office-user').textContent()).toContain('KNP1');
      await knp.goto(`${server.url}/office/applications/${kamla.id}`);
      const error = knp.getByTestId('detail-error');
      await error.waitFor();
      expect(await error.getAttribute('data-code')).toBe('forbidden');
      expect(await error.textContent()).toBe('यह खाता इस कार्यालय के आवेदन न देख सकता है, न बदल सकता है');

      // Signing out ends the session on the server too.
      await knp.getByRole('button', { name: 'साइन आउट' }).click();
      await knp.getByTestId('office-sign-in').waitFor();
      expect((await other.request.get(`${server.url}/api/v1/office/me`)).status()).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('passes the audit in English on a phone and in Hindi on a desktop', async () => {
    await page.goto(`${server.url}/office?q=${encodeURIComponent('कमला')}`);
    await page.getByTestId('stats-chart').waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Office console' }).waitFor();
    await audit('office-backlog-en', 'en');
    // The CSV follows the language the officer switched to.
    expect(await page.getByTestId('csv-link').getAttribute('href')).toBe(`/api/v1/office/export.csv?q=${encodeURIComponent('कमला')}&lang=en`);
    await page.locator(`[data-testid="backlog-row"][data-id="${kamla.id}"] a`).click();
    await page.getByTestId('detail').waitFor();
    await audit('office-detail-en', 'en');
    await page.getByRole('button', { name: 'हिंदी' }).click();

    await page.setViewportSize({ width: 1280, height: 800 });
    await page.getByRole('heading', { name: `आवेदन ${kamla.applicationNo}` }).waitFor();
    await audit('office-detail-1280');
    await page.getByRole('link', { name: 'सूची पर वापस' }).click();
    await page.getByTestId('stats-chart').waitFor();
    // Back to the list as it was filtered.
    await expectListed(page, [kamla.applicationNo], 'the list as last filtered');
    expect(await page.inputValue('#backlog-q')).toBe('कमला');
    await audit('office-backlog-1280');
    await page.getByRole('button', { name: 'साइन आउट' }).click();
    await page.getByTestId('office-sign-in').waitFor();
    await audit('office-sign-in-1280');
    expect(findings).toEqual([]);
  });
});
