import type { ClientErrorCode, ErrorCode } from '../domain/client-error-codes';
import type { AdditionAck } from '../domain/wire/device';
import type { SahejDatabase } from '../store/database';
import { loadDevice } from '../store/device';
import type { AdditionRecord, Filing, OutboxEntry, ServerProblem, StoredDocument } from '../store/types';
import type { ApiClient, ApplicationAck, SendResult } from './api-client';
import { fullJitterDelay } from './backoff';
import type { DocumentUploader, UploadResult } from './document-upload';
import { completeEntries, dueEntries, itemOf, markSending, noteDocumentsMissing, parkEntry, releaseSending, scheduleRetry, type Done } from './outbox';

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

/** `sent` counts filings the server now has in full; `additionsSent`, additions (absent when none). */
type Counts = { sent: number; additionsSent?: number };
export type DrainOutcome =
  | ({ kind: 'idle' } & Counts)
  | ({ kind: 'waiting'; until: number } & Counts)
  | ({ kind: 'unauthorized' } & Counts)
  | ({ kind: 'not_enrolled' } & Counts);

interface Item {
  entry: OutboxEntry;
  item: Filing | AdditionRecord;
}

/**
 * The next request's items: the leading due filings whose envelopes fit one batch, or,
 * when an addition comes first, that addition alone (additions have no batch route).
 */
async function nextGroup(ctx: DrainContext, skip: Set<number>): Promise<{ items: Item[]; waitUntil?: number }> {
  const { entries, waitUntil } = await dueEntries(ctx.db, ctx.now(), ctx.batches.supported ? BATCH_MAX_ITEMS : 1);
  const items: Item[] = [];
  let bytes = 0;
  for (const entry of entries) {
    if (skip.has(entry.seq!)) continue;
    if (items.length && (entry.kind === 'addition' || items[0]!.entry.kind === 'addition')) break;
    const item = await itemOf(ctx.db, entry);
    if (!item) {
      await parkEntry(ctx.db, entry, { code: 'missing_filing' satisfies ClientErrorCode });
      continue;
    }
    const size = 'envelope' in item ? JSON.stringify(item.envelope).length : 0;
    if (items.length && bytes + size > BATCH_MAX_BYTES) break;
    items.push({ entry, item });
    bytes += size;
  }
  return { items, ...(waitUntil !== undefined ? { waitUntil } : {}) };
}

type Ack = ApplicationAck | AdditionAck;
type GroupAnswer = { kind: 'items'; results: SendResult<Ack>[] } | { kind: 'retry'; code: string; httpStatus?: number; retryAfterMs?: number } | { kind: 'unauthorized' };

async function sendAddition(ctx: DrainContext, record: AdditionRecord, token: string): Promise<GroupAnswer> {
  const result = await ctx.api.putAddition(record.addition, token);
  if (result.kind === 'retry' || result.kind === 'unauthorized') return result;
  // The server may not have the filing yet (it is queued, or lost and being sent again): a wait, not a refusal.
  if (result.kind === 'refused' && result.code === 'not_found') return { kind: 'items', results: [{ kind: 'retry', code: result.code }] };
  return { kind: 'items', results: [result] };
}

