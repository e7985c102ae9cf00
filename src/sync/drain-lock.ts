/**
 * The Web Lock whose holder alone sends the outbox: the leading tab holds it for as long
 * as it leads (src/sync/sync-engine.ts), the service worker only for one drain
 * (src/sync/background-drain.ts). So a page and the worker never send at once, and a
 * page that opens while the worker drains waits in line, then takes over.
 */
export const DRAIN_LOCK_NAME = 'sahej-outbox-drainer';

/** The slice of a LockManager the drainers use (a fake one stands in for it in tests). */
export type DrainLocks = Pick<LockManager, 'request'>;

/**
 * Runs `drain` holding the lock if no one holds it, and answers 'busy' at once otherwise
 * (a tab leads, or another wake-up of the worker is draining). With no Web Locks at all
 * it simply runs, as every tab then does: the server takes a filing sent twice once.
 */
export async function withDrainLockIfFree<T>(locks: DrainLocks | undefined, drain: () => Promise<T>): Promise<T | 'busy'> {
  if (!locks) return drain();
  let result: T | 'busy' = 'busy';
  await locks.request(DRAIN_LOCK_NAME, { ifAvailable: true }, async (lock) => {
    if (lock) result = await drain();
  });
  return result;
}
