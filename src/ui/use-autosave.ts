import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

export type SaveState = 'idle' | 'pending' | 'saved' | 'failed';

/** Marked after every draft write, so benchmarks (and DevTools) can time input → durable. */
export const DRAFT_SAVED_MARK = 'sahej:draft-saved';

const flushers = new Set<() => Promise<void>>();

/** Waits for every draft write in progress or queued (before an update reload, on page hide). */
export async function flushAutosaves(): Promise<void> {
  await Promise.all([...flushers].map((flush) => flush()));
}

if (typeof window !== 'undefined') {
  window.addEventListener('pagehide', () => void flushAutosaves());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') void flushAutosaves();
  });
}

/**
 * Writes `value` through `save` on every change, at once: a keystroke is durable a few
 * milliseconds later. While one write is in flight, further changes collapse into one
 * follow-up write of the newest value, so fast typing never queues a backlog. The first
 * render (the value as loaded) is not written again. `cancel` drops a queued write, which
 * submission needs so that a late save cannot bring a submitted draft back; `resume`
 * undoes it when submission did not happen.
 */
export function useAutosave<T>(value: T, save: (value: T) => Promise<void>): { state: SaveState; error: unknown; cancel(): void; resume(): void } {
  const [state, setState] = useState<SaveState>('idle');
  const [error, setError] = useState<unknown>(undefined);
  const first = useRef(true);
  const queued = useRef<{ value: T } | undefined>(undefined);
  const running = useRef<Promise<void> | undefined>(undefined);
  const cancelled = useRef(false);
  const saveRef = useRef(save);
  saveRef.current = save;

  const drain = (): Promise<void> => {
    if (running.current) return running.current;
    running.current = (async () => {
      while (queued.current && !cancelled.current) {
        const next = queued.current.value;
        queued.current = undefined;
        try {
          await saveRef.current(next);
          performance.mark(DRAFT_SAVED_MARK);
          // "Saved" only once the newest change is stored, never while a newer one waits.
          setState(queued.current ? 'pending' : 'saved');
          setError(undefined);
        } catch (failure) {
          // The form keeps every value in memory; the next change tries again.
          console.error('sahej: draft save failed', failure);
          setError(failure);
          setState('failed');
        }
      }
    })().finally(() => {
      running.current = undefined;
    });
    return running.current;
  };

  useEffect(() => {
    flushers.add(drain);
    return () => {
      flushers.delete(drain);
      void drain();
    };
  }, []);

  // A layout effect runs right after the render, not after the next frame: the write
  // starts within a millisecond of the keystroke instead of ~16 ms later.
  useLayoutEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (cancelled.current) return;
    queued.current = { value };
    setState('pending');
    void drain();
  }, [value]);

  return {
    state,
    error,
    cancel() {
      cancelled.current = true;
      queued.current = undefined;
    },
    /** Submission failed: the draft is still a draft, so changes are saved again. */
    resume() {
      cancelled.current = false;
    },
  };
}
