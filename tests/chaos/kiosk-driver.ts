import type { Page } from 'playwright-core';
import { REQUESTS, type RequestType } from '../../src/domain/requests';
import { FORMS } from '../../src/forms/registry';
import { makePhoto } from '../e2e/support/files';
import { byPath, clickNext, eventually, fillFields, goHome, startApplication, submitFromReview, validInput } from '../e2e/support/kiosk';
import type { DeviceFiling } from './verdict';
import { readStore } from '../e2e/support/indexeddb';
import { checkReceiptProof, type TrustedKeys } from '../../src/domain/receipt/check';
import { proofOf } from '../../src/receipts/proof-of-filing';
import type { DeviceRecord, Filing, OutboxEntry } from '../../src/store/types';

const TYPES: RequestType[] = ['new_connection', 'prepaid_to_postpaid', 'load_change', 'name_change'];
const NAMES = ['कमला देवी', 'सीता', 'राम प्रसाद यादव', 'Anita Kumari', 'मोहम्मद इरफ़ान', 'Gurpreet Kaur', 'लक्ष्मी', 'Joseph Tirkey'];

/** Enrolls the kiosk through whatever network the page has (the proxy, calm at this point). */
export async function enrollThrough(page: Page, url: string, code: string): Promise<void> {
  await page.goto(url);
  await page.fill(byPath('enroll.code'), code);
  await page.fill(byPath('enroll.operator'), 'op-chaos');
  await page.click('button[type=submit]');
  await page.getByRole('button', { name: /^(नया आवेदन|New application)$/ }).waitFor({ timeout: 60_000 });
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
}

/** Every required document as a photo of its own size, so no two filings share a document. */
async function attachUniqueDocuments(page: Page, type: RequestType, index: number): Promise<void> {
  for (const [position, kind] of REQUESTS[type].requiredDocuments.entries()) {
    const shas = () => page.locator(`[data-testid="document"][data-kind="${kind}"]`).evaluateAll((rows) => rows.map((row) => row.getAttribute('data-sha256')).join());
    const before = await shas();
    await page.setInputFiles(byPath(`documents.${kind}`), await makePhoto(page, 900 + index * 4 + position, 700));
    await eventually(async () => (await shas()) !== before, 30_000, `the ${kind} to be stored`);
  }
}

/** The operator's whole job for filing number `index`: choose, fill, attach, review, submit. */
export async function captureOne(page: Page, index: number): Promise<{ id: string; receiptNo: string }> {
  const type = TYPES[index % TYPES.length]!;
  await startApplication(page, type);
  const input = validInput(type, NAMES[index % NAMES.length]);
  for (const step of FORMS[type].steps) {
    if (step.documents) await attachUniqueDocuments(page, type, index);
    else await fillFields(page, input[step.id] ?? {});
    await clickNext(page);
  }
  await page.locator('fieldset[data-step="review"]').waitFor();
  const { receiptNo, filingId } = await submitFromReview(page);
  await goHome(page);
  return { id: filingId, receiptNo };
}

export interface DeviceProgress {
  filings: number;
  received: number;
  attention: number;
  outbox: number;
  reconciledAt: string | undefined;
}

/** What the device says of its queue, read from IndexedDB directly. */
export async function deviceProgress(page: Page): Promise<DeviceProgress> {
  const filings = await readStore<Filing>(page, 'filings');
  const reconcile = (await readStore<{ key: string; lastAt?: string }>(page, 'meta', 'reconcile'))[0];
  return {
    filings: filings.length,
    received: filings.filter((filing) => filing.state === 'received').length,
    attention: filings.filter((filing) => filing.state === 'attention').length,
    outbox: (await readStore(page, 'outbox')).length,
    reconciledAt: reconcile?.lastAt,
  };
}

/** The device's filings for the verdict, each receipt checked with nothing but the server's published keys. */
export async function deviceFilings(page: Page, keys: TrustedKeys): Promise<DeviceFiling[]> {
  const filings = await readStore<Filing>(page, 'filings');
  const device = (await readStore<DeviceRecord & { key: string }>(page, 'meta', 'device'))[0]!;
  return Promise.all(
    filings.map(async (filing) => {
      const proof = proofOf(filing, device);
      const check = proof ? await checkReceiptProof(proof, keys) : undefined;
      return {
        id: filing.id,
        hash: filing.hash,
        receiptNo: filing.receiptNo,
        state: filing.state,
        documents: filing.envelope.documents.map((document) => document.sha256),
        receipt: check ? check.status : 'unsigned',
      };
    }),
  );
}

/** For a run that did not finish: each filing still queued, with its attempts and the last problem. */
export async function stuckFilings(page: Page): Promise<string[]> {
  const filings = new Map((await readStore<Filing>(page, 'filings')).map((filing) => [filing.id, filing]));
  return (await readStore<OutboxEntry>(page, 'outbox')).map((entry) => {
    const filing = entry.kind === 'filing' ? filings.get(entry.id) : undefined;
    return `${entry.kind} ${entry.id} ${filing?.state} attempts=${entry.attempts} notBefore=${new Date(entry.notBefore).toISOString()} parked=${entry.parked} problem=${JSON.stringify(filing?.problem)} missing=${JSON.stringify(filing?.documentsMissing)}`;
  });
}
