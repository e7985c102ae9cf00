import { refreshLiveQueries } from '../store/live-refresh';
import type { SyncEngine } from './sync-engine';
import { BACKGROUND_SYNC_TAG, PERIODIC_SYNC_MIN_INTERVAL_MS, PERIODIC_SYNC_TAG, type WorkerMessage } from './wake-tags';

export { BACKGROUND_SYNC_TAG };

// Background Sync and Periodic Background Sync (Chromium only; not in TypeScript's DOM lib).
interface SyncManagerLike {
  register(tag: string): Promise<void>;
  getTags(): Promise<string[]>;
}
interface PeriodicSyncManagerLike {
  register(tag: string, options: { minInterval: number }): Promise<void>;
}
type RegistrationWithSync = ServiceWorkerRegistration & { sync?: SyncManagerLike; periodicSync?: PeriodicSyncManagerLike };

/**
 * Wires the page's signals to the engine: the network returning, the app coming back
 * into view, and the service worker's messages. A timer alone once stalled a field
 * system for 15 minutes after its server came back. It also asks the browser to wake
 * the service worker, which drains when no page is open (src/sync/background-drain.ts).
 */
export function attachBrowserTriggers(engine: SyncEngine): () => void {
  const onOnline = () => void engine.wake('online');
  const onVisible = () => {
    if (document.visibilityState === 'visible') void engine.wake('visible');
  };
  const onWorkerMessage = (event: MessageEvent<WorkerMessage | null>) => {
    // The worker found this page (or another tab) holding the drain lock: drain here, now.
    if (event.data?.type === 'sahej-drain') engine.kick('background-sync');
    // The worker drained while this page waited for the lock: show what it changed.
    else if (event.data?.type === 'sahej-drained') refreshLiveQueries();
  };
  window.addEventListener('online', onOnline);
  document.addEventListener('visibilitychange', onVisible);
  navigator.serviceWorker?.addEventListener('message', onWorkerMessage);
  const detachWakeUps = registerWakeUps(engine, requestBackgroundSync);
  void registerPeriodicDrain();
  return () => {
    window.removeEventListener('online', onOnline);
    document.removeEventListener('visibilitychange', onVisible);
    navigator.serviceWorker?.removeEventListener('message', onWorkerMessage);
    detachWakeUps();
  };
}

export type RequestBackgroundSync = (options?: { unlessPending?: boolean }) => Promise<void>;

/**
 * Registers the Background Sync tag whenever something is queued (a filing or an
 * addition, in this tab) and whenever a drain ends with entries still waiting (a send
 * failed, now or before): if the page then closes, the browser wakes the worker once it
 * is online. After a failed send only when no registration is pending: registering again
 * while the worker's event runs would have the browser fire it again at once, and a
 * worker that leaves the drain to this page would bounce it straight back.
 */
export function registerWakeUps(engine: SyncEngine, request: RequestBackgroundSync): () => void {
  const offQueued = engine.on('queued', () => void request());
  const offFinished = engine.on('drainFinished', ({ outcome }) => {
    if (outcome.kind === 'waiting') void request({ unlessPending: true });
  });
  return () => {
    offQueued();
    offFinished();
  };
}

/** Asks the browser to wake the service worker when connectivity returns, where it can. */
export async function requestBackgroundSync(options: { unlessPending?: boolean } = {}): Promise<void> {
  try {
    const registration = (await navigator.serviceWorker?.ready) as RegistrationWithSync | undefined;
    const sync = registration?.sync;
    if (!sync) return;
    if (options.unlessPending && (await sync.getTags()).includes(BACKGROUND_SYNC_TAG)) return;
    await sync.register(BACKGROUND_SYNC_TAG);
  } catch {
    // Background Sync is an extra; `online`, visibility and the timer still drain.
  }
}

/**
 * Asks for Periodic Background Sync where the browser grants it (Chromium, for an
 * installed app): the worker then drains now and then with no page open, even when no
 * send failed. Tried again if the permission is granted later (the app installed).
 */
export async function registerPeriodicDrain(): Promise<boolean> {
  try {
    const registration = (await navigator.serviceWorker?.ready) as RegistrationWithSync | undefined;
    const periodic = registration?.periodicSync;
    if (!periodic || !navigator.permissions) return false;
    const permission = await navigator.permissions.query({ name: 'periodic-background-sync' as PermissionName });
    if (permission.state !== 'granted') {
      permission.addEventListener('change', () => void registerPeriodicDrain(), { once: true });
      return false;
    }
    await periodic.register(PERIODIC_SYNC_TAG, { minInterval: PERIODIC_SYNC_MIN_INTERVAL_MS });
    return true;
  } catch {
    // Not offered here (Firefox, Safari, a browser tab): the page's own triggers still drain.
    return false;
  }
}
