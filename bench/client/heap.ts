import type { Page } from 'playwright-core';
import { openAppSession } from '../lib/app-session';
import { judged, median, round, type BenchRecord } from '../lib/records';
import { seedFilings } from './local-list';

const FILINGS = 10_000;
const RUNS = 5;
const SETTLE_MS = 2000;

/**
 * The page's JavaScript heap on the home screen, once loaded and settled: the page is
 * loaded anew, given time for the first screenful and the sync engine's start, then
 * garbage-collected (CDP HeapProfiler.collectGarbage) and read (Performance.getMetrics
 * JSHeapUsedSize), in MB of 2^20 bytes.
 */
async function homeHeap(page: Page, url: string): Promise<number[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const sizes: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    await page.goto(url);
    await page.getByRole('button', { name: /^(नया आवेदन|New application)$/ }).waitFor();
    // The list has answered: its rows, or "no filings" for the empty query.
    await page.locator('[data-testid="filings"] li, [data-testid="no-filings"][data-query=""]').first().waitFor();
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    sizes.push(metrics.find((metric) => metric.name === 'JSHeapUsedSize')!.value / 2 ** 20);
  }
  await cdp.detach();
  return sizes;
}

/**
 * With 10,000 filings on the device (the same seed as the list benchmark), the JS heap of
 * the home screen after load. The reference is the same measure on the same kiosk before
 * the filings are put in: what the app holds with an empty device.
 */
export async function benchHeap(): Promise<BenchRecord[]> {
  const session = await openAppSession();
  try {
    const { page, server } = session;
    const empty = await homeHeap(page, server.url);
    await seedFilings(page, FILINGS);
    const full = await homeHeap(page, server.url);
    const shown = await page.locator('[data-testid="filings"] li').count();
    return [
      judged(
        {
          name: `JS heap on the home screen with ${FILINGS} filings on the device, after load`,
          value: round(median(full)),
          unit: 'MB',
          runs: RUNS,
          reference: { name: 'the same with no filings', value: round(median(empty)), unit: 'MB' },
          note: `after garbage collection (CDP Performance.getMetrics JSHeapUsedSize); the list shows ${shown} filings`,
        },
        { atMost: 150 },
      ),
    ];
  } finally {
    await session.close();
  }
}
