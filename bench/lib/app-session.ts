import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildAppInto } from '../../scripts/build-app';
import { launchChromium } from '../../scripts/chromium';
import { ServerProcess } from '../../scripts/server-process';
import { enrollKiosk } from '../../tests/e2e/support/kiosk';

const root = path.resolve(import.meta.dirname, '../..');
// One directory per run: two `npm run bench` at once (engineers share the machine) must
// not build into, or clean away, each other's app.
const RUN_TMP = path.join(root, 'bench', '.tmp', `run-${process.pid}`);
export const BENCH_DIST = path.join(RUN_TMP, 'dist');

let built = false;

/** The production build the benchmarks run, made once per `npm run bench`. */
export async function buildApp(): Promise<string> {
  if (built) return BENCH_DIST;
  await buildAppInto(BENCH_DIST);
  built = true;
  return BENCH_DIST;
}

export interface AppSession {
  server: ServerProcess;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** The real server, Chromium, and an enrolled kiosk page at 360×640. */
export async function openAppSession(): Promise<AppSession> {
  const server = await ServerProcess.start(await buildApp());
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 360, height: 640 } });
  const page = await context.newPage();
  await enrollKiosk(page, server);
  return {
    server,
    browser,
    context,
    page,
    async close() {
      await browser.close();
      await server.stop();
    },
  };
}

export function cleanBenchTmp(): void {
  fs.rmSync(RUN_TMP, { recursive: true, force: true });
}
