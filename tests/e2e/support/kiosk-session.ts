import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { launchChromium } from '../../../scripts/chromium';
import { ServerProcess } from '../../../scripts/server-process';
import { enrollKiosk } from './kiosk';

export interface KioskSession {
  server: ServerProcess;
  browser: Browser;
  context: BrowserContext;
  page: Page;
}

/**
 * For a describe block: the real server as a child process on the built app, Chromium,
 * and one page — enrolled unless `enroll: false` — torn down after the block.
 */
export function useKioskSession(
  options: {
    enroll?: boolean;
    lang?: 'hi' | 'en';
    context?: BrowserContextOptions;
    /** Runs on the context before the page opens (init scripts that must precede the app). */
    prepare?(context: BrowserContext): Promise<unknown>;
  } = {},
): KioskSession {
  const session = {} as KioskSession;
  beforeAll(async () => {
    session.server = await ServerProcess.start(inject('distDir'));
    session.browser = await launchChromium();
    session.context = await session.browser.newContext({ viewport: { width: 360, height: 640 }, ...options.context });
    if (options.lang) await session.context.addInitScript((language) => localStorage.setItem('sahej.lang', language), options.lang);
    await options.prepare?.(session.context);
    session.page = await session.context.newPage();
    if (options.enroll !== false) await enrollKiosk(session.page, session.server);
  });
  afterAll(async () => {
    await session.browser?.close();
    await session.server?.stop();
  });
  return session;
}
