import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_TYPES, type RequestType } from '../../src/domain/requests';
import type { NewConnection } from '../../src/domain/requests/new-connection';
import { fieldId } from '../../src/ui/fields/field-ids';
import { FORMS } from '../../src/forms/registry';
import { translate, type MessageKey } from '../../src/i18n';
import { attachRequiredDocuments, byPath, clickNext, currentStep, fillFields, goHome, startApplication, submitFromReview, validInput } from './support/kiosk';
import { readOne } from './support/indexeddb';
import { useKioskSession } from './support/kiosk-session';

/** One wrong value per step and the message it must produce. */
const MISTAKES: Record<RequestType, Record<string, { path: string; value: string; message: MessageKey }>> = {
  new_connection: {
    applicant: { path: 'applicant.mobile', value: '98765', message: 'validation.mobile.format' },
    premises: { path: 'premises.pin', value: '026024', message: 'validation.pin.format' },
    connection: { path: 'connection.loadKw', value: '0', message: 'validation.load.min' },
  },
  prepaid_to_postpaid: {
    account: { path: 'account.accountNo', value: '12345', message: 'validation.account.format' },
    applicant: { path: 'applicant.mobile', value: '5555555555', message: 'validation.mobile.format' },
  },
  load_change: {
    account: { path: 'load.requestedKw', value: '2', message: 'validation.load.same' },
    applicant: { path: 'applicant.email', value: 'not-an-email', message: 'validation.email.format' },
  },
  name_change: {
    account: { path: 'account.accountNo', value: '12AB', message: 'validation.account.format' },
    newOwner: { path: 'newOwner.idProof.last4', value: '234123412345', message: 'validation.id.aadhaar_checksum' },
  },
};

describe.each([
  ['hi', REQUEST_TYPES],
  ['en', ['load_change'] as const],
] as const)('each request type, in %s', (lang, types) => {
  const kiosk = useKioskSession({ lang });
  let page: Page;
  beforeAll(() => ({ page } = kiosk));

  it.each(types as readonly RequestType[])('%s: a mistake blocks only its own step, with its message; a valid filing submits', async (type) => {
    await startApplication(page, type);
    const input = validInput(type);
    // A Hindi keyboard types Devanagari digits, and an applicant may ask for 1.5 kW.
    if (type === 'new_connection') {
      input.applicant!['applicant.mobile'] = '९८७६५ ४३२१०';
      input.connection!['connection.loadKw'] = '१.५';
    }
    const spec = FORMS[type];
    for (const [index, step] of spec.steps.entries()) {
      expect(await currentStep(page)).toBe(step.id);
      if (step.documents) {
        await attachRequiredDocuments(page, type);
      } else {
        await fillFields(page, input[step.id] ?? {});
        const mistake = MISTAKES[type][step.id];
        if (mistake) {
          await page.fill(byPath(mistake.path), mistake.value);
          await clickNext(page);
          // Blocked here, with this field's message in the current language …
          expect(await currentStep(page)).toBe(step.id);
          await expect(page.locator(`#${fieldId(mistake.path)}-error`).textContent()).resolves.toBe(translate(lang, mistake.message));
          // … and only here: every other step opens and shows no message of its own.
          const later = spec.steps[index + 1];
          if (later) {
            await page.locator('.stepper__step').nth(index + 1).click();
            expect(await currentStep(page)).toBe(later.id);
            expect(await page.locator('.field__error').count()).toBe(0);
            await page.locator('.stepper__step').nth(index).click();
          }
          await fillFields(page, { [mistake.path]: input[step.id]?.[mistake.path] ?? '' });
          await expect.poll(() => page.locator(`#${fieldId(mistake.path)}-error`).count(), { timeout: 10_000 }).toBe(0);
        }
      }
      await clickNext(page);
    }
    expect(await currentStep(page)).toBe('review');
    const shown = type === 'new_connection' ? await page.locator('[data-path="connection.loadKw"] dd').textContent() : null;
    const { receiptNo, filingId } = await submitFromReview(page);
    expect(receiptNo).toMatch(/^LKO1-D01-\d{6}$/);
    if (type === 'new_connection') {
      // The review showed the load as the filing carries it (and so the office), and said why.
      const { envelope } = (await readOne<{ envelope: { data: NewConnection } }>(page, 'filings', filingId))!;
      expect(envelope.data.connection.loadKw).toBe(2);
      expect(envelope.data.applicant.mobile).toBe('9876543210');
      expect(shown).toBe(`${envelope.data.connection.loadKw}${translate(lang, 'form.load.rounded', { typed: 1.5, kw: 2 })}`);
    }
    await goHome(page);
  });
});
