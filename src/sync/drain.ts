import type { ClientErrorCode, ErrorCode } from '../domain/client-error-codes';
import type { Envelope } from '../domain/envelope';
import type { SahejDatabase } from '../store/database';
import { loadDevice } from '../store/device';
import type { Filing, OutboxEntry, ServerProblem, StoredDocument } from '../store/types';
import type { ApiClient, ApplicationAck, SendResult } from './api-client';
import { fullJitterDelay } from './backoff';
import type { DocumentUploader, UploadResult } from './document-upload';
import { completeEntries, dueEntries, markSending, noteDocumentsMissing, parkEntry, releaseSending, scheduleRetry } from './outbox';

export const BATCH_MAX_ITEMS = 100;
// Under the server's 256 KB body limit with room to spare.
export const BATCH_MAX_BYTES = 200 * 1024;

export interface DrainContext {
  db: SahejDatabase;
  api: ApiClient;
  uploader: DocumentUploader;
  now: () => number;
  random: () => number;
  /** Cleared when the server turns out not to take batches; then filings go one by one. */
  batches: { supported: boolean };
  /** Waits between quick retries (tests pass one that does not wait). */
  sleep?: (ms: number) => Promise<void>;
}

export type DrainOutcome =
  | { kind: 'idle'; sent: number }
  | { kind: 'waiting'; sent: number; until: number }
  | { kind: 'unauthorized'; sent: number }
  | { kind: 'not_enrolled'; sent: number };

interface Item {
  entry: OutboxEntry;
  filing: Filing;
}

/** The leading due entries whose envelopes fit one request. */
async function nextGroup(ctx: DrainContext): Promise<{ items: Item[]; waitUntil?: number }> {
  const { entries, waitUntil } = await dueEntries(ctx.db, ctx.now(), ctx.batches.supported ? BATCH_MAX_ITEMS : 1);
  const items: Item[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const filing = await ctx.db.filings.get(entry.filingId);
    if (!filing) {
      await parkEntry(ctx.db, entry, { code: 'missing_filing' satisfies ClientErrorCode });
      continue;
    }
    const size = JSON.stringify(filing.envelope).length;
    if (items.length && bytes + size > BATCH_MAX_BYTES) break;
    items.push({ entry, filing });
    bytes += size;
  }
  return { items, ...(waitUntil !== undefined ? { waitUntil } : {}) };
}

type GroupAnswer = { kind: 'items'; results: SendResult[] } | { kind: 'retry'; code: string; httpStatus?: number; retryAfterMs?: number } | { kind: 'unauthorized' };

async function send(ctx: DrainContext, envelopes: Envelope[], token: string): Promise<GroupAnswer> {
  if (envelopes.length > 1) {
    const answer = await ctx.api.postBatch(envelopes, token);
    if (answer.kind !== 'unsupported') return answer;
    ctx.batches.supported = false;
  }
  const result = await ctx.api.putApplication(envelopes[0]!, token);
  if (result.kind === 'retry' || result.kind === 'unauthorized') return result;
  return { kind: 'items', results: [result] };
}

function problemOf(result: Extract<SendResult, { kind: 'refused' }>): ServerProblem {
  return {
    code: result.code,
    httpStatus: result.httpStatus,
    ...(result.message ? { message: result.message } : {}),
    ...(result.issues ? { issues: result.issues } : {}),
  };
}

/**
 * A document's upload is a chain of requests (create or ask how much is there, then the
 * bytes), so on a link that loses one request in five a whole chain often fails, and each
 * failure used to cost the filing a backoff of minutes. A passing fault (a dropped
 * connection, a gateway's 5xx, a conflict with an earlier try) is tried again twice within
 * the drain, about 1 s and 3 s later (jittered). Not a stall, which has already waited 30 s,
 * nor a 429: the server asked for less.
 */
export const DOCUMENT_QUICK_RETRY_MS = [1_000, 3_000] as const;
const passingFault = (code: ErrorCode) => code === 'network' || code === 'conflict' || /^http_5\d\d$/.test(code);
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function uploadWithQuickRetries(ctx: DrainContext, document: StoredDocument, token: string): Promise<UploadResult> {
  let result = await ctx.uploader.upload(document, token);
  for (const delay of DOCUMENT_QUICK_RETRY_MS) {
    if (result.kind !== 'retry' || !passingFault(result.code)) break;
    await (ctx.sleep ?? realSleep)(Math.round(delay * (0.5 + ctx.random())));
    result = await ctx.uploader.upload(document, token);
  }
  return result;
}

/**
 * Uploads the documents the server lacks; the outcome decides what happens to the entry.
 * A retry says whether a document got through first: progress, which resets the backoff.
 */
async function sendDocuments(ctx: DrainContext, filing: Filing, missing: string[], token: string): Promise<'done' | 'unauthorized' | { retry: ErrorCode; progressed: boolean } | { refused: ErrorCode }> {
  const stored = await ctx.db.documents.where('ownerId').equals(filing.id).toArray();
  let progressed = false;
  for (const sha256 of missing) {
    const document = stored.find((candidate) => candidate.sha256 === sha256);
    // The bytes were dropped after an earlier confirmation; only the operator can bring them back.
    if (!document) return { refused: 'document_missing_locally' };
    const result = await uploadWithQuickRetries(ctx, document, token);
    if (result.kind === 'unauthorized') return 'unauthorized';
    if (result.kind === 'retry') return { retry: result.code, progressed };
    if (result.kind === 'refused') return { refused: result.code };
    progressed = true;
  }
  return 'done';
}

