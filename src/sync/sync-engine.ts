import type { SahejDatabase } from '../store/database';
import { loadDevice } from '../store/device';
import { ApiClient } from './api-client';
import { TusUploader, type DocumentUploader } from './document-upload';
import { drainOutbox, type DrainOutcome } from './drain';
import { DRAIN_LOCK_NAME } from './drain-lock';
import { BACKOFF_SPREAD_MS, lookBack } from './look-back';
import { resetInterruptedSends, shortenOwnBackoff, wakeAll } from './outbox';
import type { ReconcileOutcome } from './reconcile';
import { TypedEvents } from './typed-events';

export type KickReason = 'start' | 'submitted' | 'online' | 'visible' | 'timer' | 'background-sync' | 'other-tab' | 'operator';

export interface SyncEventMap extends Record<string, unknown> {
  /** This tab became (or stopped being) the one that drains. */
  leadership: { leader: boolean };
  drainStarted: { reason: KickReason };
  drainFinished: { outcome: DrainOutcome; at: number };
  reconciled: { outcome: ReconcileOutcome; at: number };
  /** The server no longer accepts this device's token; filings stay queued. */
  unauthorized: Record<string, never>;
  /** A filing or an addition was just queued in this tab (whichever tab drains). */
  queued: Record<string, never>;
}

export interface SyncEngineOptions {
  db: SahejDatabase;
  api?: ApiClient;
  uploader?: DocumentUploader;
  now?: () => number;
  random?: () => number;
  /** Web Locks; absent in old browsers, where every tab drains (the server is idempotent). */
  locks?: LockManager;
  /** Cross-tab kicks: a follower tab asks the leader to drain. */
  channelName?: string;
  /** A safety-net timer, beside the backoff timer, `online` and visibility. */
  tickMs?: number;
  /** How often, at most, to ask for status changes when nothing else prompts it. */
  pullEveryMs?: number;
}

// Reasons that mean "something may have changed out there": pull changes now.
const FRESH_LOOK = new Set<KickReason>(['start', 'online', 'visible', 'other-tab', 'operator']);

/**
 * One drainer per browser profile. Every tab asks for the Web Lock; the holder drains,
 * the rest wait in line and take over when it closes. Tabs talk over a BroadcastChannel
 * so a filing submitted in any tab wakes the drain at once.
 */
export class SyncEngine extends TypedEvents<SyncEventMap> {
  private readonly db: SahejDatabase;
  private readonly api: ApiClient;
  private readonly uploader: DocumentUploader;
  private readonly batches = { supported: true };
  private readonly pullEveryMs: number;
  private lastPull = 0;
  private lastPrune = 0;
  /** The server could not be reached since the last reconciliation: check it when it can. */
  private trouble = false;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly locks: LockManager | undefined;
  private readonly tickMs: number;
  private readonly channel: BroadcastChannel | undefined;
  private leader = false;
  private running: Promise<void> | undefined;
  private again = false;
  private wakeTimer: ReturnType<typeof setTimeout> | undefined;
  private tickTimer: ReturnType<typeof setInterval> | undefined;
  private releaseLock: (() => void) | undefined;
  private stopped = false;

  constructor(options: SyncEngineOptions) {
    super();
    this.db = options.db;
    this.api = options.api ?? new ApiClient();
    this.uploader = options.uploader ?? new TusUploader(options.db, this.api.base);
    this.pullEveryMs = options.pullEveryMs ?? 30_000;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.locks = options.locks;
    this.tickMs = options.tickMs ?? 30_000;
    this.channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(options.channelName ?? 'sahej-sync') : undefined;
    this.channel?.addEventListener('message', (event: MessageEvent<{ type: 'kick' | 'wake' | 'send-now' }>) => {
      if (!this.leader) return;
      if (event.data?.type === 'wake') void this.wake('other-tab');
      else if (event.data?.type === 'send-now') void this.sendNow();
      else this.kick('other-tab');
    });
  }

  get isLeader(): boolean {
    return this.leader;
  }

  start(): void {
    if (!this.locks) {
      void this.becomeLeader();
      return;
    }
    void this.locks.request(DRAIN_LOCK_NAME, () => {
      if (this.stopped) return undefined;
      return new Promise<void>((resolve) => {
        this.releaseLock = resolve;
        void this.becomeLeader();
      });
    });
  }

  stop(): void {
    this.stopped = true;
    this.leader = false;
    clearTimeout(this.wakeTimer);
    clearInterval(this.tickTimer);
    this.releaseLock?.();
    this.channel?.close();
  }

