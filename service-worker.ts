/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { SahejDatabase } from './src/store/database';
import { backgroundDrain, type BackgroundTrigger } from './src/sync/background-drain';
import { BACKGROUND_SYNC_TAG, PERIODIC_SYNC_TAG, type WorkerMessage } from './src/sync/wake-tags';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

// Background Sync and Periodic Background Sync events (not in TypeScript's WebWorker lib).
interface SyncEventLike extends ExtendableEvent {
  readonly tag: string;
  readonly lastChance?: boolean;
}

// The app shell, scripts, styles and the Devanagari font, so the app opens with no network.
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Every page address (/, /drafts/…, /filings/…) opens the shell; the API is never served from cache.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/api\//] }));

// No other route is registered: Workbox routes match GET only, so POST/PUT requests pass
// through untouched. (A worker that replayed request bodies once corrupted submissions.)

// The first worker takes charge of the page that installed it, so the very first visit
// already works offline; a later version, once accepted, takes charge and the page reloads.
clientsClaim();

// Prompt-style updates: the new worker waits until the operator accepts it.
self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// Background Sync (registered by the page on each submission and each failed send) and
// Periodic Background Sync (an installed app) wake this worker whether or not a page is
// open: it drains the outbox itself, from the app's own IndexedDB tables (never a replay
// queue of requests), with the page's own code, under the page's Web Lock. If a page holds
// the lock, that page drains, and is asked to now. Browsers without these APIs keep the
// page's triggers.
self.addEventListener('sync', (event) => {
  const syncEvent = event as SyncEventLike;
  if (syncEvent.tag !== BACKGROUND_SYNC_TAG) return;
  syncEvent.waitUntil(drainInBackground('sync', syncEvent.lastChance === true));
});

self.addEventListener('periodicsync', (event) => {
  const periodicEvent = event as SyncEventLike;
  if (periodicEvent.tag !== PERIODIC_SYNC_TAG) return;
  periodicEvent.waitUntil(drainInBackground('periodic-sync', false));
});

async function drainInBackground(trigger: BackgroundTrigger, lastChance: boolean): Promise<void> {
  // A connection for this wake-up only: an idle worker holds none that could delay a page's upgrade.
  const db = new SahejDatabase();
  try {
    const result = await backgroundDrain({ db, locks: self.navigator.locks, trigger, lastChance });
    // Open pages show the new states through Dexie's own broadcast; the message is a nudge on top.
    const message: WorkerMessage = result.kind === 'busy' ? { type: 'sahej-drain' } : { type: 'sahej-drained', sent: result.sent };
    for (const client of await self.clients.matchAll({ type: 'window' })) client.postMessage(message);
    // A failed event is one the browser fires again later, with its own backoff.
    if (result.retryLater) throw new Error(`sahej: ${result.unsent} still to send; the browser will wake the worker again`);
  } finally {
    db.close();
  }
}
