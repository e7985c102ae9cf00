import { SahejDatabase } from '../store/database';
import { ApiClient } from '../sync/api-client';
import { SyncEngine } from '../sync/sync-engine';

/** The page's single database connection, API client and sync engine. */
export const db = new SahejDatabase();
export const api = new ApiClient();
export const syncEngine = new SyncEngine({ db, api, locks: navigator.locks });
