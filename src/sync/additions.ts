import type { ClientErrorCode } from '../domain/client-error-codes';
import type { SahejDatabase } from '../store/database';
import type { AdditionRecord, ServerProblem } from '../store/types';
import type { ApiClient } from './api-client';
import { fullJitterDelay } from './backoff';
import type { DocumentUploader, UploadResult } from './document-upload';

export interface AdditionsContext {
  db: SahejDatabase;
  api: ApiClient;
  uploader: DocumentUploader;
  now: () => number;
  random: () => number;
}

export type AdditionsOutcome = { kind: 'idle'; sent: number } | { kind: 'waiting'; sent: number; until: number } | { kind: 'unauthorized'; sent: number };

async function retryLater(ctx: AdditionsContext, record: AdditionRecord, problem: ServerProblem, retryAfterMs?: number): Promise<number> {
  const until = ctx.now() + (retryAfterMs ?? fullJitterDelay(record.attempts + 1, ctx.random));
  await ctx.db.additions.update(record.id, { attempts: record.attempts + 1, notBefore: until, problem });
  return until;
}

/**
 * Sends what the kiosk added to filings (objection answers), oldest first, after the
 * filings themselves: each with its documents (by tus, as for filings), confirmed by a
 * second send once they are up. The server may not have the filing yet (404): that is a
 * wait, not a refusal. A refusal marks the addition for attention; nothing is dropped.
 */
export async function sendAdditions(ctx: AdditionsContext, token: string): Promise<AdditionsOutcome> {
  const pending = (await ctx.db.additions.where('state').equals('pending').toArray()).sort((a, b) => a.addition.capturedAt.localeCompare(b.addition.capturedAt));
  let sent = 0;
  let until: number | undefined;
  const wait = (at: number) => (until = Math.min(until ?? at, at));
  for (const record of pending) {
    if (record.notBefore > ctx.now()) {
      wait(record.notBefore);
      continue;
    }
    let result = await ctx.api.putAddition(record.addition, token);
    if (result.kind === 'accepted' && result.ack.documentsMissing.length) {
      const stored = await ctx.db.documents.where('ownerId').equals(record.id).toArray();
      for (const sha256 of result.ack.documentsMissing) {
        const document = stored.find((candidate) => candidate.sha256 === sha256);
        const upload = document ? await ctx.uploader.upload(document, token) : ({ kind: 'refused', code: 'document_missing_locally' } satisfies UploadResult);
        if (upload.kind === 'unauthorized') return { kind: 'unauthorized', sent };
        if (upload.kind !== 'done') {
          result = upload.kind === 'retry' ? { kind: 'retry', code: upload.code } : { kind: 'refused', code: upload.code, httpStatus: 422 };
          break;
        }
      }
      if (result.kind === 'accepted') result = await ctx.api.putAddition(record.addition, token);
    }
    if (result.kind === 'unauthorized') return { kind: 'unauthorized', sent };
    if (result.kind === 'accepted' && !result.ack.documentsMissing.length) {
      await ctx.db.additions.update(record.id, { state: 'received', receivedAt: result.ack.receivedAt, problem: undefined });
      sent++;
    } else if (result.kind === 'accepted') {
      wait(await retryLater(ctx, record, { code: 'documents_missing' satisfies ClientErrorCode }));
    } else if (result.kind === 'retry' || result.code === 'not_found') {
      wait(await retryLater(ctx, record, { code: result.code }, result.kind === 'retry' ? result.retryAfterMs : undefined));
    } else {
      await ctx.db.additions.update(record.id, { state: 'attention', problem: { code: result.code, httpStatus: result.httpStatus, ...(result.message ? { message: result.message } : {}), ...(result.issues ? { issues: result.issues } : {}) } });
    }
  }
  return until !== undefined ? { kind: 'waiting', sent, until } : { kind: 'idle', sent };
}
