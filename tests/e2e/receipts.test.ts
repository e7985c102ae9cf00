import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import jsQR from 'jsqr';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ServerProcess } from '../../scripts/server-process';
import { formatMoney } from '../../src/domain/format-dates';
import { SCREENSHOT_DIR } from './support/audit';
import { readStore } from './support/indexeddb';
import { captureFiling, clickNext, confirmedQrText, enrollKiosk, eventually, fillFields, goHome, startApplication, submitFromReview, validInput } from './support/kiosk';
import { useKioskSession } from './support/kiosk-session';

const ARTIFACTS = path.join(SCREENSHOT_DIR, '..', 'receipts');

function hasTool(tool: string): boolean {
  try {
    execFileSync('which', [tool], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function qrTextOf(page: Page): Promise<string> {
  await page.getByTestId('receipt-qr').waitFor();
  return (await page.getByTestId('receipt-qr').getAttribute('data-qr-text'))!;
}

/** A filing paid by UPI (prepaid to postpaid: the shortest form). */
async function captureUpi(page: Page, name: string): Promise<string> {
  await startApplication(page, 'prepaid_to_postpaid');
  const input = validInput('prepaid_to_postpaid', name);
  await fillFields(page, input.account!);
  await clickNext(page);
  await fillFields(page, input.applicant!);
  await clickNext(page);
  await clickNext(page);
  await fillFields(page, { 'fee.mode': 'upi' });
  await fillFields(page, { 'fee.upiRef': '412345678901', 'consent.given': true });
  await clickNext(page);
  return (await submitFromReview(page)).receiptNo;
}

describe('receipts in Chromium', () => {
  const kiosk = useKioskSession({ enroll: false });
  let page: Page;
  let server: ServerProcess;
  beforeAll(async () => {
    ({ page, server } = kiosk);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });

  it('numbers 50 receipts in strict order across reloads and a killed tab', async () => {
    await enrollKiosk(page, server);
    const numbers: string[] = [];
    for (let i = 0; i < 50; i++) {
      if (i === 25) {
        // The tab dies (a crash, a killed browser); the next one carries on.
        const session = await kiosk.context.newCDPSession(page);
        const crashed = new Promise((resolve) => page.once('crash', resolve));
        void session.send('Page.crash').catch(() => undefined);
        await crashed;
        page = await kiosk.context.newPage();
        await page.goto(server.url);
      } else if (i % 10 === 9) {
        await page.reload();
      }
      numbers.push((await captureFiling(page, { type: 'prepaid_to_postpaid', name: `क्रम ${i}` })).receiptNo);
      await goHome(page);
    }
    const sequences = numbers.map((receiptNo) => Number(receiptNo.split('-').at(-1)));
    expect(new Set(numbers).size).toBe(50);
    expect(sequences.every((sequence, index) => index === 0 || sequence > sequences[index - 1]!)).toBe(true);
    console.log(`50 receipts: ${numbers[0]} … ${numbers.at(-1)}`);
    // 50 filings through the whole form: about a minute alone, twice that on a loaded machine.
  }, 300_000);

  it('makes a signed, confirmed receipt whose QR, printed at 58 mm, decodes to its exact payload', async () => {
    await captureFiling(page, { type: 'new_connection', name: 'सीता क्षत्रिय' });
    await eventually(async () => (await page.getByTestId('receipt-confirmed').count()) === 1, 30_000, 'the server’s confirmation');
    const text = await confirmedQrText(page);
    const payload = text.split('#')[1]!;
    console.log(`QR text: ${text.length} characters; payload ${payload.length} characters (${Math.ceil((payload.length * 2) / 3)} bytes)`);

    // The print layouts, in this kiosk's own page (the filing lives in its storage).
    let qr = { markup: '', width: 0 };
    for (const layout of ['58', '80', 'a4'] as const) {
      await page.setViewportSize({ width: layout === '58' ? 219 : layout === '80' ? 302 : 794, height: 1123 });
      await page.evaluate((value) => (document.documentElement.dataset.print = value), layout);
      await page.emulateMedia({ media: 'print' });
      await page.screenshot({ path: path.join(ARTIFACTS, `print-${layout}.png`), fullPage: true });
      if (layout === '58') {
        qr = await page.locator('[data-testid="receipt-qr"] svg').evaluate((svg) => ({ markup: svg.outerHTML, width: svg.getBoundingClientRect().width }));
      }
    }
    await page.emulateMedia({ media: null });
    await page.evaluate(() => delete document.documentElement.dataset.print);
    await page.setViewportSize({ width: 360, height: 640 });

    // The same drawing at the same size on 58 mm paper, rasterised as a 203 dpi thermal printer would (8 dots a millimetre).
    expect(qr.width).toBeCloseTo((54 / 25.4) * 96, 0);
    const printer = await kiosk.browser.newContext({ viewport: { width: 219, height: 400 }, deviceScaleFactor: 203 / 96 });
    const paper = await printer.newPage();
    await paper.setContent(`<body style="margin:0;background:#fff"><div style="width:${qr.width}px">${qr.markup}</div></body>`);
    await paper.locator('svg').evaluate((svg) => svg.setAttribute('style', 'width:100%;height:auto;display:block'));
    const image = PNG.sync.read(await paper.locator('svg').screenshot({ scale: 'device' }));
    const decoded = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
    expect(decoded?.data).toBe(text);
    console.log(`58 mm QR: ${image.width}×${image.height} printer dots at 203 dpi, decoded by jsQR`);
    await printer.close();
  });

  it('downloads a PDF and a picture with the Devanagari name drawn right', async () => {
    const pdfDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: /PDF/ }).click();
    const pdf = path.join(ARTIFACTS, 'receipt.pdf');
    await (await pdfDownload).saveAs(pdf);
    const bytes = fs.readFileSync(pdf);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.subarray(-6).toString()).toContain('%%EOF');
    if (hasTool('pdftoppm')) {
      execFileSync('pdftoppm', ['-png', '-r', '110', '-singlefile', pdf, path.join(ARTIFACTS, 'receipt-pdf')]);
      expect(fs.statSync(path.join(ARTIFACTS, 'receipt-pdf.png')).size).toBeGreaterThan(10_000);
      const images = execFileSync('pdfimages', ['-list', pdf]).toString().trim().split('\n').slice(2);
      expect(images).toHaveLength(1);
    } else {
      // Without poppler: the page's image must still be a decodable JPEG.
      console.log('pdftoppm not installed: checking the PDF’s embedded image in Chromium instead');
      const start = bytes.indexOf(Buffer.from([0xff, 0xd8, 0xff]));
      const end = bytes.lastIndexOf(Buffer.from([0xff, 0xd9])) + 2;
      fs.writeFileSync(path.join(ARTIFACTS, 'receipt-pdf.jpg'), bytes.subarray(start, end));
      const size = await page.evaluate(async (base64) => {
        const bitmap = await createImageBitmap(new Blob([Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))], { type: 'image/jpeg' }));
        return bitmap.width * bitmap.height;
      }, bytes.subarray(start, end).toString('base64'));
      expect(size).toBeGreaterThan(100_000);
    }
    const pictureDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: 'फ़ोटो के रूप में भेजें' }).click();
    await (await pictureDownload).saveAs(path.join(ARTIFACTS, 'receipt-share.png'));
    expect(PNG.sync.read(fs.readFileSync(path.join(ARTIFACTS, 'receipt-share.png'))).width).toBe(1280);
  });

  it('has a day-end report whose totals are its entries’, and which agrees with the office after sync', async () => {
    await goHome(page);
    await captureUpi(page, 'यूपीआई वाला');
    await goHome(page);
    await page.getByRole('link', { name: 'दिन का हिसाब' }).click();
    const entries = await readStore<{ amount: number; mode: string }>(page, 'ledger');
    const sum = (mode: string) => entries.filter((entry) => entry.mode === mode).reduce((total, entry) => total + entry.amount, 0);
    const total = page.getByTestId('ledger-total');
    await eventually(async () => (await total.textContent())?.includes(String(entries.length)), 5_000, 'the report');
    expect(await total.textContent()).toBe(`कुल${entries.length}${formatMoney(sum('cash'), 'hi')}${formatMoney(sum('upi'), 'hi')}`);
    // Let the kiosk send everything first: reloading while it sends would keep cutting its
    // batches short, and on a slow machine the outbox would never empty.
    await eventually(async () => (await readStore(page, 'outbox')).length === 0, 120_000, 'the outbox to empty');
    await eventually(
      async () => {
        await page.reload();
        await page.locator('[data-testid="ledger-office"]:not([data-state="loading"])').waitFor();
        const office = await page.getByTestId('ledger-office').textContent();
        return office?.includes(`${entries.length} आवेदन, नकद ${formatMoney(sum('cash'), 'hi')}, UPI ${formatMoney(sum('upi'), 'hi')}`);
      },
      30_000,
      'the office to hold the same totals',
    );
  });

  it('verifies a receipt offline in a fresh browser after one online visit; a changed one fails; a revoked device shows', async () => {
    await goHome(page);
    await page.locator('[data-testid="filing"]').first().click();
    const text = await qrTextOf(page);
    const receiptNo = (await page.getByTestId('receipt-no').textContent())!;
    const phone = await kiosk.browser.newContext({ viewport: { width: 360, height: 640 } });
    const applicant = await phone.newPage();
    await applicant.goto(server.url);
    await applicant.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await eventually(async () => (await readStore(applicant, 'meta')).some((record) => (record as { key: string }).key === 'trustedKeys'), 10_000, 'the keys to be kept');
    await phone.setOffline(true);
    await applicant.goto(text);
    await applicant.getByTestId('verdict').waitFor();
    expect(await applicant.getByTestId('verified-receipt').getAttribute('data-status')).toBe('verified');
    // An applicant's phone is no kiosk: the app's name leads to their receipts, not to enrollment.
    expect(await applicant.locator('.header__title').getAttribute('href')).toBe('/r/');
    await applicant.getByRole('button', { name: 'मेरी रसीदों में सहेजें' }).click();
    // Leaving before the write has committed would abort it.
    await applicant.getByRole('button', { name: 'मेरी रसीदों में सहेजी गई' }).waitFor();
    await applicant.goto(`${server.url}/r/`);
    await expect(applicant.getByTestId('my-receipts').textContent()).resolves.toContain(receiptNo);
    // Type, initials, status and date, not only a number: read back from the saved receipt itself.
    const [type, initials, number, status, date] = (await applicant.getByTestId('my-receipt').first().innerText()).split('\n');
    expect([initials, number, status]).toEqual([expect.stringMatching(/^([^\s.]+\.\s?)+$/u), receiptNo, 'कार्यालय को मिल गया']);
    expect(type).toMatch(/[\u0900-\u097F]/);
    expect(date).toMatch(/\d/);
    await applicant.screenshot({ path: path.join(ARTIFACTS, 'my-receipts.png') });

    const payload = text.split('#')[1]!;
    const changed = `${text.split('#')[0]}#${payload.slice(0, 200)}${payload[200] === 'A' ? 'B' : 'A'}${payload.slice(201)}`;
    await applicant.goto(changed);
    await applicant.locator('main').waitFor();
    expect(await applicant.getByTestId('verified-receipt').getAttribute('data-status').catch(() => 'unreadable')).not.toBe('verified');

    await phone.setOffline(false);
    const deviceId = (await readStore<{ key: string; deviceId?: string }>(page, 'meta')).find((record) => record.key === 'device')!.deviceId!;
    await server.cli('revoke-device', deviceId);
    await applicant.goto(text);
    await eventually(async () => (await applicant.getByTestId('verified-receipt').getAttribute('data-status').catch(() => null)) === 'revoked_device', 10_000, 'the revocation to show');
    // Online, the page asks the server with the check code the receipt prints (a bare number gets a 404).
    expect(await page.getByTestId('receipt-check-code').textContent()).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await eventually(async () => ((await applicant.getByTestId('server-answer').textContent({ timeout: 1_000 }).catch(() => null)) ?? '').includes('कार्यालय में स्थिति'), 10_000, 'the server’s answer on the /r/ page');
    await phone.close();
  });
});
