import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { addDays, indiaDay } from '../../../src/domain/dates';
import { verhoeffDigit } from '../../../src/domain/identity/verhoeff';
import { decodeReceiptProof, payloadOfLink } from '../../../src/domain/receipt/proof';
import { REQUESTS, type RequestType } from '../../../src/domain/requests';
import { fieldId } from '../../../src/ui/fields/field-ids';
import { dayFirst } from '../../../src/ui/fields/day-first';
import { FORMS } from '../../../src/forms/registry';
import { makePdf, makePhoto } from './files';
import type { ServerProcess } from '../../../scripts/server-process';

export const byPath = (path: string) => `#${fieldId(path)}`;

/**
 * A valid Aadhaar number (Verhoeff check digit) that no test should ever find stored.
 * Its digits share no run with the test mobile (98765 43210): with the old seed
 * 4-9876543210, a stored ULID ending in "4" followed by the mobile read as the Aadhaar's
 * first eight digits, and the "appears nowhere" test failed one run in 32.
 */
export function testAadhaar(seed = '37205814926'): string {
  return seed + verhoeffDigit(seed);
}

const tomorrow = () => addDays(indiaDay(Date.now()), 1);

/** What an operator types, step by step, for a valid filing of each type. */
export function validInput(type: RequestType, name = 'सीता देवी'): Record<string, Record<string, string | boolean>> {
  const person = (prefix: string) => ({
    [`${prefix}.name`]: name,
    [`${prefix}.relativeName`]: 'राम प्रसाद',
    [`${prefix}.relation`]: 'father',
    [`${prefix}.mobile`]: '+91 98765 43210',
    [`${prefix}.idProof.type`]: 'aadhaar',
    [`${prefix}.idProof.last4`]: testAadhaar(),
  });
  const contact = { 'applicant.name': name, 'applicant.mobile': '98765 43210' };
  const fee = { 'fee.mode': 'cash', 'consent.given': true };
  switch (type) {
    case 'new_connection':
      return {
        applicant: person('applicant'),
        premises: { 'premises.line1': 'मकान 12, गली 4', 'premises.locality': 'अलीगंज', 'premises.district': 'लखनऊ', 'premises.pin': '226024', 'premises.area': 'urban' },
        connection: {
          'connection.loadKw': '2',
          'survey.preferredDates.0': tomorrow(),
          'survey.preferredDates.1': addDays(tomorrow(), 1),
          'survey.preferredDates.2': addDays(tomorrow(), 3),
        },
        fee,
      };
    case 'prepaid_to_postpaid':
      return { account: { 'account.accountNo': '1234567890', reason: 'रिचार्ज बार-बार कराना कठिन है' }, applicant: contact, fee };
    case 'load_change':
      return {
        account: { 'account.accountNo': '1234567890', 'load.currentKw': '2', 'load.requestedKw': '5', reason: 'एसी लगाया है' },
        applicant: contact,
        fee,
      };
    case 'name_change':
      return {
        account: { 'account.accountNo': '1234567890', 'currentOwner.name': 'मोहन लाल', 'transfer.reason': 'inheritance' },
        newOwner: person('newOwner'),
        fee,
      };
  }
}

/** Fills fields by their wire paths: selects, checkboxes and text alike. */
export async function fillFields(page: Page, values: Record<string, string | boolean>): Promise<void> {
  for (const [path, value] of Object.entries(values)) {
    const control = page.locator(byPath(path));
    const tag = await control.evaluate((element) => `${element.tagName}:${(element as HTMLInputElement).type}`);
    if (tag.startsWith('SELECT')) await control.selectOption(String(value));
    else if (tag === 'INPUT:checkbox') await control.setChecked(value === true);
    // A date goes in day first (DD/MM/YYYY), as an operator types it.
    else await control.fill(dayFirst(String(value)));
  }
}

export async function clickNext(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^(आगे|Next)$/ }).click();
}

export async function currentStep(page: Page): Promise<string> {
  return (await page.locator('fieldset[data-step]').getAttribute('data-step'))!;
}

