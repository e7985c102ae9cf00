import type { SahejDatabase } from '../store/database';
import { loadDevice } from '../store/device';
import { ApiClient } from './api-client';
import { TusUploader, type DocumentUploader } from './document-upload';
import { drainOutbox, type DrainOutcome } from './drain';
import { withDrainLockIfFree, type DrainLocks } from './drain-lock';
import { FetchHttpStack } from './fetch-http-stack';
import { BACKOFF_SPREAD_MS, lookBack } from './look-back';
import { resetInterruptedSends, wakeAll } from './outbox';

// The service worker's drain, with no page open. Worker-safe: no UI, no window, document
// or localStorage, no XMLHttpRequest (documents go over fetch), no timers left behind.
// The drain and the look back are the page's own (src/sync/drain.ts, src/sync/look-back.ts).

/** What woke the worker: Background Sync (the browser is online again) or Periodic Background Sync. */
export type BackgroundTrigger = 'sync' | 'periodic-sync';

export interface BackgroundDrainOptions {
  db: SahejDatabase;
  /** The worker's Web Locks (`self.navigator.locks`); absent only in browsers without them. */
  locks: DrainLocks | undefined;
  trigger: BackgroundTrigger;
  /** The browser's last try for this Background Sync registration: asking for another is pointless. */
  lastChance?: boolean;
  api?: ApiClient;
  uploader?: DocumentUploader;
  now?: () => number;
  random?: () => number;
  /** Waits between a document's quick retries (tests pass one that does not wait). */
  sleep?: (ms: number) => Promise<void>;
}

export type BackgroundDrainResult = (
  | { kind: 'busy' }
  | { kind: 'drained'; outcome: DrainOutcome; sent: number; reachable: boolean }
) & {
  /** Entries still to send (parked ones, which wait for the operator, not counted). */
  unsent: number;
  /** Fail the sync event, so the browser wakes the worker again later (with its own backoff). */
  retryLater: boolean;
};

// Reconciliation may put filings back in the queue; send those too, but never loop on.
const MAX_ROUNDS = 3;

const unsentCount = (db: SahejDatabase) => db.outbox.filter((entry) => !entry.parked).count();

/**
 * One drain from the service worker: only if no page holds the drain lock (a leading tab
 * holds it for as long as it is open, so then the worker leaves the sending to it), then
 * the same drain and status pull as the page. `retryLater` tells the worker to fail a
 * Background Sync event that left filings unsent, so the browser tries again; a page that
 * holds the lock may close before it has sent them.
 */
export async function backgroundDrain(options: BackgroundDrainOptions): Promise<BackgroundDrainResult> {
  const ran = await withDrainLockIfFree(options.locks, () => drainHoldingLock(options));
  const unsent = await unsentCount(options.db);
  const canAskAgain = options.trigger === 'sync' && !options.lastChance && unsent > 0;
  if (ran === 'busy') return { kind: 'busy', unsent, retryLater: canAskAgain };
  // Nothing more to try: a device the server no longer knows (or never enrolled) needs the operator.
  const stuck = ran.outcome.kind === 'unauthorized' || ran.outcome.kind === 'not_enrolled';
  return { ...ran, unsent, retryLater: canAskAgain && !stuck };
}

async function drainHoldingLock(options: BackgroundDrainOptions): Promise<{ kind: 'drained'; outcome: DrainOutcome; sent: number; reachable: boolean }> {
  const { db } = options;
  const api = options.api ?? new ApiClient();
  const uploader = options.uploader ?? new TusUploader(db, api.base, { httpStack: new FetchHttpStack() });
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  // Holding the lock, nothing else is mid-send: marks left by a closed tab are stale.
  await resetInterruptedSends(db);
  // The browser says the network is back (or wakes the app seldom): every wait may end, as on `online`.
  await wakeAll(db);
  const batches = { supported: true };
  let sent = 0;
  let reachable = false;
  let outcome: DrainOutcome = { kind: 'idle', sent: 0 };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    outcome = await drainOutbox({ db, api, uploader, now, random, batches, ...(options.sleep ? { sleep: options.sleep } : {}) });
    sent += outcome.sent + (outcome.additionsSent ?? 0);
    if (outcome.kind === 'unauthorized' || outcome.kind === 'not_enrolled') break;
    const device = await loadDevice(db);
    if (!device) break;
    const looked = await lookBack(
      { db, api, token: device.token, now: now(), random, spreadMs: BACKOFF_SPREAD_MS },
      // A Background Sync follows a spell offline, after which the page reconciles too; the
      // page's chores of the day go with the periodic wake-up, which comes about daily.
      { trouble: options.trigger === 'sync' || (outcome.kind === 'waiting' && outcome.sent === 0 && !outcome.additionsSent), tidy: options.trigger === 'periodic-sync' },
    );
    reachable = looked.reachable;
    if (!looked.again) break;
  }
  return { kind: 'drained', outcome, sent, reachable };
}
