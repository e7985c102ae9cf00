import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { addDays, indiaDay } from '../../src/domain/dates';
import type { RequestType } from '../../src/domain/requests';
import { serviceDueAt } from '../../src/domain/service-clock';
import { SERVICE_DAYS } from '../../src/domain/status';
import { FORMS } from '../../src/forms/registry';
import type { Filing, OutboxEntry } from '../../src/store/types';
import type { ServerProcess } from '../../scripts/server-process';
import { readOne, readStore } from './support/indexeddb';
import { attachRequiredDocuments, byPath, clickNext, confirmedQrText, currentStep, enrollKiosk, eventually, fillFields, goHome, startApplication, submitFromReview, validInput } from './support/kiosk';
import { useKioskSession } from './support/kiosk-session';
import { nextVersionOf } from './support/next-version';
import { createOfficer, OFFICER_PASSWORD } from './support/office';
import { officeCookie, serverApplications } from './support/server-db';
import { forceCloseIndexedDb, installStorageFaults, setFaults, waitForHeldWrite } from './support/storage-faults';

// The acceptance for each fault: nothing is lost, duplicated or altered. The store's own
// rules (one transaction per write, reopen and retry) are unit-tested on fake-indexeddb;
// these tests prove them in real Chromium, with the built app and the real server.
//
// Covered elsewhere, not repeated here: a QuotaExceededError while a *draft* is saved or a
// document attached (storage-failures.test.ts), and a service-worker update accepted in the
// middle of a form keeping its values and step (update-prompt.test.ts). This file adds the
// quota error at submit, the connection closed mid-write, the filing submitted after an
// update, and a device clock days off.

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

type FormInput = Record<string, Record<string, string | boolean>>;

/** From the step the form is on to the review: each step filled from `input`, documents attached. */
async function fillToReview(page: Page, type: RequestType, input: FormInput): Promise<void> {
  const steps = FORMS[type].steps;
  for (let guard = 0; guard <= steps.length; guard++) {
    const id = await currentStep(page);
    if (id === 'review') return;
    const step = steps.find((candidate) => candidate.id === id)!;
    if (step.documents) await attachRequiredDocuments(page, type);
    else await fillFields(page, input[id] ?? {});
    await clickNext(page);
  }
  throw new Error(`the ${type} form did not reach its review`);
}

const draftSaved = (page: Page) => page.getByTestId('save-state').getByText(/अधूरा आवेदन सहेजा गया|Draft saved/).waitFor();

async function deviceFiling(page: Page, id: string): Promise<Filing | undefined> {
  return readOne<Filing>(page, 'filings', id);
}

/**
 * The filing reached the server once and as captured: the device has it as received with
 * no queue entry left, and the server's file holds exactly one row for it with the same
 * content hash, capture time, one `received` event and one fee entry.
 */
async function expectSyncedOnce(page: Page, server: ServerProcess, id: string): Promise<void> {
  await eventually(
    async () => (await deviceFiling(page, id))?.state === 'received' && !(await readStore<OutboxEntry>(page, 'outbox')).some((entry) => entry.id === id),
    30_000,
    `filing ${id} to be received by the server`,
  );
  const filing = (await deviceFiling(page, id))!;
  const rows = serverApplications(server).filter((row) => row.id === id);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ content_hash: filing.hash, captured_at: filing.capturedAt, application_no: filing.applicationNo, received_events: 1, fee_entries: 1 });
}

/** Every filing on these devices is on the server exactly once, unaltered, and the server holds nothing else. */
async function expectServerMatchesDevices(pages: Page[], server: ServerProcess): Promise<void> {
  const filings = (await Promise.all(pages.map((page) => readStore<Filing>(page, 'filings')))).flat();
  const rows = serverApplications(server);
  expect(rows.map((row) => `${row.id}:${row.content_hash}:${row.received_events}`).sort()).toEqual(filings.map((filing) => `${filing.id}:${filing.hash}:1`).sort());
}