  /** Ask for a drain now (in this tab if it leads, else in the leader's). */
  kick(reason: KickReason): void {
    if (this.stopped) return;
    if (reason === 'submitted') this.emit('queued', {});
    if (!this.leader) {
      this.channel?.postMessage({ type: 'kick' });
      return;
    }
    void this.runDrain(reason);
  }

  /** Forget backoff and drain now: the network or the operator has just come back. */
  async wake(reason: KickReason): Promise<void> {
    if (this.stopped) return;
    if (!this.leader) {
      this.channel?.postMessage({ type: 'wake' });
      return;
    }
    await wakeAll(this.db);
    await this.runDrain(reason);
  }

  /**
   * The operator's "send now": every wait of the device's own backoff ends, and the drain
   * runs. A wait the server asked for (429, Retry-After) is kept: ignoring it would only
   * be refused again.
   */
  async sendNow(): Promise<void> {
    if (this.stopped) return;
    if (!this.leader) {
      this.channel?.postMessage({ type: 'send-now' });
      return;
    }
    await shortenOwnBackoff(this.db, this.now(), 0, () => 0);
    await this.runDrain('operator');
  }

  /** Resolves when no drain is running (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async becomeLeader(): Promise<void> {
    this.leader = true;
    this.emit('leadership', { leader: true });
    await resetInterruptedSends(this.db);
    this.tickTimer = setInterval(() => this.kick('timer'), this.tickMs);
    await this.runDrain('start');
  }

  /**
   * After sending: bring status changes back, and reconcile when it is due, when the data
   * epoch changed (a restored server), or when the server was out of reach since the last
   * reconciliation. `again`: reconciliation queued filings to send again; `dueAt`: the
   * server answered, so waits of the device's own backoff were cut to end by then.
   */
  private async lookBack(reason: KickReason): Promise<{ again: boolean; dueAt?: number }> {
    const device = await loadDevice(this.db);
    if (!device) return { again: false };
    const now = this.now();
    // Other kicks (each submission) pull at most every 30 s. A pull made by one of them must
    // not push the next past the tick after it: with "30 s since the last pull" alone, a pull
    // at 0 s and ticks at 25 s and 55 s left a status change waiting 55 s. So the tick pulls
    // once the last pull is a tick short of due.
    const minGap = reason === 'timer' ? this.pullEveryMs - this.tickMs : this.pullEveryMs * 0.9;
    if (!FRESH_LOOK.has(reason) && !this.trouble && now - this.lastPull < minGap) return { again: false };
    this.lastPull = now;
    const looked = await lookBack(
      { db: this.db, api: this.api, token: device.token, now, random: this.random, spreadMs: Math.min(this.tickMs, BACKOFF_SPREAD_MS) },
      { trouble: this.trouble, tidy: now - this.lastPrune > 24 * 60 * 60 * 1000 },
    );
    if (!looked.reachable) {
      this.trouble = true;
      return { again: false };
    }
    if (looked.reconciled) {
      this.emit('reconciled', { outcome: looked.reconciled, at: now });
      if (looked.reconciled.kind === 'done') this.trouble = false;
    }
    if (looked.tidied) this.lastPrune = now;
    return { again: looked.again, ...(looked.dueAt !== undefined ? { dueAt: looked.dueAt } : {}) };
  }

  private runDrain(reason: KickReason): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          clearTimeout(this.wakeTimer);
          this.emit('drainStarted', { reason });
          const outcome = await drainOutbox({ db: this.db, api: this.api, uploader: this.uploader, now: this.now, random: this.random, batches: this.batches });
          this.emit('drainFinished', { outcome, at: this.now() });
          if (outcome.kind === 'unauthorized') {
            this.emit('unauthorized', {});
            continue;
          }
          if (outcome.kind === 'waiting') this.trouble ||= outcome.sent === 0 && !outcome.additionsSent;
          // An answer the office just took changed the filing's stage: show it now, not in 30 s.
          if (outcome.additionsSent) this.lastPull = 0;
          const looked = await this.lookBack(reason);
          if (looked.again) this.again = true;
          const wakeAt = Math.min(outcome.kind === 'waiting' ? outcome.until : Infinity, looked.dueAt ?? Infinity);
          if (Number.isFinite(wakeAt) && !this.stopped) {
            this.wakeTimer = setTimeout(() => this.kick('timer'), Math.max(0, wakeAt - this.now()));
          }
          reason = 'timer';
        } while (this.again && !this.stopped);
      } catch (error) {
        // IndexedDB trouble or a bug: nothing was removed, so the next tick simply tries again.
        console.error('sahej: drain failed', error);
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }
}
