import fc from 'fast-check';
import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { drawQr, qrMatrix } from '../../../src/receipts/qr';
import { chunked, defaultBandRows, escposRaster, joinBytes } from '../../../src/receipts/thermal/escpos-raster';
import { isDark, PAPER_DOTS, thresholdImage, type MonoBitmap } from '../../../src/receipts/thermal/receipt-bitmap';
import { decodeEscpos, dotAt, printedImage } from '../../support/escpos-decoder';

/** A 1-bit bitmap from a predicate, `width` dots across. */
function bitmapOf(width: number, height: number, dark: (x: number, y: number) => boolean): MonoBitmap {
  const bytesPerRow = Math.ceil(width / 8);
  const data = new Uint8Array(bytesPerRow * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (dark(x, y)) data[y * bytesPerRow + (x >> 3)]! |= 0x80 >> (x & 7);
  return { width, height, bytesPerRow, data };
}

/** A canvas context that paints fillRect into an RGBA buffer: enough for drawQr, so the app's own QR drawing is what is printed. */
function rgbaContext(width: number, height: number) {
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  const context = {
    fillStyle: '#fff',
    fillRect(x: number, y: number, w: number, h: number) {
      const value = context.fillStyle === '#000' ? 0 : 255;
      for (let row = y; row < y + h; row++) for (let column = x; column < x + w; column++) data.fill(value, (row * width + column) * 4, (row * width + column) * 4 + 3);
    },
  };
  return { context: context as unknown as CanvasRenderingContext2D, image: { width, height, data } };
}

/** A receipt link as long as a confirmed new connection's (1,046 characters), so the QR code is as large as the kiosk draws. */
function longReceiptLink(): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ$%*+-./:';
  let payload = '';
  for (let i = 0; i < 1020; i++) payload += alphabet[(i * 7919 + 13) % 43];
  return `HTTPS://SAHEJ.EXAMPLE/R/#${payload}`;
}

describe('ESC/POS raster (GS v 0)', () => {
  it('is ESC @, then GS v 0 bands with the size in little-endian bytes, then ESC d and GS V 66 — byte for byte', () => {
    const bitmap = bitmapOf(16, 3, (x, y) => (y === 0 && x < 8) || (y === 1 && x === 15) || (y === 2 && x === 0));
    expect([...joinBytes(escposRaster(bitmap, { bandRows: 2 }))]).toEqual([
      0x1b, 0x40,
      0x1d, 0x76, 0x30, 0x00, 0x02, 0x00, 0x02, 0x00, 0xff, 0x00, 0x00, 0x01,
      0x1d, 0x76, 0x30, 0x00, 0x02, 0x00, 0x01, 0x00, 0x80, 0x00,
      0x1b, 0x64, 0x04,
      0x1d, 0x56, 0x42, 0x00,
    ]);
  });

  it.each([
    ['58 mm', '58' as const],
    ['80 mm', '80' as const],
  ])('on %s paper decodes back to the very same dots, in bands a small buffer holds', (_name, paper) => {
    const width = PAPER_DOTS[paper];
    expect(width).toBe(paper === '58' ? 384 : 576);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 700 }), fc.integer(), (height, seed) => {
        const bitmap = bitmapOf(width, height, (x, y) => ((x * 31 + y * 17 + seed) >>> 0) % 5 < 2);
        const job = decodeEscpos(joinBytes(escposRaster(bitmap)));
        expect(job.commands[0]).toBe('init');
        expect(job.commands.slice(-2)).toEqual(['feed', 'cut']);
        expect(job.commands.slice(1, -2).every((command) => command === 'band')).toBe(true);
        expect(job.width).toBe(width);
        expect(job.height).toBe(height);
        // Compared as buffers: an element-wise deep equal of 40 kB takes seconds.
        expect(Buffer.from(job.dots).equals(Buffer.from(bitmap.data))).toBe(true);
        for (const band of job.bands) {
          expect(band.mode).toBe(0);
          expect(band.rows).toBeLessThanOrEqual(defaultBandRows(width / 8));
          expect(8 + band.bytesPerRow * band.rows).toBeLessThanOrEqual(4096 + 8);
        }
        expect(job.bands).toHaveLength(Math.ceil(height / defaultBandRows(width / 8)));
      }),
      { numRuns: 25 },
    );
  });

  it('cuts bands of 24 to 256 rows, as many as fit in 4 kB: 80 rows at 58 mm, 56 at 80 mm', () => {
    expect(defaultBandRows(PAPER_DOTS['58'] / 8)).toBe(80);
    expect(defaultBandRows(PAPER_DOTS['80'] / 8)).toBe(56);
    expect(defaultBandRows(1)).toBe(256);
    expect(defaultBandRows(200)).toBe(24);
    expect(() => escposRaster(bitmapOf(8, 1, () => true), { bandRows: 0 })).toThrow(RangeError);
    expect(() => escposRaster({ width: 16, height: 1, bytesPerRow: 1, data: new Uint8Array(1) })).toThrow(RangeError);
  });

  it('chunks the pieces in order, never more than the link takes at once, and never across two commands', () => {
    const pieces = escposRaster(bitmapOf(384, 200, (x, y) => (x + y) % 3 === 0));
    const chunks = [...chunked(pieces, 182)];
    expect(chunks.every((chunk) => chunk.length <= 182 && chunk.length > 0)).toBe(true);
    expect(joinBytes(chunks)).toEqual(joinBytes(pieces));
    // The first chunk is ESC @ alone: a command never shares a write with the next one.
    expect([...chunks[0]!]).toEqual([0x1b, 0x40]);
  });
});

