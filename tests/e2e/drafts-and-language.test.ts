import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { byPath, captureFiling, clickNext, currentStep, eventually, fillFields, goHome, startApplication, testAadhaar, validInput } from './support/kiosk';
import type { ServerProcess } from '../../scripts/server-process';
import { screenshots } from './support/audit';
import { readStore } from './support/indexeddb';
import { useKioskSession } from './support/kiosk-session';

async function draftCount(page: Page): Promise<number> {
  return (await readStore(page, 'drafts')).length;
}

/** Waits for the home screen's drafts, which it reads from IndexedDB after its first draw; returns how many. */
async function draftsShown(page: Page): Promise<number> {
  const stored = await draftCount(page);
  await expect.poll(() => page.getByTestId('draft').count(), { timeout: 10_000 }).toBe(stored);
  return stored;
}

describe('drafts and languages', () => {
  const kiosk = useKioskSession();
  let context: BrowserContext;
  let page: Page;
  let server: ServerProcess;
  beforeAll(() => ({ context, page, server } = kiosk));

  it('saves a draft as it is typed and resumes at the same step and field after a reload', async () => {
    await startApplication(page, 'new_connection');
    const draftUrl = page.url();
    expect(draftUrl).toMatch(/\/drafts\/new_connection\/[0-9A-Z]{26}$/);
    await fillFields(page, validInput('new_connection', 'रामू').applicant!);
    await clickNext(page);
    expect(await currentStep(page)).toBe('premises');
    await page.fill(byPath('premises.pin'), '226024');
    await page.selectOption(byPath('premises.area'), 'rural');
    await page.focus(byPath('premises.locality'));
    // Until the last change (the focused field) is stored, read from the store itself.
    await eventually(
      async () => {
        const drafts = await readStore<{ values: Record<string, unknown>; field?: string }>(page, 'drafts');
        return drafts.length === 1 && drafts[0]!.field === 'f-premises-locality' && drafts[0]!.values['premises.pin'] === '226024' && drafts[0]!.values['premises.area'] === 'rural';
      },
      5_000,
      'the draft to be written',
    );
    await page.getByText('अधूरा आवेदन सहेजा गया').waitFor();

    await page.reload();
    expect(page.url()).toBe(draftUrl);
    expect(await currentStep(page)).toBe('premises');
    // The field gets the focus in an effect after the first render, so it is polled.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), { timeout: 10_000 }).toBe('f-premises-locality');
    await expect(page.inputValue(byPath('premises.pin'))).resolves.toBe('226024');
    await expect(page.inputValue(byPath('premises.area'))).resolves.toBe('rural');
    await page.locator('.stepper__step').first().click();
    await expect(page.inputValue(byPath('applicant.name'))).resolves.toBe('रामू');
    // Only the last four of the identity number came back, shown masked.
    await expect(page.inputValue(byPath('applicant.idProof.last4'))).resolves.toBe('');
    await expect(page.getByText(`XXXX XXXX ${testAadhaar().slice(-4)}`).first().isVisible()).resolves.toBe(true);
  });

  it('keeps drafts through a crashed tab and a closed one', async () => {
    const crashing = await context.newPage();
    await crashing.goto(`${server.url}/`);
    await startApplication(crashing, 'load_change');
    await crashing.fill(byPath('account.accountNo'), '9988776655');
    await eventually(async () => (await draftCount(crashing)) === 2, 5_000, 'the second draft');
    const session = await context.newCDPSession(crashing);
    const crashed = new Promise((resolve) => crashing.once('crash', resolve));
    void session.send('Page.crash').catch(() => undefined);
    await crashed;
    const closing = await context.newPage();
    await closing.goto(`${server.url}/`);
    await startApplication(closing, 'name_change');
    await closing.fill(byPath('currentOwner.name'), 'मोहन लाल');
    await eventually(async () => (await draftCount(closing)) === 3, 5_000, 'the third draft');
    await closing.close();

    // The other tabs are gone: this one is in front again (a background tab's timers are slowed).
    await page.bringToFront();
    await page.goto(`${server.url}/`);
    await page.getByTestId('draft').nth(2).waitFor();
    const drafts = await page.getByTestId('draft').allTextContents();
    expect(drafts).toHaveLength(3);
    expect(drafts.join('|')).toContain('भार (लोड) में बदलाव');
    // A draft with an account number and no name yet is named by its account, and offers to continue.
    expect(drafts.join('|')).toContain('खाता 9988776655');
    expect(drafts.join('|')).toContain('आगे भरें');
    expect(drafts.join('|')).toContain('नाम परिवर्तन');
  });

  it('finds filings and drafts by name, mobile and receipt number', async () => {
    await goHome(page);
    const first = await captureFiling(page, { type: 'prepaid_to_postpaid', name: 'Kamla Devi' });
    await goHome(page);
    await captureFiling(page, { type: 'prepaid_to_postpaid', name: 'Suresh' });
    await goHome(page);
    await draftsShown(page);
    const search = async (query: string) => {
      await page.fill('#search', query);
      // The list is read from IndexedDB for each query and says which query it answers.
      await page.locator(`[data-testid="filings"][data-query="${query}"], [data-testid="no-filings"][data-query="${query}"]`).waitFor({ timeout: 10_000 });
      return [...(await page.getByTestId('filing').allTextContents()), ...(await page.getByTestId('draft').allTextContents())];
    };
    expect((await search('kaml')).join()).toContain('Kamla Devi');
    expect(await search('kaml')).toHaveLength(1);
    expect((await search(first.receiptNo)).join()).toContain('Kamla Devi');
    // Both filings and the रामू draft were typed with this mobile.
    expect(await search('98765')).toHaveLength(3);
    expect((await search('रामू')).join()).toContain('रामू');
    expect(await search('कोई नहीं')).toHaveLength(0);
    await page.getByText('इस खोज से कोई आवेदन नहीं मिला').waitFor();
    await page.fill('#search', '');
  });

  it('asks before discarding a draft', async () => {
    await goHome(page);
    const before = await draftsShown(page);
    await page.getByTestId('draft').first().getByRole('button').click();
    await page.getByTestId('confirm-dialog').getByRole('button', { name: 'रद्द करें' }).click();
    // The dialog closes in an effect: once it has, the cancel is done and the count must not have moved.
    await page.getByTestId('confirm-dialog').waitFor({ state: 'hidden' });
    expect(await page.getByTestId('draft').count()).toBe(before);
    await page.getByTestId('draft').first().getByRole('button').click();
    await page.getByTestId('confirm-dialog').getByRole('button', { name: 'अधूरा आवेदन हटाएँ' }).click();
    await eventually(async () => (await page.getByTestId('draft').count()) === before - 1, 5_000, 'the draft to go');
    expect(await draftCount(page)).toBe(before - 1);
  });

  it('speaks Hindi first, switches to English, and shows validation messages in the current language', async () => {
    await goHome(page);
    await startApplication(page, 'new_connection');
    await page.fill(byPath('applicant.mobile'), '98765');
    await clickNext(page);
    expect(await currentStep(page)).toBe('applicant');
    await expect(page.locator('#f-applicant-mobile-error').textContent()).resolves.toBe('मोबाइल नंबर 10 अंकों का हो और 6, 7, 8 या 9 से शुरू हो');
    await expect(page.locator('#f-applicant-name-error').textContent()).resolves.toBe('यह भरना ज़रूरी है');
    // The first field in error has the focus, so a keyboard user lands on it.
    // (Focus moves on a timer after the render, so it is polled.)
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), { timeout: 10_000 }).toBe('f-applicant-name');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('hi');

    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('#f-applicant-mobile-error').textContent()).resolves.toBe('Mobile number must be 10 digits starting with 6, 7, 8 or 9');
    await expect(page.locator('label[for="f-applicant-name"]').textContent()).resolves.toContain('Applicant’s name');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');

    // The choice is remembered across reloads.
    await page.reload();
    await expect(page.locator('label[for="f-applicant-name"]').textContent()).resolves.toContain('Applicant’s name');
    await page.getByRole('button', { name: 'हिंदी' }).click();
  });

  it('opens a draft that another tab has open read-only, and lets this tab fill it once that one closes', async () => {
    const first = await context.newPage();
    await first.goto(`${server.url}/`);
    await startApplication(first, 'load_change');
    await first.fill(byPath('account.accountNo'), '1122334455');
    await eventually(async () => (await readStore<{ values: Record<string, unknown> }>(first, 'drafts')).some((draft) => draft.values['account.accountNo'] === '1122334455'), 5_000, 'the draft to be written');
    const second = await context.newPage();
    await second.goto(first.url());
    await second.getByTestId('draft-elsewhere').waitFor();
    expect(await second.isDisabled(byPath('account.accountNo'))).toBe(true);
    expect(await second.inputValue(byPath('account.accountNo'))).toBe('1122334455');
    await screenshots(second, 'draft-open-elsewhere');

    await first.fill(byPath('account.accountNo'), '1122334466');
    await eventually(async () => (await readStore<{ values: Record<string, unknown> }>(first, 'drafts')).some((draft) => draft.values['account.accountNo'] === '1122334466'), 5_000, 'the change to be written');
    await first.close();
    // The lock is free: this tab takes over with what the other one saved last.
    await eventually(async () => (await second.getByTestId('draft-elsewhere').count()) === 0, 10_000, 'the second tab to take over');
    await expect(second.inputValue(byPath('account.accountNo'))).resolves.toBe('1122334466');
    expect(await second.isDisabled(byPath('account.accountNo'))).toBe(false);
    await second.close();
  });
});