describe('browser faults', () => {
  const kiosk = useKioskSession({ context: { viewport: null }, prepare: installStorageFaults });
  let context: BrowserContext;
  let page: Page;
  let server: ServerProcess;
  beforeAll(() => ({ context, page, server } = kiosk));

  it('a quota error while the filing is written says so in both languages, keeps the draft and its documents whole, writes nothing half, and the next submit makes one filing that syncs once', async () => {
    await startApplication(page, 'name_change');
    const draftId = page.url().split('/').at(-1)!;
    await fillToReview(page, 'name_change', validInput('name_change', 'जगह भरी'));
    await draftSaved(page);
    // Read from the store itself: the step change is a write of its own, still on its way when the screen has moved.
    await eventually(async () => (await readOne<{ step: string }>(page, 'drafts', draftId))?.step === 'review', 10_000, 'the review step to be stored');
    const draftBefore = await readOne(page, 'drafts', draftId);
    const documentsBefore = await readStore(page, 'documents');
    expect(draftBefore).toBeDefined();
    expect(documentsBefore).toHaveLength(2);
    const nothingWritten = async () => {
      expect(await readStore(page, 'filings')).toEqual([]);
      expect(await readStore(page, 'outbox')).toEqual([]);
      expect(await readStore(page, 'ledger')).toEqual([]);
      expect(await readStore(page, 'drafts')).toEqual([draftBefore]);
      expect(await readStore(page, 'documents')).toEqual(documentsBefore);
    };

    // The disk fills. The fault strikes the ledger row, the last write of the filing's
    // transaction, after the filing and its queue entry were already accepted in it.
    await setFaults(page, { quotaOn: ['ledger'] });
    await page.getByRole('button', { name: 'आवेदन जमा करें' }).click();
    await page.locator('.form__summary[role=alert]').getByText('उपकरण में जगह भर गई है', { exact: false }).waitFor();
    expect(await currentStep(page)).toBe('review');
    await nothingWritten();
    // Tried again in English, still full: the same, in English.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Submit and give receipt' }).click();
    await page.locator('.form__summary[role=alert]').getByText('The device’s storage is full', { exact: false }).waitFor();
    await nothingWritten();

    // Space comes back: the same draft becomes one filing, with its receipt and its documents.
    await setFaults(page, { quotaOn: [] });
    const { filingId } = await submitFromReview(page);
    await page.getByRole('button', { name: 'हिंदी' }).click();
    expect(filingId).toBe(draftId);
    expect(await readStore(page, 'drafts')).toEqual([]);
    expect((await readStore<Filing>(page, 'filings')).map((filing) => filing.id)).toEqual([draftId]);
    expect(await readStore(page, 'ledger')).toHaveLength(1);
    expect(await readStore(page, 'documents')).toEqual(documentsBefore);
    await expectSyncedOnce(page, server, filingId);
    await expectServerMatchesDevices([page], server);
  });

  it('a draft change whose write is in flight when Chromium closes the connection is stored once, after the app reopens the database', async () => {
    await goHome(page);
    await startApplication(page, 'load_change');
    const draftId = page.url().split('/').at(-1)!;
    await page.fill(byPath('account.accountNo'), '1122334455');
    await draftSaved(page);
    // Focusing the field was a write of its own; the typing must be stored before the next write is the one held.
    await eventually(async () => (await readOne<{ values: Record<string, unknown> }>(page, 'drafts', draftId))?.values['account.accountNo'] === '1122334455', 10_000, 'the account number to be stored');

    await setFaults(page, { holdNext: 'drafts' });
    await page.fill(byPath('load.currentKw'), '3');
    await waitForHeldWrite(page, 'drafts');
    await forceCloseIndexedDb(context, server.url);
    // No further keystroke: the write that was cut off must be retried by the app itself.
    await eventually(async () => (await readOne<{ values: Record<string, unknown> }>(page, 'drafts', draftId))?.values['load.currentKw'] === '3', 10_000, 'the cut-off draft change to be stored');
    await draftSaved(page);
    expect((await readStore(page, 'drafts')).map((draft) => (draft as { id: string }).id)).toEqual([draftId]);
    // The reopened connection keeps working for the next change.
    await page.fill(byPath('load.requestedKw'), '5');
    await eventually(async () => (await readOne<{ values: Record<string, unknown> }>(page, 'drafts', draftId))?.values['load.requestedKw'] === '5', 10_000, 'the next change');
  });

  it('a filing whose transaction is in flight when Chromium closes the connection is stored once, with one queue entry, and syncs once', async () => {
    const draftId = page.url().split('/').at(-1)!;
    const input = validInput('load_change', 'बंद कनेक्शन');
    await fillToReview(page, 'load_change', input);
    await draftSaved(page);

    // Held on the queue entry: the filing row is already written in the same transaction.
    await setFaults(page, { holdNext: 'outbox' });
    await page.getByRole('button', { name: 'आवेदन जमा करें' }).click();
    await waitForHeldWrite(page, 'outbox');
    await forceCloseIndexedDb(context, server.url);
    const receiptNo = (await page.getByTestId('receipt-no').textContent({ timeout: 15_000 }))!.trim();
    expect(new URL(page.url()).pathname.split('/').at(-1)).toBe(draftId);

    const filings = (await readStore<Filing>(page, 'filings')).filter((filing) => filing.id === draftId);
    expect(filings).toHaveLength(1);
    expect(filings[0]!.receiptNo).toBe(receiptNo);
    expect((await readStore(page, 'ledger')).filter((entry) => (entry as { filingId: string }).filingId === draftId)).toHaveLength(1);
    expect(await readOne(page, 'drafts', draftId)).toBeUndefined();
    await expectSyncedOnce(page, server, draftId);
    await expectServerMatchesDevices([page], server);
  });

  it('a filing submitted after accepting a service-worker update mid-form syncs exactly once', async () => {
    // update-prompt.test.ts proves the form keeps its values and step through the update;
    // this adds what happens to the filing made from that form afterwards.
    await goHome(page);
    await startApplication(page, 'prepaid_to_postpaid');
    const draftId = page.url().split('/').at(-1)!;
    const input = validInput('prepaid_to_postpaid', 'नया संस्करण');
    await fillFields(page, input.account!);
    await clickNext(page);
    await fillFields(page, { 'applicant.name': 'नया संस्करण' });
    await draftSaved(page);

    // Deploy a new version (the same build with a changed service worker script).
    const nextDist = nextVersionOf(inject('distDir'), path.join(server.dir, 'dist-next'));
    await server.kill();
    Object.assign(server, { distDir: nextDist });
    await server.start();
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    await page.getByTestId('update-prompt').waitFor({ timeout: 20_000 });
    await page.evaluate(() => Object.assign(window, { beforeUpdate: true }));
    await page.getByRole('button', { name: 'अभी अपडेट करें' }).click();
    await eventually(
      async () => (await page.evaluate(() => !('beforeUpdate' in window)).catch(() => false)) && (await page.locator('fieldset[data-step]').count()) === 1,
      15_000,
      'the page to reload into the new version',
    );
    expect(await currentStep(page)).toBe('applicant');
    await expect(page.inputValue(byPath('applicant.name'))).resolves.toBe('नया संस्करण');

    await fillToReview(page, 'prepaid_to_postpaid', input);
    const { filingId } = await submitFromReview(page);
    expect(filingId).toBe(draftId);
    await expectSyncedOnce(page, server, filingId);
    // After a reload the engine starts again (drain, status pull, a reconciliation after the
    // server was away): still once.
    await page.reload();
    await page.getByTestId('receipt-no').waitFor();
    await expectSyncedOnce(page, server, filingId);
    await expectServerMatchesDevices([page], server);
  });

  it('a device clock days off: the server keeps capturedAt as sent, records its own receive time, runs the service clock from it, and the receipt verifies', async () => {
    /** Another kiosk of the office, whose clock is `days` off, captures a new connection (the type with a service clock). */
    const captureOnSkewedKiosk = async (days: number) => {
      // Playwright's clock keeps running from the time it is installed at, like a real mis-set clock.
      const skewed = await kiosk.browser.newContext({ viewport: null });
      await skewed.clock.install({ time: Date.now() + days * DAY });
      const device = await skewed.newPage();
      await enrollKiosk(device, server);
      const deviceNow = await device.evaluate(() => Date.now());
      expect(Math.abs(deviceNow - (Date.now() + days * DAY))).toBeLessThan(MINUTE);
      // Survey dates must be after the capture day, which is the device's day.
      const deviceDay = indiaDay(deviceNow);
      const input = validInput('new_connection', `घड़ी ${days}`);
      input.connection = { ...input.connection, 'survey.preferredDates.0': addDays(deviceDay, 1), 'survey.preferredDates.1': addDays(deviceDay, 2), 'survey.preferredDates.2': addDays(deviceDay, 4) };
      await startApplication(device, 'new_connection');
      await fillToReview(device, 'new_connection', input);
      const { filingId } = await submitFromReview(device);
      await device.getByTestId('receipt-confirmed').waitFor({ timeout: 30_000 });
      await expectSyncedOnce(device, server, filingId);
      const qr = await confirmedQrText(device);
      return { days, device, filingId, qr };
    };
    // Two kiosks (5 days behind, 6 days ahead) and the office's officer, side by side.
    const [cookie, ...kiosks] = await Promise.all([
      createOfficer(server, 'clock.officer', { office: 'LKO1', name: 'घड़ी जाँच' }).then(() => officeCookie(server, 'clock.officer', OFFICER_PASSWORD)),
      captureOnSkewedKiosk(-5),
      captureOnSkewedKiosk(6),
    ]);

    for (const { days, device, filingId } of kiosks) {
      const filing = (await deviceFiling(device, filingId))!;
      const row = serverApplications(server).find((candidate) => candidate.id === filingId)!;
      // The device's time, exactly as sent, and its capture day (the day time rules use).
      expect(Math.abs(Date.parse(filing.capturedAt) - (Date.now() + days * DAY))).toBeLessThan(MINUTE);
      expect(row.captured_at).toBe(filing.capturedAt);
      expect(row.capture_day).toBe(indiaDay(filing.capturedAt));
      // Beside it, the server's own receive time: the real now.
      expect(Math.abs(Date.parse(row.received_at) - Date.now())).toBeLessThan(MINUTE);
      expect(filing.receivedAt).toBe(row.received_at);
      // The service clock starts when the server has the complete application: its own time,
      // so the office sees the full 7 days left (2 or 13 if the device's clock were used).
      expect(row.area).toBe('urban');
      expect(row.clock_started_at).toBe(row.received_at);
      expect(row.due_at).toBe(serviceDueAt(row.received_at, 'urban'));
      const detail = (await (await fetch(`${server.url}/api/v1/office/applications/${filingId}`, { headers: { cookie } })).json()) as { daysLeft: number; ageDays: number; receivedAt: string };
      expect(detail).toMatchObject({ daysLeft: SERVICE_DAYS.urban, ageDays: 0, receivedAt: row.received_at });
    }
    // The receipts, signed at the skewed times, verify against the server and are confirmed.
    const verdicts = await Promise.all(kiosks.map(async ({ qr }) => JSON.parse((await server.cli('verify-receipt', qr)).trim().split('\n').at(-1)!) as unknown));
    for (const [index, { filingId }] of kiosks.entries()) {
      const row = serverApplications(server).find((candidate) => candidate.id === filingId)!;
      expect(verdicts[index]).toMatchObject({ status: 'verified', confirmed: true, id: filingId, onServer: { sameContent: true, applicationNo: row.application_no } });
    }
    await expectServerMatchesDevices([page, ...kiosks.map(({ device }) => device)], server);
  });
});
