import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import jsQR from 'jsqr';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { translate } from '../../src/i18n';
import { qrMatrix } from '../../src/receipts/qr';
import type { Filing } from '../../src/store/types';
import { decodeEscpos, dotAt, printedImage, type DecodedJob } from '../support/escpos-decoder';
import { layoutProblems, SCREENSHOT_DIR, seriousAxeFindings } from './support/audit';
import { installFakeSerial } from './support/fake-serial-page';
import { readOne } from './support/indexeddb';
import { captureFiling, confirmedQrText, eventually } from './support/kiosk';
import { useKioskSession } from './support/kiosk-session';
import type { ThermalReference } from './support/thermal-entry';

const ARTIFACTS = path.join(SCREENSHOT_DIR, '..', 'thermal');
const hi = (key: Parameters<typeof translate>[1]) => translate('hi', key);

interface FakeSerialState {
  writes: string[];
  requests: number;
  failAtWrite: number;
  baudRate: number;
  open: boolean;
}

async function serialState(page: Page): Promise<FakeSerialState> {
  return page.evaluate(() => (window as unknown as { __fakeSerial: FakeSerialState }).__fakeSerial);
}

async function printedBytes(page: Page): Promise<Buffer> {
  return Buffer.concat((await serialState(page)).writes.map((write) => Buffer.from(write, 'base64')));
}

function savePng(job: DecodedJob, file: string): void {
  const image = printedImage(job);
  const png = new PNG({ width: image.width, height: image.height });
  png.data = Buffer.from(image.data);
  fs.writeFileSync(path.join(ARTIFACTS, file), PNG.sync.write(png));
}

/**
 * The QR code in the printed dots: decoded by jsQR, and its modules measured from where jsQR
 * found its finder patterns, each module then read as a square of whole dots.
 */
function printedQr(job: DecodedJob, text: string) {
  const image = printedImage(job, 8);
  const found = jsQR(image.data, image.width, image.height);
  const matrix = qrMatrix(text);
  if (!found) return { text: undefined, dotsPerModule: 0, wrongModules: -1, top: 0 };
  const dotsPerModule = (found.location.topRightFinderPattern.x - found.location.topLeftFinderPattern.x) / (matrix.size - 7);
  const module = Math.round(dotsPerModule);
  // The finder pattern's centre is 3.5 modules in from the code's corner (image border taken off).
  const left = Math.round(found.location.topLeftFinderPattern.x - 8 - 3.5 * module);
  const top = Math.round(found.location.topLeftFinderPattern.y - 8 - 3.5 * module);
  let wrongModules = 0;
  for (let row = 0; row < matrix.size; row++) {
    for (let column = 0; column < matrix.size; column++) {
      let same = true;
      for (let dy = 0; dy < module; dy++) for (let dx = 0; dx < module; dx++) same &&= dotAt(job, left + column * module + dx, top + row * module + dy) === matrix.isDark(row, column);
      if (!same) wrongModules++;
    }
  }
  return { text: found.data, dotsPerModule, wrongModules, top };
}

/**
 * The thermal printer path in the built app, under its CSP: a (fake) Web Serial printer is
 * chosen from the receipt, and what it receives is read back as a printer would (ESC @, GS v 0
 * bands, feed, cut). Its QR decodes with jsQR to the receipt's text, its modules whole dots, and
 * every dot is the app's own canvas drawing of the receipt, thresholded, drawn in the same page.
 */
