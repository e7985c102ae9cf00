import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sahej-files-'));

/**
 * A JPEG made by the browser's own canvas: a gradient with noise, which compresses as
 * badly as a real photo does. Written to a temporary file for a file input.
 */
export async function makePhoto(page: Page, width: number, height: number, quality = 0.92): Promise<string> {
  const file = path.join(dir, `photo-${width}x${height}-${quality}.jpg`);
  if (fs.existsSync(file)) return file;
  const base64 = await page.evaluate(
    async ({ width, height, quality }) => {
      const canvas = new OffscreenCanvas(width, height);
      const context = canvas.getContext('2d')!;
      const gradient = context.createLinearGradient(0, 0, width, height);
      gradient.addColorStop(0, '#2a6f97');
      gradient.addColorStop(1, '#f4a261');
      context.fillStyle = gradient;
      context.fillRect(0, 0, width, height);
      const image = context.getImageData(0, 0, width, height);
      let seed = 7;
      for (let i = 0; i < image.data.length; i += 4) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        const noise = (seed % 64) - 32;
        image.data[i] = Math.max(0, Math.min(255, image.data[i]! + noise));
        image.data[i + 1] = Math.max(0, Math.min(255, image.data[i + 1]! + noise));
      }
      context.putImageData(image, 0, 0);
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(binary);
    },
    { width, height, quality },
  );
  fs.writeFileSync(file, Buffer.from(base64, 'base64'));
  return file;
}

/** A small, valid one-page PDF. */
export function makePdf(): string {
  const file = path.join(dir, 'ownership.pdf');
  if (fs.existsSync(file)) return file;
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>'];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  fs.writeFileSync(file, body);
  return file;
}
