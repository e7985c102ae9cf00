import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Page } from 'playwright-core';

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../../test-results/screenshots');

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** axe-core's serious and critical findings on the page as it is now. */
export async function seriousAxeFindings(page: Page): Promise<AxeFinding[]> {
  // Evaluated through the DevTools protocol: an inline <script> (addScriptTag) would be refused by the app's CSP.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map((violation) => ({ id: violation.id, impact: violation.impact, help: violation.help, targets: violation.nodes.map((node) => node.target.join(' ')) }));
  });
}

/** What can go wrong in a narrow Hindi layout: sideways scrolling, clipped controls, a missing font. */
export async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    await document.fonts.ready;
    const problems: string[] = [];
    if (document.documentElement.scrollWidth > window.innerWidth + 1) problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth}px > ${window.innerWidth}px`);
    for (const element of Array.from(document.querySelectorAll<HTMLElement>('button, label, .field__error, h1, h2, .list__main, legend, dt, dd'))) {
      const style = getComputedStyle(element);
      if (style.visibility === 'hidden' || element.closest('.visually-hidden') || element.getClientRects().length === 0) continue;
      if (element.classList.contains('stepper__step')) continue;
      if (element.scrollWidth > element.clientWidth + 1 && style.overflowX !== 'visible') problems.push(`clipped: ${element.tagName}.${element.className} "${element.textContent?.slice(0, 40)}"`);
    }
    // Touch targets: every control at least 44×44 CSS px (a checkbox counts with its label row).
    for (const control of Array.from(document.querySelectorAll<HTMLElement>('button, a[href], input:not([type=checkbox]):not([type=file]), select, textarea, label.file-button, .field--checkbox'))) {
      if (control.closest('.visually-hidden') || control.getClientRects().length === 0 || control.closest('dialog:not([open])')) continue;
      const box = control.getBoundingClientRect();
      // Out of reach sideways: a row that scrolls inside itself hid the stepper's last step at 360 px.
      if (box.right > window.innerWidth + 1 || box.left < -1) problems.push(`off screen ${Math.round(box.left)}…${Math.round(box.right)} px: ${control.tagName}.${control.className} "${control.textContent?.trim().slice(0, 30)}"`);
      if (box.height < 44 || box.width < 44) problems.push(`small target ${Math.round(box.width)}×${Math.round(box.height)}: ${control.tagName}.${control.className} "${control.textContent?.trim().slice(0, 30)}"`);
    }
    const devanagari = Array.from(document.fonts).filter((face) => face.family.replace(/"/g, '') === 'Noto Sans Devanagari');
    if (/[\u0900-\u097F]/.test(document.body.innerText)) {
      if (!devanagari.some((face) => face.status === 'loaded')) problems.push('Noto Sans Devanagari is not loaded on a page with Devanagari text');
      if (!document.fonts.check('16px "Noto Sans Devanagari"', 'क्षत्रिय')) problems.push('Devanagari text cannot be drawn with the shipped font');
    }
    return problems;
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}

/** The screen as it is, in Hindi (`NAME.png`) and in English (`NAME.en.png`), back in the language it was in. */
export async function screenshots(page: Page, name: string): Promise<void> {
  const toggle = page.locator('.header .button--on-brand');
  const first = (await page.evaluate(() => document.documentElement.lang)) === 'en' ? 'en' : 'hi';
  await screenshot(page, first === 'hi' ? name : `${name}.en`);
  await toggle.click();
  await page.waitForFunction((lang) => document.documentElement.lang !== lang, first);
  await page.evaluate(() => document.fonts.ready);
  await screenshot(page, first === 'hi' ? `${name}.en` : name);
  await toggle.click();
  await page.waitForFunction((lang) => document.documentElement.lang === lang, first);
}
