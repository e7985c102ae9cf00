import { drawReceipt, type ReceiptPicture } from '../receipt-canvas';

export type PaperWidth = '58' | '80';

/** Printable dots across the roll at 203 dpi (8 a millimetre): 48 mm of 58 mm paper, 72 mm of 80 mm. */
export const PAPER_DOTS: Record<PaperWidth, number> = { '58': 384, '80': 576 };

/**
 * The receipt's layout width on thermal paper, in CSS px, for both rolls: 58 mm draws it a
 * dot a pixel (18 px values are 18 dots, 2.3 mm), 80 mm the same layout half as large again.
 */
const LAYOUT_WIDTH = 384;
/** The printer keeps its own margins outside the printable dots: a narrow one is enough. All text black: a dot has no grey. */
const LAYOUT = { margin: 8, qrShare: 1, blackText: true };

/** Dots of one colour: 1 bit a dot, 1 = black, rows of `bytesPerRow` bytes, the left dot in each byte's high bit (GS v 0's order). */
export interface MonoBitmap {
  width: number;
  height: number;
  bytesPerRow: number;
  data: Uint8Array;
}

export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8ClampedArray | Uint8Array;
}

/**
 * Luminance below which a pixel prints: half-way. The QR code is drawn in whole pixels of
 * pure black and white, so any threshold keeps its modules exact; half-way keeps the
 * text's strokes the width they are drawn. (Dithering would speckle the edges of text and
 * gain nothing on a picture that has no greys of its own.)
 */
export const DARK_BELOW = 128;

/** An RGBA image as `width` printer dots across (cut or padded with white), dark where it is darker than the threshold. */
export function thresholdImage(image: RgbaImage, width = image.width, darkBelow = DARK_BELOW): MonoBitmap {
  const bytesPerRow = Math.ceil(width / 8);
  const data = new Uint8Array(bytesPerRow * image.height);
  const columns = Math.min(width, image.width);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < columns; x++) {
      const at = (y * image.width + x) * 4;
      const alpha = image.data[at + 3]!;
      // Luminance (Rec. 601 weights, in thousandths) over white paper, where transparent is paper; whole numbers, so 128 is exactly half-way.
      const luminance = (255 - alpha) * 255_000 + alpha * (299 * image.data[at]! + 587 * image.data[at + 1]! + 114 * image.data[at + 2]!);
      if (luminance < darkBelow * 255_000) data[y * bytesPerRow + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  return { width, height: image.height, bytesPerRow, data };
}

export function isDark(bitmap: MonoBitmap, x: number, y: number): boolean {
  return (bitmap.data[y * bitmap.bytesPerRow + (x >> 3)]! & (0x80 >> (x & 7))) !== 0;
}

/** The canvas's pixels as printer dots. */
export function canvasBitmap(canvas: HTMLCanvasElement, width = canvas.width): MonoBitmap {
  const image = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
  return thresholdImage(image, width);
}

/** The receipt drawn by the one canvas renderer, the paper's width in dots, as a canvas. */
export function drawThermalReceipt(picture: ReceiptPicture, paper: PaperWidth): Promise<HTMLCanvasElement> {
  return drawReceipt(picture, LAYOUT_WIDTH, PAPER_DOTS[paper] / LAYOUT_WIDTH, LAYOUT);
}

/** The receipt as the printer's dots for this paper. */
export async function receiptBitmap(picture: ReceiptPicture, paper: PaperWidth): Promise<MonoBitmap> {
  return canvasBitmap(await drawThermalReceipt(picture, paper), PAPER_DOTS[paper]);
}