describe('printing a receipt on an ESC/POS thermal printer, in Chromium', () => {
  const kiosk = useKioskSession({ prepare: (context) => context.addInitScript(installFakeSerial) });
  let page: Page;
  let qrText: string;
  let filingId: string;
  let first58: Buffer;

  beforeAll(async () => {
    page = kiosk.page;
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    // The app's own receipt modules, bundled for the reference drawing, served from the page's origin (the CSP allows only that).
    const bundle = await build({ entryPoints: [path.join(import.meta.dirname, 'support/thermal-entry.ts')], bundle: true, format: 'esm', target: 'es2022', write: false, logLevel: 'warning' });
    await kiosk.context.route('**/__test__/thermal.js', (route) => route.fulfill({ contentType: 'text/javascript', body: bundle.outputFiles[0]!.text }));
    ({ filingId } = await captureFiling(page, { type: 'new_connection', name: 'सीता क्षत्रिय' }));
    // The confirmed receipt's QR code is the largest the kiosk draws.
    qrText = await confirmedQrText(page);
    await page.addScriptTag({ type: 'module', url: `${kiosk.server.url}/__test__/thermal.js` });
    await page.waitForFunction(() => 'sahejThermal' in window);
  });

  async function reference(paper: '58' | '80', lang: 'hi' | 'en' = 'hi'): Promise<ThermalReference> {
    const filing = (await readOne<Filing>(page, 'filings', filingId))!;
    return page.evaluate(
      ({ filing, qrText, paper, lang }) => (window as unknown as { sahejThermal: { reference(...args: unknown[]): Promise<ThermalReference> } }).sahejThermal.reference(filing, qrText, lang, paper),
      { filing, qrText, paper, lang },
    );
  }

  async function waitPrinted(): Promise<void> {
    await page.getByText(hi('thermal.done')).waitFor();
    await eventually(async () => !(await serialState(page)).open, 5_000, 'the port to be closed');
  }

  it('prints 58 mm as 384 dots: ESC @, GS v 0 bands, feed and cut, a QR of whole 3-dot modules that decodes, and the canvas drawing dot for dot', async () => {
    await page.getByTestId('thermal-toggle').click();
    // 58 mm is the choice until another is made.
    const paper = page.getByLabel(hi('thermal.paper'));
    expect(await paper.inputValue()).toBe('58');
    // The open panel is part of the screen: no serious accessibility finding, nothing clipped, every control 44 px.
    expect(await seriousAxeFindings(page)).toEqual([]);
    expect(await layoutProblems(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'panel.png'), fullPage: true });
    await page.getByRole('button', { name: hi('thermal.connect.serial') }).click();
    await waitPrinted();
    const state = await serialState(page);
    expect(state.requests).toBe(1);
    expect(state.baudRate).toBe(115200);
    first58 = await printedBytes(page);
    const job = decodeEscpos(first58);
    savePng(job, 'receipt-58.png');

    expect(job.commands[0]).toBe('init');
    expect(job.commands.slice(-2)).toEqual(['feed', 'cut']);
    expect(job.commands.filter((command) => command === 'band')).toHaveLength(job.commands.length - 3);
    expect(job.width).toBe(384);
    expect(job.bands.every((band) => band.rows >= 1 && band.rows <= 256 && 8 + band.bytesPerRow * band.rows <= 4104)).toBe(true);
    // Each band was its own write: a small printer buffer is never handed more.
    expect(state.writes.map((write) => Buffer.from(write, 'base64').length)).toEqual([2, ...job.bands.map((band) => 8 + band.bytesPerRow * band.rows), 3, 4]);

    const qr = printedQr(job, qrText);
    expect(qr.text).toBe(qrText);
    expect(qr.dotsPerModule).toBeCloseTo(3, 1);
    expect(qr.wrongModules).toBe(0);

    const drawn = await reference('58');
    expect({ width: drawn.width, height: drawn.height }).toEqual({ width: job.width, height: job.height });
    const expected = Buffer.from(drawn.dots, 'base64');
    let differ = 0;
    let textInk = 0;
    for (let y = 0; y < job.height; y++) {
      for (let x = 0; x < job.width; x++) {
        const printed = dotAt(job, x, y);
        if (printed !== dotAt({ bytesPerRow: drawn.bytesPerRow, dots: expected }, x, y)) differ++;
        if (printed && y < qr.top) textInk++;
      }
    }
    expect(differ).toBe(0);
    // The text above the QR code (title, lines) is part of what matched, not blank paper.
    expect(textInk).toBeGreaterThan(3000);
    // The same receipt in English (the layout's longest labels and note), kept beside it to look at; its QR decodes too.
    const english = await reference('58', 'en');
    const englishJob = { width: english.width, height: english.height, bytesPerRow: english.bytesPerRow, dots: new Uint8Array(Buffer.from(english.dots, 'base64')) };
    savePng({ ...englishJob, commands: [], bands: [], feedLines: 0 }, 'receipt-58-en.png');
    expect(printedQr({ ...englishJob, commands: [], bands: [], feedLines: 0 }, qrText).text).toBe(qrText);
    const matrix = qrMatrix(qrText);
    console.log(
      `thermal 58 mm: ${first58.length} bytes (${(first58.length / 1024).toFixed(1)} kB), ${job.width}×${job.height} dots (${(job.height / 8).toFixed(0)} mm of paper), ` +
        `${job.bands.length} GS v 0 bands of ≤${Math.max(...job.bands.map((band) => band.rows))} rows; QR version ${matrix.version}, ${qr.dotsPerModule.toFixed(2)} dots a module (${((matrix.size + 8) * 3) / 8} mm with quiet zone); ${textInk} dots of text matched`,
    );
  });

  it('prints 80 mm as 576 dots with 4-dot modules, and the remembered printer again without the chooser, byte for byte', async () => {
    await page.getByRole('button', { name: hi('thermal.choose') }).click();
    await page.getByLabel(hi('thermal.paper')).selectOption('80');
    await page.getByRole('button', { name: hi('thermal.connect.serial') }).click();
    await waitPrinted();
    expect((await serialState(page)).requests).toBe(2);
    const bytes = await printedBytes(page).then((all) => all.subarray(first58.length));
    const job = decodeEscpos(bytes);
    savePng(job, 'receipt-80.png');
    expect(job.width).toBe(576);
    expect(job.commands.slice(-2)).toEqual(['feed', 'cut']);
    const qr = printedQr(job, qrText);
    expect(qr.text).toBe(qrText);
    expect(qr.dotsPerModule).toBeCloseTo(4, 1);
    expect(qr.wrongModules).toBe(0);
    const drawn = await reference('80');
    expect(Buffer.from(drawn.dots, 'base64').equals(Buffer.from(job.dots))).toBe(true);
    console.log(`thermal 80 mm: ${bytes.length} bytes, ${job.width}×${job.height} dots, ${job.bands.length} bands, ${qr.dotsPerModule.toFixed(2)} dots a module`);

    // The remembered printer (80 mm now): found through getPorts, no chooser.
    expect(await page.getByTestId('thermal-remembered').textContent()).toContain('80 mm');
    const before = (await printedBytes(page)).length;
    await page.getByRole('button', { name: hi('thermal.print') }).click();
    await eventually(async () => (await printedBytes(page)).length === before + bytes.length && !(await serialState(page)).open, 10_000, 'the second 80 mm print');
    expect((await serialState(page)).requests).toBe(2);
    expect((await printedBytes(page)).subarray(before).equals(bytes)).toBe(true);
  });

  it('a printer unplugged mid-print says so in Hindi; the receipt, the remembered printer and the print dialog stay', async () => {
    const filingBefore = (await readOne<Filing>(page, 'filings', filingId))!;
    const printerBefore = await readOne(page, 'meta', 'thermalPrinter');
    await page.evaluate(() => {
      const state = (window as unknown as { __fakeSerial: FakeSerialState }).__fakeSerial;
      state.failAtWrite = state.writes.length + 3;
    });
    await page.getByRole('button', { name: hi('thermal.print') }).click();
    const alert = page.getByTestId('thermal-error');
    await alert.waitFor();
    expect(await alert.getAttribute('data-code')).toBe('disconnected');
    expect(await alert.textContent()).toContain(hi('thermal.error.disconnected'));
    await eventually(async () => !(await serialState(page)).open, 5_000, 'the port to be let go');
    expect(await page.getByTestId('receipt-no').textContent()).toBe(filingBefore.receiptNo);
    for (const key of ['receipt.print58', 'receipt.print80', 'receipt.printA4'] as const) expect(await page.getByRole('button', { name: hi(key) }).isEnabled()).toBe(true);
    const filingAfter = (await readOne<Filing>(page, 'filings', filingId))!;
    expect({ envelope: filingAfter.envelope, confirmation: filingAfter.confirmation, receiptNo: filingAfter.receiptNo }).toEqual({ envelope: filingBefore.envelope, confirmation: filingBefore.confirmation, receiptNo: filingBefore.receiptNo });
    expect(await readOne(page, 'meta', 'thermalPrinter')).toEqual(printerBefore);
  });
});
