import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { FORMS } from '../../src/forms/registry';
import { makePdf, makePhoto } from './support/files';
import { attachRequiredDocuments, byPath, currentStep, eventually, fillFields, startApplication, submitFromReview, validInput } from './support/kiosk';
import { readOne } from './support/indexeddb';
import { useKioskSession } from './support/kiosk-session';

interface StoredSummary {
  kind: string;
  sha256: string;
  size: number;
  mime: string;
  actualSha256: string;
  width: number;
  height: number;
}

/** Reads the stored documents of one owner back out of IndexedDB and re-measures them. */
async function storedDocuments(page: Page, ownerId: string): Promise<StoredSummary[]> {
  return page.evaluate(async (owner) => {
    const request = indexedDB.open('sahej');
    const db = await new Promise<IDBDatabase>((resolve) => (request.onsuccess = () => resolve(request.result)));
    const all = db.transaction('documents').objectStore('documents').index('ownerId').getAll(owner);
    const rows = await new Promise<{ kind: string; sha256: string; size: number; mime: string; blob: Blob }[]>((resolve) => (all.onsuccess = () => resolve(all.result)));
    db.close();
    const summaries = [];
    for (const row of rows) {
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await row.blob.arrayBuffer()));
      const actualSha256 = Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
      let width = 0;
      let height = 0;
      if (row.mime.startsWith('image/')) {
        const bitmap = await createImageBitmap(row.blob);
        width = bitmap.width;
        height = bitmap.height;
      }
      summaries.push({ kind: row.kind, sha256: row.sha256, size: row.blob.size, mime: row.mime, actualSha256, width, height });
    }
    return summaries;
  }, ownerId);
}

async function draftStep(page: Page, id: string): Promise<string | undefined> {
  return (await readOne<{ step: string }>(page, 'drafts', id))?.step;
}

/** How many of the expected thumbnails show a decoded picture, once that many are on the page (they arrive one by one from IndexedDB). */
async function loadedThumbnails(page: Page, expected = 3): Promise<number> {
  await page.waitForFunction((count) => {
    const thumbs = document.querySelectorAll('[data-testid="document-thumb"]');
    return thumbs.length >= count && Array.from(thumbs).every((thumb) => !(thumb instanceof HTMLImageElement) || thumb.complete);
  }, expected);
  return page.locator('[data-testid="document-thumb"]').evaluateAll((thumbs) => thumbs.filter((thumb) => !(thumb instanceof HTMLImageElement) || thumb.naturalWidth > 0).length);
}

describe('documents', () => {
  const kiosk = useKioskSession();
  let context: BrowserContext;
  let page: Page;
  beforeAll(() => ({ context, page } = kiosk));

  it('stores a 4000×3000 photo at most 1600 px and 300 KB, with the SHA-256 of the stored bytes', async () => {
    await startApplication(page, 'new_connection');
    const draftId = new URL(page.url()).pathname.split('/').at(-1)!;
    await page.locator('.stepper__step').nth(3).click();
    expect(await currentStep(page)).toBe('documents');
    const photo = await makePhoto(page, 4000, 3000, 0.95);
    const original = fs.statSync(photo).size;
    expect(original).toBeGreaterThan(2 * 1024 * 1024);
    await page.setInputFiles(byPath('documents.photo'), photo);
    await page.locator('[data-testid="document"][data-kind="photo"]').waitFor({ timeout: 20_000 });

    const [stored] = await storedDocuments(page, draftId);
    expect(stored).toMatchObject({ kind: 'photo', mime: 'image/jpeg' });
    expect(stored!.size).toBeLessThanOrEqual(300 * 1024);
    expect(Math.max(stored!.width, stored!.height)).toBe(1600);
    expect(stored!.width / stored!.height).toBeCloseTo(4 / 3, 2);
    expect(stored!.actualSha256).toBe(stored!.sha256);
    console.log(`photo: ${original} bytes in, ${stored!.size} bytes stored (${stored!.width}×${stored!.height})`);
  });

  it('refuses a PDF over 5 MB and a file that is neither photo nor PDF, saying why', async () => {
    const big = path.join(path.dirname(makePdf()), 'big.pdf');
    fs.writeFileSync(big, Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5 * 1024 * 1024 + 10, 0x20)]));
    await page.setInputFiles(byPath('documents.ownership_proof'), big);
    await page.getByText('PDF 5 MB से बड़ी है — छोटी फ़ाइल चुनें').waitFor();
    await page.setInputFiles(byPath('documents.id_proof'), { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a document') });
    await page.getByText('केवल फ़ोटो या PDF लगाई जा सकती है').waitFor();
    expect(await page.locator('[data-testid="document"]').count()).toBe(1);
  });

  it('keeps a filing with documents through offline reloads, with its thumbnails', async () => {
    await attachRequiredDocuments(page, 'new_connection');
    const input = validInput('new_connection');
    for (const [index, step] of FORMS.new_connection.steps.entries()) {
      if (step.documents) continue;
      await page.locator('.stepper__step').nth(index).click();
      await fillFields(page, input[step.id] ?? {});
    }
    await page.locator('.stepper__step').nth(FORMS.new_connection.steps.length).click();
    expect(await currentStep(page)).toBe('review');
    expect(await loadedThumbnails(page)).toBe(3);
    const draftId = new URL(page.url()).pathname.split('/').at(-1)!;
    await eventually(() => draftStep(page, draftId).then((step) => step === 'review'), 5_000, 'the step to be saved');

    await context.setOffline(true);
    await page.reload();
    expect(await currentStep(page)).toBe('review');
    expect(await loadedThumbnails(page)).toBe(3);
    const { filingId } = await submitFromReview(page);
    await page.reload();
    await page.getByTestId('receipt-documents').waitFor();
    expect(await loadedThumbnails(page)).toBe(3);
    const stored = await storedDocuments(page, filingId);
    expect(stored.map((document) => document.kind).sort()).toEqual(['id_proof', 'ownership_proof', 'photo']);
    for (const document of stored) expect(document.actualSha256).toBe(document.sha256);
    await context.setOffline(false);
  });
});
