import { httpStatusCode } from '../domain/client-error-codes';
import type { AdditionAck } from '../domain/wire/device';
import type { SahejDatabase } from '../store/database';
import { entryOf, newEntry, showEntryState } from '../store/queue';
import type { AdditionRecord, Filing, OutboxEntry, ServerProblem, SyncStatusRecord } from '../store/types';
import type { ApplicationAck } from './api-client';

/**
 * The send queue of filings and additions alike. Every change to an entry goes with the
 * state its item shows (store/queue.ts), in one transaction.
 */

/**
 * The entries due now, oldest first, up to `limit`; an entry that must still wait is
 * passed over, never a gate, so an item sitting out its backoff holds up none behind it.
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

/** The filing or addition an entry sends. */
export async function itemOf(db: SahejDatabase, entry: OutboxEntry): Promise<Filing | AdditionRecord | undefined> {
  return entry.kind === 'filing' ? db.filings.get(entry.id) : db.additions.get(entry.id);
}

async function setSending(db: SahejDatabase, entries: OutboxEntry[], sending: boolean): Promise<void> {
  await db.transaction('rw', [db.outbox, db.filings, db.additions], async () => {
    for (const entry of entries) {
      await db.outbox.update(entry.seq!, { sending });
      await showEntryState(db, entry, { ...entry, sending });
    }
  });
}

export function markSending(db: SahejDatabase, entries: OutboxEntry[]): Promise<void> {
  return setSending(db, entries, true);
}

export function releaseSending(db: SahejDatabase, entries: OutboxEntry[]): Promise<void> {
  return setSending(db, entries, false);
}

async function noteAttempt(db: SahejDatabase, now: Date, success: boolean, reachable: boolean): Promise<void> {
  const status = await loadSyncStatus(db);
  await db.meta.put({ ...status, key: 'syncStatus', lastAttemptAt: now.toISOString(), reachable, ...(success ? { lastSuccessAt: now.toISOString() } : {}) });
}

/**
 * Failures that mean the server itself did not answer: the header then says "offline",
 * not "sending". A refusal or a 500 is an answer; a gateway's 502–504 stands in for a
 * server that is down.
 */
export function serverDidNotAnswer(code: string): boolean {
  return code === 'network' || code === 'timeout' || code === 'bad_response' || /^http_50[234]$/.test(code);
}

/** A status pull or another request learned whether the server answers. */
export async function noteReachable(db: SahejDatabase, reachable: boolean): Promise<void> {
  const status = await loadSyncStatus(db);
  if (status?.reachable !== reachable) await db.meta.put({ ...status, key: 'syncStatus', reachable });
}

export type Done = { entry: OutboxEntry; ack: ApplicationAck } | { entry: OutboxEntry; ack: AdditionAck };