/**
 * Sends queued filings oldest first, up to 100 envelopes (and 200 KB) a request, until
 * no entry is due: one that must wait is passed over, never a gate. A filing is done only
 * when the server has its envelope and every document: the server's answer lists the documents it lacks,
 * they are uploaded (resumably), and the envelope is sent again to confirm. An entry
 * leaves the outbox only on that confirmation; retryable failures back off (honouring
 * Retry-After), final refusals are parked, never dropped.
 */
export async function drainOutbox(ctx: DrainContext): Promise<DrainOutcome> {
  const device = await loadDevice(ctx.db);
  if (!device) return { kind: 'not_enrolled', sent: 0 };
  let sent = 0;
  // Filings whose documents were uploaded in this drain: if the server still says some are
  // missing, wait rather than loop.
  const uploaded = new Set<string>();
  const backOff = async (entries: OutboxEntry[], problem: ServerProblem, retryAfterMs?: number): Promise<DrainOutcome> => {
    const fewest = Math.min(...entries.map((entry) => entry.attempts));
    const until = ctx.now() + (retryAfterMs ?? fullJitterDelay(fewest + 1, ctx.random));
    await scheduleRetry(ctx.db, entries, until, retryAfterMs !== undefined ? { ...problem, retryAfterMs } : problem, new Date(ctx.now()));
    return { kind: 'waiting', sent, until };
  };

  // The soonest a filing backed off in this drain is due again (the others went on meanwhile).
  let backedOffUntil: number | undefined;
  // Backed off in this drain: not sent again in it, even if their jittered wait was 0 ms.
  const backedOff = new Set<number>();
  for (;;) {
    const group = await nextGroup(ctx);
    const items = group.items.filter((item) => !backedOff.has(item.entry.seq!));
    const { waitUntil } = group;
    if (!items.length) {
      const until = Math.min(waitUntil ?? Infinity, backedOffUntil ?? Infinity);
      return until !== Infinity ? { kind: 'waiting', sent, until } : { kind: 'idle', sent };
    }
    const ids = items.map((item) => item.filing.id);
    await markSending(ctx.db, ids);
    const answer = await send(ctx, items.map((item) => item.filing.envelope), device.token);
    if (answer.kind === 'unauthorized') {
      // The token is wrong for every filing alike: stop, keep them all queued.
      await releaseSending(ctx.db, ids);
      return { kind: 'unauthorized', sent };
    }
    if (answer.kind === 'retry') return backOff(items.map((item) => item.entry), { code: answer.code, ...(answer.httpStatus ? { httpStatus: answer.httpStatus } : {}) }, answer.retryAfterMs);

    const answered = answer.results.length;
    const retry: OutboxEntry[] = [];
    const done: { entry: OutboxEntry; ack: ApplicationAck }[] = [];
    let retryProblem: ServerProblem | undefined;
    for (const [index, result] of answer.results.entries()) {
      const { entry, filing } = items[index]!;
      if (result.kind === 'refused') {
        await parkEntry(ctx.db, entry, problemOf(result));
        continue;
      }
      if (result.kind === 'retry' || result.kind === 'unauthorized') {
        retry.push(entry);
        retryProblem ??= { code: result.kind === 'retry' ? result.code : 'unauthorized' };
        continue;
      }
      if (!result.ack.documentsMissing.length) {
        done.push({ entry, ack: result.ack });
        continue;
      }
      await noteDocumentsMissing(ctx.db, entry, result.ack);
      if (uploaded.has(filing.id)) {
        retry.push(entry);
        retryProblem ??= { code: 'documents_missing' satisfies ClientErrorCode };
        continue;
      }
      const documents = await sendDocuments(ctx, filing, result.ack.documentsMissing, device.token);
      if (documents === 'unauthorized') {
        await completeEntries(ctx.db, done, new Date(ctx.now()));
        await releaseSending(ctx.db, ids.filter((id) => !done.some((item) => item.entry.filingId === id)));
        return { kind: 'unauthorized', sent: sent + done.length };
      }
      if (documents === 'done') {
        // Due again at once: the next request confirms the server now has everything.
        uploaded.add(filing.id);
        continue;
      }
      if ('refused' in documents) await parkEntry(ctx.db, entry, { code: documents.refused });
      else {
        // On a bad link a filing with three photos may need many tries; each one that moved
        // a document across starts the backoff afresh, so progress is never punished.
        retry.push(documents.progressed ? { ...entry, attempts: 0 } : entry);
        retryProblem ??= { code: documents.retry };
      }
    }
    await completeEntries(ctx.db, done, new Date(ctx.now()));
    sent += done.length;
    // Sent one by one after the server refused a batch: the rest were not tried yet.
    if (answered < items.length) await releaseSending(ctx.db, ids.slice(answered));
    // The server answered, so only these filings wait; the rest of the queue goes on.
    if (retry.length) {
      for (const entry of retry) backedOff.add(entry.seq!);
      const outcome = await backOff(retry, retryProblem ?? { code: 'bad_response' satisfies ClientErrorCode });
      if (outcome.kind === 'waiting') backedOffUntil = Math.min(backedOffUntil ?? outcome.until, outcome.until);
    }
  }
}
