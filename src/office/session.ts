import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { OfficeError, OfficeResult, Officer } from './office-api';

export interface Session {
  user: Officer;
  /** The server no longer knows this session (401): back to the sign-in screen. */
  expire(): void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside the signed-in console');
  return session;
}

export interface Loaded<T> {
  value?: T;
  error?: OfficeError;
  loading: boolean;
  reload(): void;
}

/**
 * Loads from the console API whenever `deps` change. The last value stays on screen while
 * a reload runs (no flash after every action), and an answer that arrives after newer
 * deps were asked for is dropped.
 */
export function useOfficeLoad<T>(load: () => Promise<OfficeResult<T>>, deps: readonly unknown[]): Loaded<T> {
  const { expire } = useSession();
  const [round, setRound] = useState(0);
  const [state, setState] = useState<{ value?: T; error?: OfficeError; loading: boolean }>({ loading: true });
  useEffect(() => {
    let live = true;
    setState((previous) => ({ ...previous, loading: true }));
    void load().then((result) => {
      if (!live) return;
      if (!result.ok && result.code === 'unauthorized') return expire();
      setState(result.ok ? { value: result.value, loading: false } : { error: result, loading: false });
    });
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller names what the load depends on
  }, [...deps, round]);
  return { ...state, reload: () => setRound((value) => value + 1) };
}
