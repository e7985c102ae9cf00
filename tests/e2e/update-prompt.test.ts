import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { byPath, clickNext, currentStep, eventually, fillFields, startApplication, validInput } from './support/kiosk';
import type { ServerProcess } from '../../scripts/server-process';
import { useKioskSession } from './support/kiosk-session';
import { nextVersionOf } from './support/next-version';

describe('a new version of the app', () => {
  const kiosk = useKioskSession({ context: { viewport: null } });
  let page: Page;
  let server: ServerProcess;
  let nextDist: string;
  beforeAll(async () => {
    ({ page, server } = kiosk);
    // "Deploy" a new version: the same build with a changed service worker script.
    nextDist = nextVersionOf(inject('distDir'), path.join(server.dir, 'dist-next'));
  });

  it('is offered, never forced, and accepting it keeps the half-filled form and its step', async () => {
    await startApplication(page, 'new_connection');
    const formUrl = page.url();
    await fillFields(page, { ...validInput('new_connection', 'गीता').applicant!, 'applicant.idProof.last4': '' });
    await page.fill(byPath('applicant.name'), 'गीता');
    await clickNext(page);
    await clickNext(page).catch(() => undefined);
    await page.locator('.stepper__step').nth(1).click();
    expect(await currentStep(page)).toBe('premises');
    await page.fill('#f-premises-locality', 'हज़रतगंज');

    await server.kill();
    Object.assign(server, { distDir: nextDist });
    await server.start();
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    await page.getByTestId('update-prompt').waitFor({ timeout: 20_000 });

    // Offered, not applied: the page has not reloaded and the typing is still there.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await expect(page.inputValue('#f-premises-locality')).resolves.toBe('हज़रतगंज');
    await page.fill('#f-premises-district', 'लखनऊ');

    await page.evaluate(() => Object.assign(window, { beforeUpdate: true }));
    await page.getByRole('button', { name: 'अभी अपडेट करें' }).click();
    await eventually(
      async () => (await page.evaluate(() => !('beforeUpdate' in window)).catch(() => false)) && (await page.locator('#f-premises-locality').count()) === 1,
      15_000,
      'the page to reload into the new version',
    );
    expect(page.url()).toBe(formUrl);
    expect(await currentStep(page)).toBe('premises');
    await expect(page.inputValue('#f-premises-locality')).resolves.toBe('हज़रतगंज');
    await expect(page.inputValue('#f-premises-district')).resolves.toBe('लखनऊ');
    await page.locator('.stepper__step').first().click();
    await expect(page.inputValue('#f-applicant-name')).resolves.toBe('गीता');
    await expect(page.getByTestId('update-prompt').count()).resolves.toBe(0);
  });
});