describe('the thresholded picture', () => {
  it('prints what is darker than half-way, treats transparency as paper, and pads or cuts to the paper width', () => {
    const grey = (value: number, alpha = 255) => [value, value, value, alpha];
    const image = { width: 5, height: 1, data: Uint8ClampedArray.from([...grey(0), ...grey(127), ...grey(128), ...grey(0, 0), ...grey(0, 200)]) };
    const wide = thresholdImage(image, 12);
    expect([0, 1, 2, 3, 4, 5, 11].map((x) => isDark(wide, x, 0))).toEqual([true, true, false, false, true, false, false]);
    expect(wide.bytesPerRow).toBe(2);
    const narrow = thresholdImage(image, 2);
    expect(narrow.width).toBe(2);
    expect([...narrow.data]).toEqual([0b1100_0000]);
  });

  it('keeps a receipt-sized QR code, drawn by the app at 3 dots a module on 384 dots, decodable after GS v 0', () => {
    const text = longReceiptLink();
    const matrix = qrMatrix(text);
    const modules = matrix.size + 8;
    const dotsPerModule = Math.floor(PAPER_DOTS['58'] / modules);
    expect(dotsPerModule).toBe(3);
    const { context, image } = rgbaContext(PAPER_DOTS['58'], modules * dotsPerModule + 20);
    drawQr(context, matrix, Math.floor((PAPER_DOTS['58'] - modules * dotsPerModule) / 2), 10, dotsPerModule);
    const job = decodeEscpos(joinBytes(escposRaster(thresholdImage(image, PAPER_DOTS['58']))));
    const printed = printedImage(job);
    expect(jsQR(printed.data, printed.width, printed.height)?.data).toBe(text);
    // Each module is whole dots: the dot at every module's centre says the module's colour.
    const left = Math.floor((PAPER_DOTS['58'] - modules * dotsPerModule) / 2) + 4 * dotsPerModule;
    const wrong: string[] = [];
    for (let row = 0; row < matrix.size; row++) {
      for (let column = 0; column < matrix.size; column++) {
        for (const [dx, dy] of [[0, 0], [2, 2]] as const) if (dotAt(job, left + column * 3 + dx, 10 + 4 * 3 + row * 3 + dy) !== matrix.isDark(row, column)) wrong.push(`${row},${column}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
