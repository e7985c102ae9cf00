import { httpStatusCode } from '../domain/client-error-codes';
import type { SahejDatabase } from '../store/database';
import type { Filing, OutboxEntry, ServerProblem, SyncStatusRecord } from '../store/types';
import type { ApplicationAck } from './api-client';

/**
 * The entries due now, oldest first, up to `limit`; an entry that must still wait is
 * passed over, never a gate, so a filing sitting out its backoff holds up none behind it.
 * `waitUntil` is when the soonest of the passed-over ones is due. Parked entries wait for
 * the operator.
 */
export async function dueEntries(db: SahejDatabase, now: number, limit: number): Promise<{ entries: OutboxEntry[]; waitUntil?: number }> {
  const entries: OutboxEntry[] = [];
  let waitUntil: number | undefined;
  await db.outbox
    .orderBy('seq')
    .filter((entry) => !entry.parked)
    .until(() => entries.length >= limit)
    .each((entry) => {
      if (entry.notBefore > now) waitUntil = Math.min(waitUntil ?? entry.notBefore, entry.notBefore);
      else entries.push(entry);
    });
  return { entries, ...(waitUntil !== undefined ? { waitUntil } : {}) };
}

export async function markSending(db: SahejDatabase, filingIds: string[]): Promise<void> {
  await db.filings.where('id').anyOf(filingIds).modify({ state: 'sending' });
}

async function noteAttempt(db: SahejDatabase, now: Date, success: boolean): Promise<void> {
  const status = (await db.meta.get('syncStatus')) as SyncStatusRecord | undefined;
  await db.meta.put({ ...status, key: 'syncStatus', lastAttemptAt: now.toISOString(), ...(success ? { lastSuccessAt: now.toISOString() } : {}) });
}

/**
 * The server has these filings and all their documents: their entries go, and each
 * filing keeps what the server said — all in one transaction (one flush to disk for a
 * whole batch, not one per filing).
 */
export async function completeEntries(db: SahejDatabase, done: { entry: OutboxEntry; ack: ApplicationAck }[], now = new Date()): Promise<void> {
  if (!done.length) return;
  await db.transaction('rw', db.outbox, db.filings, db.meta, async () => {
    await db.outbox.bulkDelete(done.map(({ entry }) => entry.seq!));
    for (const { entry, ack } of done) {
      const filing = await db.filings.get(entry.filingId);
      const update: Partial<Filing> = {
        state: 'received',
        applicationNo: ack.applicationNo,
        receivedAt: ack.receivedAt,
        documentsMissing: [],
        problem: undefined,
      };
      // The changes feed may already have told of a later stage; only a first status comes from the ack.
      if (!filing?.serverStatus) update.serverStatus = ack.status;
      if (ack.receipt.keyId && ack.receipt.signature) {
        update.confirmation = { applicationNo: ack.applicationNo, receivedAt: ack.receipt.issuedAt, keyId: ack.receipt.keyId, signature: ack.receipt.signature };
      }
      await db.filings.update(entry.filingId, update);
    }
    await noteAttempt(db, now, true);
  });
}

/** The envelope is on the server but some documents are not: the entry stays, due again at once. */
export async function noteDocumentsMissing(db: SahejDatabase, entry: OutboxEntry, ack: ApplicationAck): Promise<void> {
  await db.filings.update(entry.filingId, { applicationNo: ack.applicationNo, receivedAt: ack.receivedAt, documentsMissing: ack.documentsMissing });
}

export async function scheduleRetry(db: SahejDatabase, entries: OutboxEntry[], notBefore: number, problem: ServerProblem, now = new Date()): Promise<void> {
  await db.transaction('rw', db.outbox, db.filings, db.meta, async () => {
    for (const entry of entries) {
      await db.outbox.update(entry.seq!, { attempts: entry.attempts + 1, notBefore });
      await db.filings.update(entry.filingId, { state: 'pending', problem });
    }
    await noteAttempt(db, now, false);
  });
}

