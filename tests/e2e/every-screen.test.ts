import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_TYPES, type RequestType } from '../../src/domain/requests';
import { FORMS } from '../../src/forms/registry';
import { layoutProblems, screenshot, seriousAxeFindings } from './support/audit';
import { attachRequiredDocuments, byPath, clickNext, enrollKiosk, fillFields, goHome, startApplication, submitFromReview, validInput } from './support/kiosk';
import type { ServerProcess } from '../../scripts/server-process';
import { useKioskSession } from './support/kiosk-session';

/**
 * Walks every screen of the app at 360×640 in Hindi and in English: axe-core must find
 * nothing serious or critical, nothing may be clipped or scroll sideways, Devanagari must be
 * drawn with the shipped font; the screenshots (`NAME.png` in Hindi, `NAME.en.png` in English)
 * are kept in test-results/screenshots.
 */
describe.each(['hi', 'en'] as const)('every screen in %s', (lang) => {
  const kiosk = useKioskSession({ enroll: false, lang });
  let page: Page;
  let server: ServerProcess;
  const findings: string[] = [];
  async function audit(name: string) {
    await page.waitForTimeout(50);
    for (const finding of await seriousAxeFindings(page)) findings.push(`${name}: ${finding.id} (${finding.impact}) ${finding.help} — ${finding.targets.slice(0, 3).join(', ')}`);
    for (const problem of await layoutProblems(page)) findings.push(`${name}: ${problem}`);
    await screenshot(page, lang === 'hi' ? name : `${name}.en`);
  }
  beforeAll(() => ({ page, server } = kiosk));

  it('enrollment, home, the choice of request, every step of every form, review, receipt, status, ledger, receipt check, my receipts', async () => {
    await page.goto(server.url);
    await page.locator(byPath('enroll.code')).waitFor();
    await audit('enroll');
    await page.click('button[type=submit]');
    await audit('enroll-missing');
    await enrollKiosk(page, server);
    await page.getByTestId('home-device').waitFor();
    // The home screen says which office, device and operator it is.
    expect(await page.getByTestId('home-device').textContent()).toMatch(/LKO1.*D\d+.*\S/);
    await audit('home-empty');

    for (const type of REQUEST_TYPES as readonly RequestType[]) {
      await startApplication(page, type);
      const input = validInput(type);
      for (const step of FORMS[type].steps) {
        await audit(`${type}-${step.id}`);
        await clickNext(page);
        await audit(`${type}-${step.id}-errors`);
        if (step.documents) await attachRequiredDocuments(page, type);
        else await fillFields(page, input[step.id] ?? {});
        if (step.documents) await audit(`${type}-${step.id}-attached`);
        await clickNext(page);
      }
      await audit(`${type}-review`);
      await submitFromReview(page);
      await audit(`${type}-receipt`);
      await goHome(page);
    }

    await page.getByRole('button', { name: /^(नया आवेदन|New application)$/ }).click();
    await audit('choose-request');
    await page.locator('.choice').first().click();
    await page.fill(byPath('applicant.name'), 'अधूरा');
    await page.waitForTimeout(400);
    await page.getByRole('button', { name: /अधूरा आवेदन हटाएँ|Discard draft/ }).click();
    // The dialog opens in an effect, after the click.
    await page.getByTestId('confirm-dialog').waitFor();
    await audit('discard-dialog');
    await page.keyboard.press('Escape');
    await goHome(page);
    // The lists are read from IndexedDB after the screen's first draw.
    await page.locator('[data-testid="filing"]').first().waitFor();
    await audit('home-with-filings');
    await page.fill('#search', 'zzz');
    await page.locator('[data-testid="no-filings"][data-query="zzz"]').waitFor();
    await audit('home-no-matches');
    await page.fill('#search', '');
    await page.locator('.header__sync').click();
    await page.getByTestId('status-facts').waitFor();
    await audit('status');

    await goHome(page);
    await page.getByRole('link', { name: /दिन का हिसाब|Day-end report/ }).click();
    await page.getByTestId('ledger-total').waitFor();
    await audit('ledger');
    await goHome(page);
    await page.locator('[data-testid="filing"]').first().click();
    const link = (await page.getByTestId('receipt-qr').getAttribute('data-qr-text'))!;
    await page.goto(link);
    await page.getByTestId('verdict').waitFor();
    await audit('verify-receipt');
    await page.getByRole('button', { name: /मेरी रसीदों में सहेजें|Save to My receipts/ }).click();
    // Leaving before the write has committed would abort it.
    await page.getByRole('button', { name: /मेरी रसीदों में सहेजी गई|Saved in My receipts/ }).waitFor();
    await page.goto(`${server.url}/r/`);
    await page.getByTestId('my-receipts').waitFor();
    await audit('my-receipts');

    expect(findings).toEqual([]);
  });
});
