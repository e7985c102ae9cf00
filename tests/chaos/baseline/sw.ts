/**
 * The off-the-shelf choice, for comparison: Workbox's BackgroundSyncPlugin on every API
 * write. A request that fails at the network is kept in its IndexedDB queue and replayed
 * on the next `sync` event (or the next service-worker start); an HTTP error answer is
 * passed to the page as it is, which is how the plugin is documented to behave.
 */
import { BackgroundSyncPlugin } from 'workbox-background-sync';
import { registerRoute } from 'workbox-routing';
import { NetworkOnly } from 'workbox-strategies';

declare const self: ServiceWorkerGlobalScope;

const queue = new BackgroundSyncPlugin('filings', { maxRetentionTime: 24 * 60 });
for (const method of ['POST', 'PUT', 'PATCH'] as const) {
  registerRoute(({ url }) => url.pathname.startsWith('/api/v1/'), new NetworkOnly({ plugins: [queue] }), method);
}
self.addEventListener('install', () => void self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
