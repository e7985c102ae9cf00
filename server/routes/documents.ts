import { Server, type Upload } from '@tus/server';
import type { FastifyInstance } from 'fastify';
import { DOCUMENT_MIME_TYPES, MAX_DOCUMENT_BYTES } from '../../src/domain/envelope';
import type { Database } from '../db/open';
import { SHA256, type DocumentStore } from '../documents/document-store';
import { hasDocument, recordDocument } from '../documents/documents-table';
import { API_ERRORS, isApiErrorCode, type ApiErrorCode } from '../../src/domain/error-codes';
import { errorBody, sendError } from '../http-errors';
import { findDeviceByToken } from '../services/devices';

const BASE = '/api/v1/documents';
const TUS_METHODS = new Set(['HEAD', 'POST', 'PATCH', 'DELETE', 'OPTIONS']);

/** What tus's own refusals (plain text, some with statuses of their own) become in our terms. */
function codeForTusStatus(status: number): ApiErrorCode {
  if (status === 404 || status === 410) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 413) return 'payload_too_large';
  if (status === 415) return 'unsupported_media_type';
  // 501: an extension we do not offer (Upload-Concat, Upload-Defer-Length) is the client's mistake.
  if ((status >= 400 && status < 500) || status === 501) return 'bad_request';
  return 'internal';
}

/**
 * tus with our error bodies: every refusal, its own (a missing Tus-Resumable, a bad
 * Upload-Offset, an unknown upload) and ours (thrown by the hooks below), is
 * `{ error, message }` JSON with the code's status, like every other route.
 */
class DocumentUploads extends Server {
  override async write(context: Parameters<Server['write']>[0], headers: Headers, status: number, body = '') {
    if (status < 400) return super.write(context, headers, status, body);
    let code: ApiErrorCode | undefined;
    try {
      const parsed = JSON.parse(body) as { error?: unknown };
      if (isApiErrorCode(parsed.error)) code = parsed.error;
    } catch {
      // tus's own plain-text message
    }
    code ??= codeForTusStatus(status);
    headers.set('Content-Type', 'application/json; charset=utf-8');
    return super.write(context, headers, API_ERRORS[code], JSON.stringify(errorBody(code)));
  }
}

/** A tus hook's way to refuse: the status and our usual coded JSON body. */
function refuse(status: number, code: ApiErrorCode): { status_code: number; body: string } {
  return { status_code: status, body: JSON.stringify(errorBody(code)) };
}

/**
 * Documents travel by tus 1.0 (resumable: a cut upload continues from the last byte the
 * server has). The upload's id is the document's SHA-256, so the address of a document
 * is known before it is sent and a second sender of the same bytes finds it there. The
 * server hashes what arrived and keeps it only if it matches.
 */
export function documentRoutes(app: FastifyInstance, database: Database, store: DocumentStore): void {
  const tus = new DocumentUploads({
    path: BASE,
    datastore: store.tus,
    maxSize: MAX_DOCUMENT_BYTES,
    relativeLocation: true,
    // Termination is for abandoning an upload half-way; a verified document is never removed through the API.
    disableTerminationForFinishedUploads: true,
    namingFunction: (_request, metadata) => {
      const sha256 = metadata?.sha256 ?? '';
      if (!SHA256.test(sha256)) throw refuse(400, 'bad_request');
      return sha256;
    },
    async onIncomingRequest(request) {
      const token = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
      if (!token || !(await findDeviceByToken(database.db, token))) throw refuse(401, 'unauthorized');
    },
    async onUploadCreate(_request, upload: Upload) {
      const mime = upload.metadata?.mime ?? '';
      if (!(DOCUMENT_MIME_TYPES as readonly string[]).includes(mime)) throw refuse(422, 'invalid');
      // Never start over on top of bytes already here (complete, or half-way from another sender).
      if ((await hasDocument(database.db, upload.id)) || (await store.tus.getUpload(upload.id).then(() => true, () => false))) {
        throw refuse(409, 'document_exists');
      }
      return {};
    },
    async onUploadFinish(_request, upload: Upload) {
      if ((await store.hashOfFile(upload.id)) !== upload.id) {
        await store.remove(upload.id);
        throw refuse(422, 'document_hash_mismatch');
      }
      await recordDocument(database.db, { sha256: upload.id, size: upload.size ?? upload.offset, mime: upload.metadata?.mime ?? 'application/octet-stream' });
      return {};
    },
  });

  // The body of a PATCH is the document's bytes: leave the stream to tus, unparsed.
  app.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null));

  const handle = async (request: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply) => {
    // Only what the protocol needs: tus would also serve a document's bytes on GET, to any
    // device of any office. Officers read documents through /office/documents, scoped to their office.
    if (!TUS_METHODS.has(request.method)) return sendError(reply, 'not_found');
    // A plain HEAD (no tus header) asks one thing: is the document here, complete? 200 or 404.
    if (request.method === 'HEAD' && !request.headers['tus-resumable']) {
      const sha256 = (request.params as { sha256?: string }).sha256 ?? '';
      return reply.code(SHA256.test(sha256) && (await hasDocument(database.db, sha256)) ? 200 : 404).send();
    }
    reply.hijack();
    await tus.handle(request.raw, reply.raw);
  };
  app.all(BASE, handle);
  app.all(`${BASE}/:sha256`, handle);
}
