import { createContext, type ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import type { SahejDatabase } from '../store/database';
import type { ApiClient } from '../sync/api-client';
import type { SyncEngine } from '../sync/sync-engine';

/** What the page runs on: its one database connection, API client and sync engine. */
export interface AppRuntime {
  db: SahejDatabase;
  api: ApiClient;
  engine: SyncEngine;
}

const AppContext = createContext<AppRuntime | null>(null);

/**
 * Gives every screen below it the page's runtime; the shell provides it here once the
 * kiosk's chunk has made it (null before: only the loading text is drawn then).
 */
export function AppProvider({ runtime, children }: { runtime: AppRuntime | null; children: ComponentChildren }) {
  return <AppContext.Provider value={runtime}>{children}</AppContext.Provider>;
}

export function useApp(): AppRuntime {
  const context = useContext(AppContext);
  if (!context) throw new Error('useApp outside AppProvider');
  return context;
}
