import type { BrowserContext, ConsoleMessage, Page, Response } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ServerProcess } from '../../scripts/server-process';
import { captureFiling, enrollKiosk, eventually, goHome } from './support/kiosk';
import { useKioskSession } from './support/kiosk-session';
import { createOfficer, openSignIn, signIn } from './support/office';

interface Violation {
  page: string;
  directive: string;
  blocked: string;
  source: string;
  sample: string;
}

/**
 * The production build in Chromium under the server's Content-Security-Policy (no inline
 * script, no inline style, nothing from elsewhere): every response carries the headers,
 * a whole session of kiosk, receipt page and office console breaks no rule of the policy,
 * and a rule broken on purpose is noticed — so "no violations" means something.
 */
describe('security headers and the Content-Security-Policy in Chromium', () => {
  const violations: Violation[] = [];
  const consoleProblems: string[] = [];
  const kiosk = useKioskSession({
    enroll: false,
    // Every document of the context reports its violations here, whatever page it is.
    async prepare(context: BrowserContext) {
      await context.exposeBinding('__reportCspViolation', ({ frame }, violation: Omit<Violation, 'page'>) => void violations.push({ page: frame.url(), ...violation }));
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          const report = (window as unknown as { __reportCspViolation(violation: object): void }).__reportCspViolation;
          report({ directive: event.effectiveDirective, blocked: event.blockedURI, source: `${event.sourceFile}:${event.lineNumber}`, sample: event.sample });
        });
      });
    },
  });
  let context: BrowserContext;
  let page: Page;
  let server: ServerProcess;
  const watchConsole = (target: Page) =>
    target.on('console', (message: ConsoleMessage) => {
      if (/Content.Security.Policy|Permissions.Policy|Refused to/i.test(message.text())) consoleProblems.push(`${target.url()}: ${message.text()}`);
    });
  beforeAll(() => {
    ({ context, page, server } = kiosk);
    watchConsole(page);
  });

  it('serves the app, its files and the API with the headers, and the built page has nothing inline', async () => {
    const responses: Response[] = [];
    page.on('response', (response) => {
      if (response.url().startsWith(server.url) && !response.fromServiceWorker()) responses.push(response);
    });
    await enrollKiosk(page, server);
    const kinds = new Set(responses.map((response) => response.request().resourceType()));
    expect([...kinds]).toEqual(expect.arrayContaining(['document', 'script', 'stylesheet', 'font', 'fetch']));
    for (const response of responses) {
      const headers = await response.allHeaders();
      const label = `${response.status()} ${response.url()}`;
      const csp = headers['content-security-policy'] ?? '';
      expect([label, csp]).toEqual([label, expect.stringContaining("script-src 'self';")]);
      expect([label, csp]).not.toEqual([label, expect.stringMatching(/unsafe-inline|unsafe-eval/)]);
      expect([label, headers['x-content-type-options'], headers['x-frame-options'], headers['cross-origin-opener-policy']]).toEqual([label, 'nosniff', 'DENY', 'same-origin']);
      expect([label, headers['permissions-policy']]).toEqual([label, expect.stringContaining('camera=(self)')]);
    }
    // The built shell as served: no inline script or style, no event-handler attributes.
    const html = await (await fetch(server.url)).text();
    expect(html).toMatch(/<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js"><\/script>/);
    expect(html.match(/<script(?![^>]*\ssrc=)[^>]*>/g) ?? []).toEqual([]);
    expect(html.match(/<style|\sstyle=|\son[a-z]+=/gi) ?? []).toEqual([]);
  });

  it('runs a whole session — capture with photos, receipt and PDF, the receipt check page, the office console — without breaking a rule', async () => {
    const { filingId } = await captureFiling(page, { name: 'सुरक्षा जाँच' });
    // The receipt with its QR code (an SVG drawn from our own markup), and the PDF (a blob: download).
    const qrText = (await page.getByTestId('receipt-qr').getAttribute('data-qr-text'))!;
    const pdf = page.waitForEvent('download');
    await page.getByRole('button', { name: /PDF/ }).click();
    await pdf;
    await goHome(page);
    await eventually(async () => (await page.locator(`[data-filing-id="${filingId}"]`).getAttribute('data-state')) === 'received', 60_000, 'the filing and its documents to reach the server');

    // The applicant's phone checks the receipt from its QR link.
    const phone = await context.newPage();
    watchConsole(phone);
    await phone.goto(qrText);
    await phone.getByTestId('verdict').waitFor();

    // The office: sign in, the backlog with its chart, the filing with its documents' pictures.
    await createOfficer(server, 'csp.officer', { office: 'LKO1', name: 'नीति अधिकारी' });
    const office = await context.newPage();
    watchConsole(office);
    await openSignIn(office, server);
    await signIn(office, 'csp.officer');
    await office.getByTestId('stats-chart').waitFor();
    await office.locator('[data-testid="backlog-row"]').first().click();
    await eventually(async () => (await office.locator('img').count()) > 0 && (await office.locator('img').evaluateAll((images) => images.some((image) => (image as HTMLImageElement).complete && (image as HTMLImageElement).naturalWidth > 0))), 20_000, 'the documents’ pictures to load');

    expect(violations).toEqual([]);
    expect(consoleProblems).toEqual([]);
    await phone.close();
    await office.close();
  });

  it('cannot be framed by another page', async () => {
    const other = await context.newPage();
    await other.route('http://elsewhere.test/', (route) => route.fulfill({ contentType: 'text/html', body: `<iframe src="${server.url}/" width="300" height="300"></iframe>` }));
    await other.goto('http://elsewhere.test/');
    // frame-ancestors 'none' (and X-Frame-Options: DENY): Chromium shows its own error page instead of the app.
    const frame = await eventually(() => other.frames()[1], 10_000, 'the frame');
    await eventually(() => frame.url() === 'chrome-error://chromewebdata/', 10_000, `Chromium to refuse the frame (it shows ${frame.url()})`);
    expect(await frame.locator('#app').count()).toBe(0);
    await other.close();
  });

  it('notices a rule broken on purpose: an inline script and an inline style are refused and reported', async () => {
    violations.length = 0;
    consoleProblems.length = 0;
    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: /^(नया आवेदन|New application)$/ }).first().waitFor();
    await expect(page.addScriptTag({ content: 'window.inlineRan = true;' })).rejects.toThrow(/Content Security Policy/);
    expect(await page.evaluate(() => 'inlineRan' in window)).toBe(false);
    await page.evaluate(() => {
      const element = document.createElement('div');
      element.setAttribute('style', 'outline: 3px solid red');
      document.body.append(element);
    });
    await eventually(() => violations.length >= 2, 5_000, 'the violations to be reported');
    expect(violations.map((violation) => violation.directive).sort()).toEqual(['script-src-elem', 'style-src-attr']);
    expect(consoleProblems.length).toBeGreaterThan(0);
  });
});
