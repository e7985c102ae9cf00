import type { Page } from 'playwright-core';

/**
 * Reads the app's IndexedDB from inside the page, with the browser's own API (not the
 * app's code), so a test sees what is really stored. Blobs come back as `blob:{size}`.
 */
export async function readStore<T = Record<string, unknown>>(page: Page, store: string, key?: string | number): Promise<T[]> {
  const rows: unknown = await page.evaluate(
    async ({ store, key }): Promise<unknown> => {
      const request = indexedDB.open('sahej');
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const objectStore = db.transaction(store).objectStore(store);
      const read = key === undefined ? objectStore.getAll() : objectStore.getAll(key);
      const rows = await new Promise<unknown[]>((resolve, reject) => {
        read.onsuccess = () => resolve(read.result);
        read.onerror = () => reject(read.error);
      });
      db.close();
      return JSON.parse(JSON.stringify(rows, (_name, value) => (value instanceof Blob ? `blob:${value.size}` : value)));
    },
    { store, key },
  );
  return rows as T[];
}

export async function readOne<T = Record<string, unknown>>(page: Page, store: string, key: string | number): Promise<T | undefined> {
  return (await readStore<T>(page, store, key))[0];
}

export const STORES = ['meta', 'drafts', 'filings', 'outbox', 'documents'] as const;

/** Every record of every store, as JSON text. */
export async function dumpIndexedDb(page: Page): Promise<string> {
  const dump: Record<string, unknown[]> = {};
  for (const store of STORES) dump[store] = await readStore(page, store);
  return JSON.stringify(dump);
}
