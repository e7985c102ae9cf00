import type { SahejDatabase } from '../store/database';
import type { ApiClient } from './api-client';
import { pullChanges } from './changes';
import { noteReachable, shortenOwnBackoff } from './outbox';
import { reconcile, reconcileDue, type ReconcileOutcome } from './reconcile';
import { pruneConfirmed } from './retention';
import { ensureCertificate, refreshTrustedKeys } from './trust';

/** Once the server answers, a filing waiting out the device's own backoff goes within this. */
export const BACKOFF_SPREAD_MS = 30_000;

export interface LookBackContext {
  db: SahejDatabase;
  api: ApiClient;
  token: string;
  now: number;
  random: () => number;
  /** Once the server answers, a wait of the device's own backoff ends within this. */
  spreadMs: number;
}

export interface LookBackOptions {
  /** The server could not be reached since the last reconciliation: reconcile now. */
  trouble: boolean;
  /** Also the once-a-day chores: retention, the server's keys, a missing certificate. */
  tidy: boolean;
}

export interface LookBackResult {
  /** The status pull got an answer. */
  reachable: boolean;
  /** Reconciliation put filings back in the queue: drain again. */
  again: boolean;
  /** Waits of the device's own backoff were cut to end by then. */
  dueAt?: number;
  reconciled?: ReconcileOutcome;
  tidied: boolean;
}

/**
 * What follows a drain, wherever it runs (the leading tab's engine, or the service worker
 * with no tab open): the office's status changes come back, and reconciliation runs when
 * it is due, when the data epoch changed (a restored server) or after trouble. When to
 * call it is the caller's business (the engine throttles its pulls).
 */
export async function lookBack(ctx: LookBackContext, options: LookBackOptions): Promise<LookBackResult> {
  const { db, api, token, now } = ctx;
  const pulled = await pullChanges(db, api, token);
  await noteReachable(db, pulled.kind !== 'unreachable');
  if (pulled.kind === 'unreachable') return { reachable: false, again: false, tidied: false };
  const dueAt = await shortenOwnBackoff(db, now, ctx.spreadMs, ctx.random);
  let reconciled: ReconcileOutcome | undefined;
  if (pulled.epochChanged || options.trouble || (await reconcileDue(db, now))) reconciled = await reconcile(db, api, token, new Date(now));
  if (options.tidy) {
    await pruneConfirmed(db, now);
    await refreshTrustedKeys(db, api, new Date(now));
    await ensureCertificate(db, api);
  }
  const again = reconciled?.kind === 'done' && reconciled.resent > 0;
  return { reachable: true, again, ...(dueAt !== undefined ? { dueAt } : {}), ...(reconciled ? { reconciled } : {}), tidied: options.tidy };
}