/** What a filing keeps of the server's answer once the server has it all. */
async function filingReceived(db: SahejDatabase, id: string, ack: ApplicationAck): Promise<Partial<Filing>> {
  const filing = await db.filings.get(id);
  const update: Partial<Filing> = {
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
  return update;
}

/**
 * The server has these items and all their documents: their entries go, and each item
 * keeps what the server said — all in one transaction (one flush to disk for a whole
 * batch, not one per filing).
 */
export async function completeEntries(db: SahejDatabase, done: Done[], now = new Date()): Promise<void> {
  if (!done.length) return;
  await db.transaction('rw', [db.outbox, db.filings, db.additions, db.meta], async () => {
    await db.outbox.bulkDelete(done.map(({ entry }) => entry.seq!));
    for (const { entry, ack } of done) {
      const fields = 'applicationNo' in ack ? await filingReceived(db, entry.id, ack) : { receivedAt: ack.receivedAt, problem: undefined };
      await showEntryState(db, entry, undefined, fields);
    }
    await noteAttempt(db, now, true, true);
  });
}

/** The filing is on the server but some documents are not: the entry stays, due again at once. */
export async function noteDocumentsMissing(db: SahejDatabase, entry: OutboxEntry, ack: ApplicationAck | AdditionAck): Promise<void> {
  if (entry.kind === 'filing' && 'applicationNo' in ack) await db.filings.update(entry.id, { applicationNo: ack.applicationNo, receivedAt: ack.receivedAt, documentsMissing: ack.documentsMissing });
}

export async function scheduleRetry(db: SahejDatabase, entries: OutboxEntry[], notBefore: number, problem: ServerProblem, now = new Date()): Promise<void> {
  await db.transaction('rw', [db.outbox, db.filings, db.additions, db.meta], async () => {
    for (const entry of entries) {
      const waiting = { ...entry, attempts: entry.attempts + 1, notBefore, sending: false };
      await db.outbox.update(entry.seq!, { attempts: waiting.attempts, notBefore, sending: false });
      await showEntryState(db, entry, waiting, { problem });
    }
    await noteAttempt(db, now, false, !serverDidNotAnswer(problem.code));
  });
}

/** A final refusal: kept, with the server's reason, for the operator to act on. */
export async function parkEntry(db: SahejDatabase, entry: OutboxEntry, problem: ServerProblem): Promise<void> {
  await db.transaction('rw', [db.outbox, db.filings, db.additions], async () => {
    const parked = { ...entry, attempts: entry.attempts + 1, parked: true, sending: false };
    await db.outbox.update(entry.seq!, { attempts: parked.attempts, parked: true, sending: false });
    await showEntryState(db, entry, parked, { problem });
  });
}

/**
 * Puts filings back in the queue (reconciliation found the server without them). A
 * filing already queued is left as it is; the rest go to the end of the queue.
 */
export async function requeue(db: SahejDatabase, filingIds: string[], problem: ServerProblem): Promise<number> {
  return db.transaction('rw', db.outbox, db.filings, async () => {
    let added = 0;
    for (const id of filingIds) {
      if (!(await db.filings.get(id))) continue;
      const ref = { kind: 'filing', id } as const;
      let entry = await entryOf(db, ref);
      if (entry?.parked) continue;
      if (!entry) {
        entry = newEntry(ref);
        await db.outbox.add(entry);
        added++;
      }
      await showEntryState(db, ref, entry, { confirmedAt: undefined, problem });
    }
    return added;
  });
}

/**
 * The server holds these filings with other content than the device's: each is parked for
 * the operator (a queued one stops being sent), never sent over what the server holds.
 */
export async function parkConflicts(db: SahejDatabase, filingIds: string[], problem: ServerProblem): Promise<void> {
  await db.transaction('rw', db.outbox, db.filings, async () => {
    for (const id of filingIds) {
      const ref = { kind: 'filing', id } as const;
      const entry = await entryOf(db, ref);
      const parked = { ...(entry ?? newEntry(ref)), parked: true, sending: false };
      if (entry) await db.outbox.update(entry.seq!, { parked: true, sending: false });
      else await db.outbox.add(parked);
      await showEntryState(db, ref, parked, { problem });
    }
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
 * The server has just answered a status pull, so it is up and reachable: an item waiting
 * out the device's own backoff (after lost requests, stalls, a gateway's 502, a 500 or 503
 * during a restart) need not sit out minutes more. Chaos runs saw filings wait 3.5 and 7
 * minutes while every pull got through. Each such wait longer than `spreadMs` ends at a
 * random point within it, so a fleet still does not arrive at once; an item whose every
 * try fails is tried at most once a `spreadMs`. A wait the server asked for is kept.
 * Returns the earliest new due time, if any wait was cut.
 */
export async function shortenOwnBackoff(db: SahejDatabase, now: number, spreadMs: number, random: () => number): Promise<number | undefined> {
  return db.transaction('rw', [db.outbox, db.filings, db.additions], async () => {
    let earliest: number | undefined;
    const waiting = await db.outbox.filter((entry) => !entry.parked && entry.notBefore > now + spreadMs).toArray();
    for (const entry of waiting) {
      const problem = (await itemOf(db, entry))?.problem;
      if (!problem || serverAskedToWait(problem)) continue;
      const notBefore = now + Math.floor(random() * spreadMs);
      await db.outbox.update(entry.seq!, { notBefore });
      earliest = Math.min(earliest ?? Infinity, notBefore);
    }
    return earliest;
  });
}

/** A tab that died mid-send left entries marked as sending; nothing is in a request now. */
export async function resetInterruptedSends(db: SahejDatabase): Promise<void> {
  const interrupted = await db.outbox.filter((entry) => entry.sending === true).toArray();
  if (interrupted.length) await releaseSending(db, interrupted);
}

/** What the header and the Status page tell: filings and additions still to send, those parked for the operator, and whether the server answers. */
export interface QueueSummary {
  pending: number;
  attention: number;
  reachable: boolean;
}

export async function queueSummary(db: SahejDatabase): Promise<QueueSummary> {
  return db.transaction('r', db.outbox, db.meta, async () => {
    let pending = 0;
    let attention = 0;
    await db.outbox.each((entry) => (entry.parked ? attention++ : pending++));
    return { pending, attention, reachable: (await loadSyncStatus(db))?.reachable !== false };
  });
}

export async function loadSyncStatus(db: SahejDatabase): Promise<SyncStatusRecord | undefined> {
  return (await db.meta.get('syncStatus')) as SyncStatusRecord | undefined;
}
