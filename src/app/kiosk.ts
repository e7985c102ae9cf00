// What the kiosk runs on, in a chunk of its own: the database (Dexie), the API client, the
// sync engine, and the first screen, which reads the database: the home screen's lists and
// the header's sync summary, or enrollment on a new device (the one screen a first load
// over the network draws, so it comes here rather than one fetch later). The shell
// (src/app/App.tsx) imports it as it first renders, so the header and the loading text are
// painted before this code has arrived; the service worker precaches it like every chunk,
// so offline it loads from there.
import { SahejDatabase } from '../store/database';
import { loadDevice } from '../store/device';
import { ApiClient } from '../sync/api-client';
import { attachBrowserTriggers } from '../sync/browser-triggers';
import { SyncEngine } from '../sync/sync-engine';
import { refreshTrustedKeys } from '../sync/trust';
import type { DeviceRecord } from '../store/types';
import type { AppRuntime } from '../ui/app-context';

export { Enroll } from './Enroll';
export { Home } from './Home';
export { SyncSummary } from './Header/SyncSummary';

/**
 * Makes the page's single database connection, API client and sync engine (given to every
 * screen through the app context), opens the database (if it cannot be opened, nothing may
 * be captured) and reads the device's enrollment.
 */
export async function openRuntime(): Promise<{ runtime: AppRuntime; device: DeviceRecord | undefined }> {
  const db = new SahejDatabase();
  const api = new ApiClient();
  const runtime = { db, api, engine: new SyncEngine({ db, api, locks: navigator.locks }) };
  await db.open();
  return { runtime, device: await loadDevice(db) };
}

/** Keys for checking receipts offline, on kiosks and applicants' phones alike. */
export function refreshKeys({ db, api }: AppRuntime): void {
  if (navigator.onLine) void refreshTrustedKeys(db, api);
}

/** Starts sending an enrolled kiosk's queue, and on every browser trigger; returns the stop. */
export function startSync(engine: AppRuntime['engine']): () => void {
  engine.start();
  const detach = attachBrowserTriggers(engine);
  return () => {
    detach();
    engine.stop();
  };
}
