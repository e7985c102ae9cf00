import os from 'node:os';
import type { BrowserContext } from 'playwright-core';
import { openAppSession } from '../lib/app-session';
import { blankPreactServer } from '../lib/blank-page';
import { judged, median, round, type BenchRecord } from '../lib/records';

const RUNS = 5;
const CPU_SLOWDOWN = 4;

/**
 * Runs in the page from its first script on (no round trip to the test between steps):
 * as soon as the home screen's "New application" button is there and enabled it is
 * clicked, then the first request type, and the time is taken one frame after the form's
 * first field appears — milliseconds from navigation start — and written to the console.
 * The test only listens: polling the page (waitForFunction) would put Playwright's own
 * script into it and cost the page time under the slowdown. A string, not a function:
 * tsx would wrap a function's inner names in a helper the page does not have.
 */
const CLICK_THROUGH = `(() => {
  const marks = { stage: 0 };
  window.__coldOpen = marks;
  const step = () => {
    if (marks.stage === 0) {
      const button = [...document.querySelectorAll('button')].find((b) => /^(नया आवेदन|New application)$/.test(b.textContent.trim()));
      if (!button || button.disabled) return;
      marks.stage = 1;
      marks.homeAt = performance.now();
      button.click();
    } else if (marks.stage === 1) {
      const choice = document.querySelector('.choice');
      if (!choice) return;
      marks.stage = 2;
      choice.click();
    } else if (marks.stage === 2) {
      const field = document.querySelector('fieldset[data-step] input, fieldset[data-step] select, fieldset[data-step] textarea');
      if (!field || field.disabled) return;
      marks.stage = 3;
      observer.disconnect();
      requestAnimationFrame(() => setTimeout(() => {
        marks.formAt = performance.now();
        console.debug('sahej-cold-open ' + JSON.stringify(marks));
      }));
    }
  };
  const observer = new MutationObserver(step);
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled'] });
})();`;

/** One new tab, CPU slowed down, workers stopped: navigation start to the form's first field. */
async function openOnce(context: BrowserContext, url: string): Promise<number> {
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    // A cold open: the service worker too has to start again.
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await page.addInitScript({ content: CLICK_THROUGH });
    const done = page.waitForEvent('console', { predicate: (message) => message.text().startsWith('sahej-cold-open '), timeout: 60_000 });
    await page.goto(url);
    const message = await done.catch(async (error: unknown) => {
      const state = await page.evaluate(() => JSON.stringify({ marks: (window as unknown as { __coldOpen?: unknown }).__coldOpen, url: location.href, body: document.body?.innerText.slice(0, 300) }));
      throw new Error(`the form did not open: ${state}`, { cause: error });
    });
    return (JSON.parse(message.text().slice('sahej-cold-open '.length)) as { formAt: number }).formAt;
  } finally {
    await page.close();
  }
}

/**
 * After one online visit and enrollment, the device goes offline and the app is opened in
 * a new tab with the CPU slowed down 4× (CDP Emulation.setCPUThrottlingRate): the time
 * from navigation start until the home screen's "New application" button, then the first
 * request type, have been clicked and the form's first field is drawn. Everything comes
 * from the service worker's precache. The reference is a blank Preact page with the same
 * button, choice and field, served over loopback, under the same slowdown.
 */
export async function benchColdOpen(): Promise<BenchRecord[]> {
  const session = await openAppSession();
  const blank = await blankPreactServer();
  try {
    const { context, browser, server } = session;
    // The enrolled tab goes away; each run is a new tab in the same (offline) profile.
    await session.page.close();
    await context.setOffline(true);
    const loadBefore = os.loadavg()[0]!;
    const app: number[] = [];
    for (let run = 0; run < RUNS; run++) app.push(await openOnce(context, server.url));

    const referenceContext = await browser.newContext({ viewport: { width: 360, height: 640 } });
    const reference: number[] = [];
    try {
      for (let run = 0; run < RUNS; run++) reference.push(await openOnce(referenceContext, blank.url));
    } finally {
      await referenceContext.close();
    }
    return [
      judged(
        {
          name: `cold open offline to the first form field, CPU ${CPU_SLOWDOWN}× slower (from navigation start)`,
          value: round(median(app), 0),
          unit: 'ms',
          runs: RUNS,
          reference: { name: `blank Preact page, button → choice → field, same slowdown`, value: round(median(reference), 0), unit: 'ms' },
          note: `runs: ${app.map((ms) => Math.round(ms)).join(', ')} ms; reference runs: ${reference.map((ms) => Math.round(ms)).join(', ')} ms; a new tab each run with the service worker stopped, the browser's code cache as on a kiosk that has opened the app before; machine load average ${loadBefore.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`,
        },
        { atMost: 1500 },
      ),
    ];
  } finally {
    await blank.close();
    await session.close();
  }
}
