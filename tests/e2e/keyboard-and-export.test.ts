import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { contentHash, sha256Hex } from '../../src/domain/content-hash';
import { addDays, indiaDay } from '../../src/domain/dates';
import type { ExportedFiling } from '../../src/domain/export-format';
import { readTar } from '../../src/domain/tar';
import { formatDate } from '../../src/domain/format-dates';
import { makePdf, makePhoto } from './support/files';
import { captureFiling, currentStep, fillFields, goHome, startApplication, testAadhaar, validInput } from './support/kiosk';
import { useKioskSession } from './support/kiosk-session';

/** Presses Tab (only Tab) until the element matching `selector` has the focus. */
async function tabTo(page: Page, selector: string, limit = 60): Promise<void> {
  for (let i = 0; i < limit; i++) {
    if (await page.evaluate((target) => document.activeElement?.matches(target) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

async function typeInto(page: Page, selector: string, text: string): Promise<void> {
  await tabTo(page, selector);
  await page.keyboard.type(text);
}

/** Picks an option of a focused <select> by pressing ArrowDown until it is chosen. */
async function chooseWithArrows(page: Page, selector: string, value: string): Promise<void> {
  await tabTo(page, selector);
  for (let i = 0; i < 20 && (await page.inputValue(selector)) !== value; i++) await page.keyboard.press('ArrowDown');
  expect(await page.inputValue(selector)).toBe(value);
}

/** Types a date day first, as an Indian operator writes it, whatever the browser's own locale. */
async function typeDate(page: Page, selector: string, day: string): Promise<void> {
  const [year, month, date] = day.split('-');
  await typeInto(page, selector, `${date}/${month}/${year}`);
  expect(await page.inputValue(selector)).toBe(`${date}/${month}/${year}`);
}

async function next(page: Page): Promise<void> {
  await tabTo(page, 'button.button--primary');
  await page.keyboard.press('Enter');
}

/** Next, onto `step`; returns once the step's heading has the focus, which it takes on a timer after the render. */
async function nextStep(page: Page, step: string): Promise<void> {
  await next(page);
  expect(await currentStep(page)).toBe(step);
  // Tabbing then starts from the heading, the same place every time.
  await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('step-title') ?? false), { timeout: 10_000 }).toBe(true);
}

describe('keyboard alone, and the export file', () => {
  const kiosk = useKioskSession({ context: { locale: 'en-US', acceptDownloads: true } });
  let page: Page;
  beforeAll(() => ({ page } = kiosk));

  it('completes a new_connection using the keyboard alone', async () => {
    await page.locator('body').focus();
    await tabTo(page, 'main button.button--primary');
    await page.keyboard.press('Enter');
    await tabTo(page, '.choice');
    await page.keyboard.press('Enter');
    await page.locator('fieldset[data-step]').waitFor();

    await typeInto(page, '#f-applicant-name', 'सीता देवी');
    await typeInto(page, '#f-applicant-mobile', '9876543210');
    await typeInto(page, '#f-applicant-idProof-last4', testAadhaar());
    await nextStep(page, 'premises');

    await typeInto(page, '#f-premises-line1', 'मकान 12');
    await typeInto(page, '#f-premises-locality', 'अलीगंज');
    await typeInto(page, '#f-premises-district', 'लखनऊ');
    await typeInto(page, '#f-premises-pin', '226024');
    await chooseWithArrows(page, '#f-premises-area', 'urban');
    await nextStep(page, 'connection');

    const tomorrow = addDays(indiaDay(Date.now()), 1);
    await typeDate(page, '#f-survey-preferredDates-0', tomorrow);
    await typeDate(page, '#f-survey-preferredDates-1', addDays(tomorrow, 1));
    await typeDate(page, '#f-survey-preferredDates-2', addDays(tomorrow, 2));
    await nextStep(page, 'documents');

    // A file input opens the system's file dialog from the keyboard (Space); the dialog's choice is the file.
    // A listener held for the whole step keeps Playwright's file-chooser interception switched on: switched on
    // only by each waitForEvent, it can arrive at Chromium after the key press, and the dialog then goes unseen.
    const keepIntercepting = () => undefined;
    page.on('filechooser', keepIntercepting);
    const files = { photo: await makePhoto(page, 640, 480), id_proof: await makePhoto(page, 648, 480), ownership_proof: makePdf() };
    for (const [kind, file] of Object.entries(files)) {
      const input = `#f-documents-${kind.replace('_', '-')}`;
      // The inputs are disabled while the previous document is being stored; Tab skips a disabled one.
      await page.waitForSelector(`${input}:enabled`, { state: 'attached' });
      await tabTo(page, input);
      const chooser = page.waitForEvent('filechooser');
      await page.keyboard.press('Space');
      await (await chooser).setFiles(file);
      await page.locator(`[data-testid="document"][data-kind="${kind}"]`).waitFor();
    }
    page.off('filechooser', keepIntercepting);
    await nextStep(page, 'fee');

    await tabTo(page, '#f-consent-given');
    await page.keyboard.press('Space');
    await nextStep(page, 'review');
    // The day typed is the day kept: the review reads it back in words.
    expect(await page.locator('.review').textContent()).toContain(formatDate(tomorrow, 'hi'));
    await next(page);
    await page.getByTestId('receipt-no').waitFor();
  });

  it('moving to the next step never pulls the focus out of a field the operator has already entered', async () => {
    await goHome(page);
    await startApplication(page, 'new_connection');
    await fillFields(page, validInput('new_connection').applicant!);
    // Next, then straight into the new step's first field, within the same moment: the step's
    // heading takes the focus a timer later, and must not take it from the field.
    const focused = await page.evaluate(async () => {
      const button = [...document.querySelectorAll('button')].find((candidate) => /^(आगे|Next)$/.test(candidate.textContent?.trim() ?? ''))!;
      button.click();
      let field: HTMLInputElement | null = null;
      for (let tick = 0; tick < 20 && !field; tick++) {
        await Promise.resolve();
        field = document.querySelector<HTMLInputElement>('fieldset[data-step="premises"] input');
      }
      if (!field) return 'the premises step did not render';
      field.focus();
      await new Promise((resolve) => setTimeout(resolve, 100));
      return document.activeElement === field ? 'field' : `${document.activeElement?.tagName}.${document.activeElement?.className}`;
    });
    expect(focused).toBe('field');
  });

  it('exports every filing with its documents to one file that round-trips', async () => {
    await goHome(page);
    await captureFiling(page, { type: 'name_change', name: 'नया मालिक' });
    await page.locator('.header__sync').click();
    await page.getByRole('button', { name: 'निर्यात फ़ाइल बनाएँ' }).click();
    const link = page.getByTestId('export-download');
    await link.waitFor();
    const download = page.waitForEvent('download');
    await link.click();
    const file = await (await download).path();
    const entries = [...readTar(new Uint8Array(fs.readFileSync(file!)))];
    const filings = entries.filter((entry) => entry.name.startsWith('filings/')).map((entry) => JSON.parse(new TextDecoder().decode(entry.data)) as ExportedFiling);
    expect(filings).toHaveLength(2);
    for (const filing of filings) expect(await contentHash(filing.envelope)).toBe(filing.hash);
    const documents = entries.filter((entry) => entry.name.startsWith('documents/'));
    // Each distinct document once, however many filings carry it.
    expect(documents.map((entry) => entry.name).sort()).toEqual([...new Set(filings.flatMap((filing) => filing.envelope.documents.map((d) => `documents/${d.sha256}`)))].sort());
    for (const document of documents) expect(await sha256Hex(new Uint8Array(document.data))).toBe(document.name.slice('documents/'.length));
  });
});