/** Opens the enrollment screen, enrolls with a fresh code, waits until offline reloads will work. `url`: where the app is opened (a proxy in front of the server). */
export async function enrollKiosk(page: Page, server: ServerProcess, office = 'LKO1', url = server.url): Promise<void> {
  await page.goto(url);
  await page.fill(byPath('enroll.code'), await server.enrollmentCode(office));
  await page.fill(byPath('enroll.operator'), 'op-17');
  await page.click('button[type=submit]');
  // Enrollment either reaches the home screen or says why not; a failure names the app's own message.
  const home = page.getByRole('button', { name: /^(नया आवेदन|New application)$/ });
  const refusal = page.locator('form [role=alert]');
  await home.or(refusal).first().waitFor({ timeout: 45_000 });
  if (!(await home.count())) throw new Error(`enrollment failed in the app: ${await refusal.first().textContent()}`);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
}

export async function startApplication(page: Page, type: RequestType): Promise<void> {
  await page.getByRole('button', { name: /^(नया आवेदन|New application)$/ }).first().click();
  await page.locator('.choice').nth(Object.keys(FORMS).indexOf(type)).click();
  await page.locator('fieldset[data-step]').waitFor();
}

/** Attaches a photo to every required kind (the ownership proof as a PDF). */
export async function attachRequiredDocuments(page: Page, type: RequestType): Promise<void> {
  for (const [index, kind] of REQUESTS[type].requiredDocuments.entries()) {
    const shas = () => page.locator(`[data-testid="document"][data-kind="${kind}"]`).evaluateAll((rows) => rows.map((row) => row.getAttribute('data-sha256')).join());
    const before = await shas();
    const file = kind === 'ownership_proof' ? makePdf() : await makePhoto(page, 1200 + index * 8, 900);
    await page.setInputFiles(byPath(`documents.${kind}`), file);
    // Stored when this kind's list changes (a photo replaces the one before it).
    await eventually(async () => (await shas()) !== before, 15_000, `the ${kind} to be stored`);
  }
}

/** Fills every step of a valid filing, from the first step to the review. */
export async function fillApplication(page: Page, type: RequestType, name?: string): Promise<void> {
  const input = validInput(type, name);
  for (const step of FORMS[type].steps) {
    expect(await currentStep(page)).toBe(step.id);
    if (step.documents) await attachRequiredDocuments(page, type);
    else await fillFields(page, input[step.id] ?? {});
    await clickNext(page);
  }
  expect(await currentStep(page)).toBe('review');
}

export async function submitFromReview(page: Page): Promise<{ receiptNo: string; filingId: string }> {
  await page.getByRole('button', { name: /आवेदन जमा करें|Submit and give receipt/ }).click();
  const receiptNo = (await page.getByTestId('receipt-no').textContent({ timeout: 10_000 }))!.trim();
  const filingId = new URL(page.url()).pathname.split('/').at(-1)!;
  expect(receiptNo).toMatch(/^[A-Z0-9]+-D\d+-\d{6}$/);
  return { receiptNo, filingId };
}

/** From the home screen: a new application of `type`, filled, submitted; returns its receipt. */
export async function captureFiling(page: Page, options: { name?: string; type?: RequestType } = {}): Promise<{ receiptNo: string; filingId: string }> {
  const type = options.type ?? 'new_connection';
  await startApplication(page, type);
  await fillApplication(page, type, options.name);
  return submitFromReview(page);
}

export async function goHome(page: Page): Promise<void> {
  await page.locator('.header__title').click();
  await page.getByRole('button', { name: /^(नया आवेदन|New application)$/ }).waitFor();
}

type Falsy = null | undefined | false | 0 | '';

/** Polls until `check` returns a truthy value (or fails after `timeoutMs`). */
export async function eventually<T>(check: () => T | Falsy | Promise<T | Falsy>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // A check that itself hangs (a blocked IndexedDB open, a page that stopped answering)
    // fails here with what was awaited, not at the test's own timeout with no clue.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const hung = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what} (a check did not return)`)), Math.max(0, deadline - Date.now()) + 1_000);
    });
    const value = await Promise.race([Promise.resolve(check()), hung]).finally(() => clearTimeout(timer));
    if (value) return value as T;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * The open receipt's QR text once it carries the server's confirmation. The QR is redrawn in
 * an effect after the confirmation is stored, so "confirmed" on screen can still show the old code.
 */
export async function confirmedQrText(page: Page, timeoutMs = 30_000): Promise<string> {
  return eventually(
    async () => {
      const text = await page.locator('[data-testid="receipt-qr"]').evaluateAll((figures) => figures[0]?.getAttribute('data-qr-text') ?? null);
      return text && (await decodeReceiptProof(payloadOfLink(text)))?.confirmation ? text : null;
    },
    timeoutMs,
    'the receipt’s QR code to carry the server’s confirmation',
  );
}
