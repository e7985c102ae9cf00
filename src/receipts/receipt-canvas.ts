import type { QrMatrix } from './qr';
import { drawQr } from './qr';
import type { ReceiptLine } from './receipt-lines';

const FONT = '"Noto Sans Devanagari", "Liberation Sans", sans-serif';

export interface ReceiptPicture {
  title: string;
  lines: ReceiptLine[];
  qr?: QrMatrix;
  footer: string;
}

function wrap(context: CanvasRenderingContext2D, text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    const candidate = current ? `${current} ${word}` : word;
    if (current && context.measureText(candidate).width > width) {
      lines.push(current);
      current = word;
    } else current = candidate;
  }
  if (current) lines.push(current);
  return lines;
}

/**
 * Where things go on the picture: the margin round it and the share of the inner width the
 * QR code may take (CSS px), and whether labels and the note are grey (a picture) or black (a
 * 1-bit printer, where a grey stroke prints only where it covers two thirds of a dot).
 */
export interface ReceiptLayout {
  margin?: number;
  qrShare?: number;
  blackText?: boolean;
}

/**
 * Draws the receipt with the browser's own text engine, which shapes Devanagari (conjuncts,
 * matras) with the app's font: the PDF and the shared image carry these pixels, so they
 * read right on any machine, with or without Hindi fonts of its own.
 */
export async function drawReceipt(picture: ReceiptPicture, width = 640, scale = 2, { margin = 32, qrShare = 0.7, blackText = false }: ReceiptLayout = {}): Promise<HTMLCanvasElement> {
  await document.fonts.load(`16px ${FONT}`, 'सहेज रसीद');
  const inner = width - margin * 2;
  const measure = document.createElement('canvas').getContext('2d')!;
  // Measured in the weight the values are drawn in (bold is wider).
  measure.font = `600 18px ${FONT}`;
  const laid = picture.lines.map((line) => ({ label: line.label, value: wrap(measure, line.value, inner * 0.58) }));
  // A module is whole CSS pixels, then whole device pixels (a printer's dots) at any scale:
  // a module split across pixels is grey at its edges, which a 1-bit printer cannot print.
  const moduleDots = picture.qr ? Math.floor(Math.max(2, Math.floor((inner * qrShare) / (picture.qr.size + 8))) * scale) : 0;
  const qrSize = picture.qr ? ((picture.qr.size + 8) * moduleDots) / scale : 0;
  measure.font = `14px ${FONT}`;
  const footer = wrap(measure, picture.footer, inner);
  // The note's lines, 20 px each after a 12 px gap, and never less room than two of them (a narrow paper's note takes three or four).
  const footerHeight = Math.max(60, 12 + footer.length * 20 + 8);
  const height = margin + 44 + laid.reduce((sum, line) => sum + Math.max(1, line.value.length) * 26 + 6, 0) + 16 + qrSize + footerHeight + margin;

  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.ceil(height * scale);
  const context = canvas.getContext('2d')!;
  context.scale(scale, scale);
  context.fillStyle = '#fff';
  context.fillRect(0, 0, width, height);
  context.fillStyle = '#000';
  context.textBaseline = 'top';
  context.font = `600 26px ${FONT}`;
  context.fillText(picture.title, margin, margin);
  let y = margin + 44;
  for (const line of laid) {
    context.font = `15px ${FONT}`;
    context.fillStyle = blackText ? '#000' : '#444';
    context.fillText(line.label, margin, y + 2);
    context.font = `600 18px ${FONT}`;
    context.fillStyle = '#000';
    line.value.forEach((text, index) => context.fillText(text, margin + inner * 0.42, y + index * 26));
    y += Math.max(1, line.value.length) * 26 + 6;
  }
  y += 16;
  if (picture.qr) {
    // Drawn in device pixels, from a whole pixel, so every module covers whole pixels.
    context.save();
    context.setTransform(1, 0, 0, 1, 0, 0);
    drawQr(context, picture.qr, Math.round((margin + (inner - qrSize) / 2) * scale), Math.round(y * scale), moduleDots);
    context.restore();
    y += qrSize + 12;
  }
  context.font = `14px ${FONT}`;
  context.fillStyle = blackText ? '#000' : '#333';
  for (const [index, text] of footer.entries()) context.fillText(text, margin, y + index * 20);
  return canvas;
}

export function canvasBlob(canvas: HTMLCanvasElement, type = 'image/png'): Promise<Blob> {
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('canvas export failed'))), type));
}
