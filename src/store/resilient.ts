import type { SahejDatabase } from './database';
import { classifyStorageError } from './storage-errors';

/** The longest wait for a lost connection's `close` event (it normally follows at once). */
const CLOSE_EVENT_WAIT_MS = 1000;

/**
 * Whether this connection has been taken away by the browser. Browsers do not say so in
 * the error of the transaction they aborted (Chromium's is an `UnknownError`, "Connection
 * is closing"), and the connection still looks usable at that moment, so ask it: a
 * read-only probe completes on a live connection and fails on a closing one. A lost
 * connection then gets a `close` event; this waits for it, so that Dexie's own close
 * handler has run before the caller reopens (run later, it would close the new connection).
 */
function connectionLost(connection: IDBDatabase, store: string): Promise<boolean> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (lost: boolean) => {
      if (settled) return;
      settled = true;
      connection.removeEventListener('close', onClose);
      resolve(lost);
    };
    const onClose = () => settle(true);
    const lostAwaitingClose = () => setTimeout(() => settle(true), CLOSE_EVENT_WAIT_MS);
    connection.addEventListener('close', onClose);
    let probe: IDBTransaction;
    try {
      probe = connection.transaction(store, 'readonly');
      probe.objectStore(store).count();
    } catch {
      lostAwaitingClose();
      return;
    }
    probe.oncomplete = () => settle(false);
    probe.onabort = lostAwaitingClose;
  });
}

/**
 * Runs a write, and if the browser closed the IndexedDB connection under it (iOS Safari
 * does under memory pressure; Chromium when its storage backend fails or the connection is
 * force-closed; a crashed storage process does everywhere), reopens the database and runs
 * it again. The write is a whole transaction, so running it twice is safe: the first
 * attempt either committed entirely or not at all.
 */
export async function withReopen<T>(db: SahejDatabase, write: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      const problem = classifyStorageError(error);
      if (attempt >= attempts || problem === 'quota') throw error;
      // The error alone does not tell a lost connection (Chromium reports the aborted
      // transaction as an UnknownError); the connection does.
      const connection = db.isOpen() ? db.backendDB() : undefined;
      const lost = connection ? await connectionLost(connection, db.meta.name) : true;
      if (!lost && problem !== 'closed') throw error;
      if (db.isOpen()) db.close({ disableAutoOpen: false });
      await db.open();
    }
  }
}