async function send(ctx: DrainContext, items: Item[], token: string): Promise<GroupAnswer> {
  const first = items[0]!.item;
  if (!('envelope' in first)) return sendAddition(ctx, first, token);
  const envelopes = items.map(({ item }) => (item as Filing).envelope);
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
async function sendDocuments(ctx: DrainContext, ownerId: string, missing: string[], token: string): Promise<'done' | 'unauthorized' | { retry: ErrorCode; progressed: boolean } | { refused: ErrorCode }> {
  const stored = await ctx.db.documents.where('ownerId').equals(ownerId).toArray();
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
 * Sends the outbox oldest first — filings up to 100 envelopes (and 200 KB) a request,
 * additions one a request — until no entry is due: one that must wait is passed over,
 * never a gate. An item is done only when the server has it and every document: the
 * server's answer lists the documents it lacks, they are uploaded (resumably), and the
 * item is sent again to confirm. An entry leaves the outbox only on that confirmation;
 * retryable failures back off (honouring Retry-After), final refusals are parked, never
 * dropped.
 */
export async function drainOutbox(ctx: DrainContext): Promise<DrainOutcome> {
  const device = await loadDevice(ctx.db);
  if (!device) return { kind: 'not_enrolled', sent: 0 };
  let sent = 0;
  let additionsSent = 0;
  const outcome = <K extends DrainOutcome['kind']>(kind: K, extra: object = {}) => ({ kind, sent, ...(additionsSent ? { additionsSent } : {}), ...extra }) as DrainOutcome;
  // Items whose documents were uploaded in this drain: if the server still says some are
  // missing, wait rather than loop.
  const uploaded = new Set<number>();
  const backOff = async (entries: OutboxEntry[], problem: ServerProblem, retryAfterMs?: number): Promise<number> => {
    const fewest = Math.min(...entries.map((entry) => entry.attempts));
    const until = ctx.now() + (retryAfterMs ?? fullJitterDelay(fewest + 1, ctx.random));
    await scheduleRetry(ctx.db, entries, until, retryAfterMs !== undefined ? { ...problem, retryAfterMs } : problem, new Date(ctx.now()));
    return until;
  };
  const complete = async (done: Done[]) => {
    await completeEntries(ctx.db, done, new Date(ctx.now()));
    for (const { entry } of done) entry.kind === 'filing' ? sent++ : additionsSent++;
  };

  // The soonest an item backed off in this drain is due again (the others went on meanwhile).
  let backedOffUntil: number | undefined;
  // Backed off in this drain: not sent again in it, even if their jittered wait was 0 ms.
  const backedOff = new Set<number>();
  for (;;) {
    const { items, waitUntil } = await nextGroup(ctx, backedOff);
    if (!items.length) {
      const until = Math.min(waitUntil ?? Infinity, backedOffUntil ?? Infinity);
      return until !== Infinity ? outcome('waiting', { until }) : outcome('idle');
    }
    const entries = items.map((item) => item.entry);
    await markSending(ctx.db, entries);
    const answer = await send(ctx, items, device.token);
    if (answer.kind === 'unauthorized') {
      // The token is wrong for every item alike: stop, keep them all queued.
      await releaseSending(ctx.db, entries);
      return outcome('unauthorized');
    }
    if (answer.kind === 'retry') {
      const until = await backOff(entries, { code: answer.code, ...(answer.httpStatus ? { httpStatus: answer.httpStatus } : {}) }, answer.retryAfterMs);
      return outcome('waiting', { until });
    }

    const answered = answer.results.length;
    const retry: OutboxEntry[] = [];
    const done: Done[] = [];
    let retryProblem: ServerProblem | undefined;
    for (const [index, result] of answer.results.entries()) {
      const { entry } = items[index]!;
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
        done.push({ entry, ack: result.ack } as Done);
        continue;
      }
      await noteDocumentsMissing(ctx.db, entry, result.ack);
      if (uploaded.has(entry.seq!)) {
        retry.push(entry);
        retryProblem ??= { code: 'documents_missing' satisfies ClientErrorCode };
        continue;
      }
      const documents = await sendDocuments(ctx, entry.id, result.ack.documentsMissing, device.token);
      if (documents === 'unauthorized') {
        await complete(done);
        await releaseSending(ctx.db, entries.filter((candidate) => !done.some((item) => item.entry.seq === candidate.seq)));
        return outcome('unauthorized');
      }
      if (documents === 'done') {
        // Due again at once: the next request confirms the server now has everything.
        uploaded.add(entry.seq!);
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
    await complete(done);
    // Sent one by one after the server refused a batch: the rest were not tried yet.
    if (answered < items.length) await releaseSending(ctx.db, entries.slice(answered));
    // The server answered, so only these items wait; the rest of the queue goes on.
    if (retry.length) {
      for (const entry of retry) backedOff.add(entry.seq!);
      const until = await backOff(retry, retryProblem ?? { code: 'bad_response' satisfies ClientErrorCode });
      backedOffUntil = Math.min(backedOffUntil ?? until, until);
    }
  }
}
