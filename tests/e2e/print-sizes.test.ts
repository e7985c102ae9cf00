import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import jsQR from 'jsqr';
import type { CDPSession, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOT_DIR } from './support/audit';
import { captureFiling, confirmedQrText } from './support/kiosk';
import { useKioskSession } from './support/kiosk-session';

const ARTIFACTS = path.join(SCREENSHOT_DIR, '..', 'print-sizes');
const PT_PER_MM = 72 / 25.4;
/** A thermal receipt printer's resolution: 8 dots a millimetre. */
const PRINTER_DPI = 203;

/** Page sizes in points, one row a page, from poppler's pdfinfo. */
function pageSizes(pdf: string): Array<{ width: number; height: number }> {
  const info = execFileSync('pdfinfo', ['-f', '1', '-l', '1000', pdf], { encoding: 'utf8' });
  return [...info.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/g)].map(([, width, height]) => ({ width: Number(width), height: Number(height) }));
}

function decodeQr(png: Buffer): { text: string | undefined; image: PNG } {
  const image = PNG.sync.read(png);
  return { text: jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data, image };
}

/**
 * Printing as the kiosk does it, under the app's Content-Security-Policy: the receipt's print
 * button, then Chromium's own print (Page.printToPDF, the page size the CSS asks for), so the
 * PDF's pages are the paper the layout names — 58 mm and 80 mm rolls cut to the receipt's
 * length, and A4 — and a thermal printer's 203 dpi dots of the 58 mm QR code still decode.
 */
describe('receipt print sizes and QR codes in Chromium', () => {
  const violations: string[] = [];
  const kiosk = useKioskSession({
    async prepare(context) {
      await context.exposeBinding('__reportCspViolation', (_source, violation: string) => void violations.push(violation));
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => {
          (window as unknown as { __reportCspViolation(violation: string): void }).__reportCspViolation(`${event.effectiveDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber} ${event.sample}`);
        });
        // Headless Chromium has no print dialog: here it opens (beforeprint) and Page.printToPDF prints (beforeprint again, and afterprint).
        window.print = () => void window.dispatchEvent(new Event('beforeprint'));
      });
    },
  });
  let page: Page;
  let cdp: CDPSession;
  let qrText: string;
  beforeAll(async () => {
    page = kiosk.page;
    page.on('console', (message) => {
      if (/Content.Security.Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    cdp = await kiosk.context.newCDPSession(page);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await captureFiling(page, { type: 'new_connection', name: 'सीता क्षत्रिय' });
    // The confirmed receipt's QR code carries the most: the largest code the kiosk draws.
    qrText = await confirmedQrText(page);
  });

  it('shows a QR code that decodes from a 360 px screenshot, with whole quiet zone and modules of 3 px or more', async () => {
    const svg = page.locator('[data-testid="receipt-qr"] svg');
    const { width, modules } = await svg.evaluate((element) => {
      element.scrollIntoView({ block: 'center' });
      return { width: element.getBoundingClientRect().width, modules: (element as SVGSVGElement).viewBox.baseVal.width };
    });
    const { text, image } = decodeQr(await page.screenshot({ path: path.join(ARTIFACTS, 'screen-360.png') }));
    console.log(`screen QR: ${modules} modules (quiet zone included) in ${width.toFixed(1)} px, ${(width / modules).toFixed(2)} px a module; screenshot ${image.width}×${image.height}`);
    expect(image.width).toBe(360);
    expect(width / modules).toBeGreaterThanOrEqual(3);
    expect(text).toBe(qrText);
  });

  it('prints 58 mm and 80 mm pages as long as the receipt and A4, breaking no rule of the CSP, with a 58 mm QR that decodes at 203 dpi', async () => {
    const sizes: Record<string, Array<{ width: number; height: number }>> = {};
    for (const [layout, button] of [['58', /58/], ['80', /80/], ['a4', /A4/]] as const) {
      await page.getByRole('button', { name: button }).click();
      const { data } = await cdp.send('Page.printToPDF', { preferCSSPageSize: true, printBackground: true });
      const pdf = path.join(ARTIFACTS, `receipt-${layout}.pdf`);
      fs.writeFileSync(pdf, Buffer.from(data, 'base64'));
      sizes[layout] = pageSizes(pdf);
      console.log(`${layout}: ${sizes[layout].map(({ width, height }) => `${(width / PT_PER_MM).toFixed(1)}×${(height / PT_PER_MM).toFixed(1)} mm`).join(', ')}`);
    }
    // After printing, the screen is the screen again.
    expect(await page.evaluate(() => document.documentElement.dataset.print)).toBeUndefined();
    expect(violations).toEqual([]);

    for (const [layout, widthMm] of [['58', 58], ['80', 80]] as const) {
      // One page, the paper's width, and the receipt's length (a roll is cut where the receipt ends).
      expect(sizes[layout]).toHaveLength(1);
      expect(Math.abs(sizes[layout]![0]!.width / PT_PER_MM - widthMm)).toBeLessThanOrEqual(0.5);
      expect(sizes[layout]![0]!.height).toBeGreaterThan(sizes[layout]![0]!.width);
    }
    for (const { width, height } of sizes.a4!) {
      expect(Math.abs(width - 595.28)).toBeLessThanOrEqual(1.5);
      expect(Math.abs(height - 841.89)).toBeLessThanOrEqual(1.5);
    }

    // The 58 mm page at a thermal printer's resolution, 8 dots a millimetre.
    const raster = path.join(ARTIFACTS, 'receipt-58-203dpi');
    execFileSync('pdftoppm', ['-r', String(PRINTER_DPI), '-gray', '-singlefile', '-png', path.join(ARTIFACTS, 'receipt-58.pdf'), raster]);
    const { text, image } = decodeQr(fs.readFileSync(`${raster}.png`));
    expect(text).toBe(qrText);
    // Cut at the receipt's end: below the last line, only its paragraph's margin, the page's and a millimetre or two of rounding
    // (the stylesheet's own length for a roll, 297 mm, would leave some 40 mm).
    let lastInk = 0;
    for (let y = 0; y < image.height; y++) {
      for (let x = 0; x < image.width; x++) if (image.data[(y * image.width + x) * 4]! < 128) lastInk = y;
    }
    const tailMm = ((image.height - 1 - lastInk) / PRINTER_DPI) * 25.4;
    console.log(`58 mm at ${PRINTER_DPI} dpi: ${image.width}×${image.height} dots, QR decoded; ${tailMm.toFixed(1)} mm of paper below the last line`);
    expect(tailMm).toBeLessThanOrEqual(10);
  });
});