/** A final refusal: kept, with the server's reason, for the operator to act on. */
export async function parkEntry(db: SahejDatabase, entry: OutboxEntry, problem: ServerProblem): Promise<void> {
  await db.transaction('rw', db.outbox, db.filings, async () => {
    await db.outbox.update(entry.seq!, { attempts: entry.attempts + 1, parked: true });
    await db.filings.update(entry.filingId, { state: 'attention', problem });
  });
}

export async function releaseSending(db: SahejDatabase, filingIds: string[]): Promise<void> {
  await db.filings.where('id').anyOf(filingIds).modify({ state: 'pending' });
}

/**
 * Puts filings back in the queue (reconciliation found the server without them). A
 * filing already queued is left as it is; the rest go to the end of the queue.
 */
export async function requeue(db: SahejDatabase, filingIds: string[], problem: ServerProblem): Promise<number> {
  return db.transaction('rw', db.outbox, db.filings, async () => {
    let added = 0;
    for (const filingId of filingIds) {
      if (!(await db.filings.get(filingId))) continue;
      const queued = await db.outbox.where('filingId').equals(filingId).first();
      if (queued) {
        if (queued.parked) continue;
      } else {
        await db.outbox.add({ filingId, attempts: 0, notBefore: 0, parked: false });
        added++;
      }
      await db.filings.update(filingId, { state: 'pending', confirmedAt: undefined, problem });
    }
    return added;
  });
}

/** Back online or back in view: every waiting entry may go at once. */
export async function wakeAll(db: SahejDatabase): Promise<void> {
  await db.outbox.filter((entry) => !entry.parked && entry.notBefore > 0).modify({ notBefore: 0 });
}

/**
 * A wait the server itself asked for: a 429 (ours is `rate_limited`), or any answer that
 * came with Retry-After. Every other wait is the device's own backoff guess.
 */
function serverAskedToWait(problem: ServerProblem): boolean {
  return problem.httpStatus === 429 || problem.code === httpStatusCode(429) || problem.code === 'rate_limited' || problem.retryAfterMs !== undefined;
}

/**
 * The server has just answered a status pull, so it is up and reachable: a filing waiting
 * out the device's own backoff (after lost requests, stalls, a gateway's 502, a 500 or 503
 * during a restart) need not sit out minutes more. Chaos runs saw filings wait 3.5 and 7
 * minutes while every pull got through. Each such wait longer than `spreadMs` ends at a
 * random point within it, so a fleet still does not arrive at once; a filing whose every
 * try fails is tried at most once a `spreadMs`. A wait the server asked for is kept.
 * Returns the earliest new due time, if any wait was cut.
 */
export async function shortenOwnBackoff(db: SahejDatabase, now: number, spreadMs: number, random: () => number): Promise<number | undefined> {
  return db.transaction('rw', db.outbox, db.filings, async () => {
    let earliest: number | undefined;
    const waiting = await db.outbox.filter((entry) => !entry.parked && entry.notBefore > now + spreadMs).toArray();
    const filings = await db.filings.bulkGet(waiting.map((entry) => entry.filingId));
    for (const [index, entry] of waiting.entries()) {
      const problem = filings[index]?.problem;
      if (!problem || serverAskedToWait(problem)) continue;
      const notBefore = now + Math.floor(random() * spreadMs);
      await db.outbox.update(entry.seq!, { notBefore });
      earliest = Math.min(earliest ?? Infinity, notBefore);
    }
    return earliest;
  });
}

/** A tab that died mid-send left "sending" behind; the outbox entry is the truth. */
export async function resetInterruptedSends(db: SahejDatabase): Promise<void> {
  await db.filings.where('state').equals('sending').modify({ state: 'pending' });
}

export function pendingCount(db: SahejDatabase): Promise<number> {
  return db.outbox.filter((entry) => !entry.parked).count();
}

export async function loadSyncStatus(db: SahejDatabase): Promise<SyncStatusRecord | undefined> {
  return (await db.meta.get('syncStatus')) as SyncStatusRecord | undefined;
}

export function attentionCount(db: SahejDatabase): Promise<number> {
  return db.filings.where('state').equals('attention').count();
}
