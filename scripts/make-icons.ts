// Renders the app icons from their SVG sources: `npx tsx scripts/make-icons.ts`.
// The PNGs are committed; run this again only when an SVG changes.
import fs from 'node:fs';
import path from 'node:path';
import { launchChromium } from './chromium';

const dir = path.resolve(import.meta.dirname, '../public/icons');
const outputs = [
  { svg: 'icon.svg', png: 'icon-192.png', size: 192 },
  { svg: 'icon.svg', png: 'icon-512.png', size: 512 },
  { svg: 'icon-maskable.svg', png: 'icon-maskable-512.png', size: 512 },
];

const browser = await launchChromium();
const page = await browser.newPage();
for (const { svg, png, size } of outputs) {
  await page.setViewportSize({ width: size, height: size });
  const markup = fs.readFileSync(path.join(dir, svg), 'utf8');
  await page.setContent(`<html><body style="margin:0;background:transparent">${markup.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`);
  await page.screenshot({ path: path.join(dir, png), omitBackground: true });
  console.log(`${png} (${size}×${size})`);
}
await browser.close();
