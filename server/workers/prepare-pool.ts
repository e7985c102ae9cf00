import { Piscina } from 'piscina';
import type { Prepared } from '../services/applications';
import { prepare, type PrepareTask } from './prepare-task';

/**
 * Where envelopes are validated and hashed (and their row's columns worked out): on the
 * event loop's thread, or in a pool of worker threads, so that the one thread that talks
 * HTTP and writes the database does less else.
 */
export interface Preparer {
  prepare(task: PrepareTask): Promise<Prepared[]>;
  /** Tasks the worker threads have finished (0 inline): shows where the work ran. */
  completedInWorkers(): number;
  close(): Promise<void>;
}

const inline: Preparer = { prepare, completedInWorkers: () => 0, close: async () => {} };

/**
 * Fewer envelopes than this are prepared on the event loop's thread even with workers: one
 * envelope validates in about 50 µs, less than its round trip to a worker costs that
 * thread (single PUTs measured 0.94× as fast through the pool as without it, 2026-12-03).
 */
export const MIN_ENVELOPES_FOR_WORKER = 8;

/**
 * A pool of `size` worker threads (0: inline). A request's envelopes go to one worker as
 * one task, so a batch of 100 costs one message each way. Each worker takes many tasks at
 * once, queued in it: with one task at a time it would sit idle whenever the event loop
 * is busy committing, waiting to be handed its next one. The workers start with the
 * pool and stay, since a cold worker takes a few hundred milliseconds to load its modules.
 */
export function preparerOf(size: number): Preparer {
  if (size <= 0) return inline;
  const pool = new Piscina({
    filename: new URL('./prepare-worker.mjs', import.meta.url).href,
    minThreads: size,
    maxThreads: size,
    idleTimeout: Number.POSITIVE_INFINITY,
    concurrentTasksPerWorker: 64,
    atomics: 'disabled',
  });
  return {
    prepare: (task) => (task.bodies.length < MIN_ENVELOPES_FOR_WORKER ? prepare(task) : (pool.run(task, { name: 'prepare' }) as Promise<Prepared[]>)),
    completedInWorkers: () => pool.completed,
    close: () => pool.destroy(),
  };
}
