import type { Heartbeat } from '../domain/heartbeat';
import type { SahejDatabase } from '../store/database';
import { readStorageStatus, type StorageStatus } from '../store/storage-status';
import { APP_VERSION } from './app-version';

/**
 * What this device tells the server with each status pull: how many drafts, filings and
 * additions it holds in each state, since when the oldest unsent one waits, and its storage.
 * Read in one transaction so the counts agree with each other. No applicant data: only
 * counts and one capture time.
 */
export async function collectHeartbeat(db: SahejDatabase, storage: () => Promise<StorageStatus> = readStorageStatus): Promise<Heartbeat> {
  const [counts, space] = await Promise.all([
    db.transaction('r', db.drafts, db.filings, db.outbox, async () => {
      let waiting = 0;
      let sending = 0;
      let attention = 0;
      await db.outbox.each((entry) => (entry.parked ? attention++ : entry.sending ? sending++ : waiting++));
      // Filings the server has not got are few (the received ones are kept for months): read them by state.
      let oldest: string | undefined;
      await db.filings
        .where('state')
        .anyOf('pending', 'sending', 'attention')
        .each((filing) => {
          if (oldest === undefined || filing.capturedAt < oldest) oldest = filing.capturedAt;
        });
      const unconfirmed = await db.filings.where('state').equals('received').filter((filing) => !filing.confirmedAt).count();
      return { drafts: await db.drafts.count(), waiting, sending, attention, unconfirmed, oldest };
    }),
    storage().catch((): StorageStatus => ({})),
  ]);
  const oldestSeconds = counts.oldest ? Math.floor(Date.parse(counts.oldest) / 1000) : NaN;
  return {
    v: 1,
    app: APP_VERSION,
    dr: counts.drafts,
    wt: counts.waiting,
    sn: counts.sending,
    at: counts.attention,
    uc: counts.unconfirmed,
    ...(Number.isFinite(oldestSeconds) ? { old: oldestSeconds } : {}),
    ...(space.usageBytes !== undefined ? { use: Math.round(space.usageBytes) } : {}),
    ...(space.quotaBytes !== undefined ? { quo: Math.round(space.quotaBytes) } : {}),
    ...(space.persisted !== undefined ? { per: space.persisted } : {}),
  };
}
