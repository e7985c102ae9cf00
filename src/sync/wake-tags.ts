/**
 * The names the page and the service worker share for waking the drain (kept apart from
 * src/sync/browser-triggers.ts, which is page-only, so the worker can import them).
 */

/** Background Sync: registered on each submission and each failed send; fires when the browser is online. */
export const BACKGROUND_SYNC_TAG = 'sahej-drain';

/** Periodic Background Sync (an installed app, where the browser grants it): a drain now and then with no tab open. */
export const PERIODIC_SYNC_TAG = 'sahej-drain-periodic';

/** Asked for no more often than this; the browser decides the real interval (often daily). */
export const PERIODIC_SYNC_MIN_INTERVAL_MS = 12 * 60 * 60 * 1000;

/**
 * What the worker posts to open pages: `sahej-drain` when a page holds the drain lock (so
 * that page drains now), `sahej-drained` after the worker drained (so a page refreshes).
 */
export type WorkerMessage = { type: 'sahej-drain' } | { type: 'sahej-drained'; sent: number };
