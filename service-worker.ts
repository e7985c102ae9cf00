/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

interface SyncEventLike extends ExtendableEvent {
  readonly tag: string;
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

// Background Sync only wakes the drain in an open page; the outbox lives in the app's
// own IndexedDB tables, not in a replay queue here.
self.addEventListener('sync', (event) => {
  const syncEvent = event as SyncEventLike;
  if (syncEvent.tag !== 'sahej-drain') return;
  syncEvent.waitUntil(
    self.clients.matchAll({ type: 'window' }).then((clients) => {
      for (const client of clients) client.postMessage({ type: 'sahej-drain' });
    }),
  );
});
