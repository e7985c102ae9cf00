import { useEffect, useState } from 'preact/hooks';

export type LockState = 'checking' | 'held' | 'elsewhere';

/**
 * Holds the Web Lock `name` while the component is mounted. Another tab holding it makes
 * this one `elsewhere` until that tab lets go; then this one takes it (`held`). Without Web
 * Locks (old browsers) every tab holds it, as before.
 */
export function useWebLock(name: string): LockState {
  const [state, setState] = useState<LockState>(() => (navigator.locks ? 'checking' : 'held'));
  useEffect(() => {
    const locks = navigator.locks;
    if (!locks) return;
    let release: (() => void) | undefined;
    let gone = false;
    const controller = new AbortController();
    const hold = () =>
      new Promise<void>((resolve) => {
        release = resolve;
        if (gone) resolve();
        else setState('held');
      });
    void locks.request(name, { ifAvailable: true }, (lock) => {
      if (lock) return hold();
      if (gone) return undefined;
      setState('elsewhere');
      // Wait in line: when the other tab closes the screen, this one may edit.
      locks.request(name, { signal: controller.signal }, hold).catch(() => undefined);
      return undefined;
    });
    return () => {
      gone = true;
      controller.abort();
      release?.();
    };
  }, [name]);
  return state;
}
