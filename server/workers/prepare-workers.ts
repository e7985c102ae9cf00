import { availableParallelism } from 'node:os';

/**
 * Workers when none are configured: one fewer than the cores, because the event loop's
 * thread (HTTP, the database, the group commit) needs a core of its own; so none on one
 * core, where a worker would only take turns with it. Four at most: past that, the one
 * writer thread is the limit, not validation.
 */
export function defaultPrepareWorkers(cores = availableParallelism()): number {
  return Math.max(0, Math.min(4, cores - 1));
}

/** PREPARE_WORKERS: a whole number of worker threads, 0 to validate on the event loop's thread; unset, the default above. */
export function prepareWorkersConfig(value: string | undefined, cores = availableParallelism()): number {
  if (value === undefined || value === '') return defaultPrepareWorkers(cores);
  const count = Number(value);
  if (!/^\d+$/.test(value) || count > 64) throw new Error(`PREPARE_WORKERS must be a whole number from 0 to 64, not "${value}"`);
  return count;
}
