// Page-only (StorageManager.persist is not offered to workers); the reading half, which the
// service worker's heartbeat uses too, is in storage-status.ts.

/** Asks the browser not to evict this app's data under pressure; filings live here until synced. */
export async function requestPersistence(): Promise<boolean> {
  try {
    return (await navigator.storage?.persist?.()) ?? false;
  } catch {
    return false;
  }
}
