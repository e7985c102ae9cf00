import type { SyncEngine } from './sync-engine';

export const BACKGROUND_SYNC_TAG = 'sahej-drain';

interface SyncManagerLike {
  register(tag: string): Promise<void>;
}

/**
 * Wires the page's signals to the engine: the network returning, the app coming back
 * into view, and the service worker's Background Sync wake-up. A timer alone once
 * stalled a field system for 15 minutes after its server came back.
 */
export function attachBrowserTriggers(engine: SyncEngine): () => void {
  const onOnline = () => void engine.wake('online');
  const onVisible = () => {
    if (document.visibilityState === 'visible') void engine.wake('visible');
  };
  const onWorkerMessage = (event: MessageEvent<{ type?: string }>) => {
    if (event.data?.type === 'sahej-drain') engine.kick('background-sync');
  };
  window.addEventListener('online', onOnline);
  document.addEventListener('visibilitychange', onVisible);
  navigator.serviceWorker?.addEventListener('message', onWorkerMessage);
  return () => {
    window.removeEventListener('online', onOnline);
    document.removeEventListener('visibilitychange', onVisible);
    navigator.serviceWorker?.removeEventListener('message', onWorkerMessage);
  };
}

/** Asks the browser to wake the service worker when connectivity returns, where it can. */
export async function requestBackgroundSync(): Promise<void> {
  try {
    const registration = await navigator.serviceWorker?.ready;
    const sync = (registration as (ServiceWorkerRegistration & { sync?: SyncManagerLike }) | undefined)?.sync;
    await sync?.register(BACKGROUND_SYNC_TAG);
  } catch {
    // Background Sync is an extra; `online`, visibility and the timer still drain.
  }
}
