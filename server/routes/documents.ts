import { ERRORS, EVENTS, Server, type Upload } from '@tus/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SNIFF_BYTES, sniffDocumentType } from '../../src/domain/document-type';
import { DOCUMENT_MIME_TYPES, MAX_DOCUMENT_BYTES } from '../../src/domain/envelope';
import type { Database } from '../db/open';
import type { UploadLimits } from '../documents/clean-uploads';
import { parseUploadId, SHA256, uploadIdFor, type DocumentStore } from '../documents/document-store';
import { documentsHeldFor, forgetUnfinishedUpload, recordUploadCompleted, recordUploadStarted, unfinishedUploadCount } from '../documents/document-uploads';
import { recordDocument } from '../documents/documents-table';
import { API_ERRORS, isApiErrorCode, type ApiErrorCode } from '../../src/domain/error-codes';
import { errorBody, sendError } from '../http-errors';
import { findDeviceByToken } from '../services/devices';

const BASE = '/api/v1/documents';
const TUS_METHODS = new Set(['HEAD', 'POST', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * The authenticated device of each request, from our route to tus's hooks: they get a web
 * Request wrapping the same Node request, so it is the key (nothing a client can set).
 */
const devices = new WeakMap<object, { id: string; officeCode: string }>();

function deviceFor(request: Request): { id: string; officeCode: string } | undefined {
  const node = (request as { runtime?: { node?: { req?: object } } }).runtime?.node?.req;
  return node ? devices.get(node) : undefined;
}

const deviceIdOf = (request: Request): string | undefined => deviceFor(request)?.id;

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
    // Another request holds the upload's lock (on this process or another) and did not let go in time: try again, as after any conflict.
    if (body === ERRORS.ERR_LOCK_TIMEOUT.body) code ??= 'conflict';
    code ??= codeForTusStatus(status);
    headers.set('Content-Type', 'application/json; charset=utf-8');
    return super.write(context, headers, API_ERRORS[code], JSON.stringify(errorBody(code)));
  }
}

/** A tus hook's way to refuse: the status and our usual coded JSON body. */
function refuse(status: number, code: ApiErrorCode): { status_code: number; body: string } {
  return { status_code: status, body: JSON.stringify(errorBody(code)) };
}

const deviceOf = (request: Request): string => {
  const deviceId = deviceIdOf(request);
  if (!deviceId) throw refuse(401, 'unauthorized');
  return deviceId;
};

/**
 * Documents travel by tus 1.0 (resumable: a cut upload continues from the last byte the
 * server has). The upload's address is the document's SHA-256, so it is known before the
 * document is sent. Behind that address each device has an upload of its own
 * (`{sha256}-{deviceId}` in the store): no device can see, continue or abandon another's, and
 * a device whose office does not yet hold a document sends the bytes even if another
 * office's device already did — that is how it shows it has them (an officer reads a
 * document only through a filing of an office that sent it). The server hashes what
 * arrived, checks by its leading bytes that it is a JPEG, PNG, WebP or PDF, and only then
 * keeps it (once: a second copy of bytes already here is dropped).
 */
export function documentRoutes(app: FastifyInstance, database: Database, store: DocumentStore, limits: Pick<UploadLimits, 'maxUnfinishedPerDevice'>, now: () => Date): void {
  const db = database.db;
  const tus = new DocumentUploads({
    path: BASE,
    datastore: store.tus,
    // The database store's lock is shared by every server process; the file store's is tus's own, in memory.
    locker: store.locker,
    maxSize: MAX_DOCUMENT_BYTES,
    // Termination is for abandoning an upload half-way; a verified document is never removed through the API.
    disableTerminationForFinishedUploads: true,
    namingFunction: (request, metadata) => {
      const sha256 = metadata?.sha256 ?? '';
      if (!SHA256.test(sha256)) throw refuse(400, 'bad_request');
      return uploadIdFor(sha256, deviceOf(request));
    },
    // The address a device sees is the document's, never its upload's file name.
    generateUrl: (_request, { path, id }) => `${path}/${parseUploadId(id)?.sha256 ?? id}`,
    getFileIdFromRequest: (request, lastPath) => {
      const deviceId = deviceIdOf(request);
      return lastPath && SHA256.test(lastPath) && deviceId ? uploadIdFor(lastPath, deviceId) : undefined;
    },
    async onUploadCreate(request, upload: Upload) {
      const deviceId = deviceOf(request);
      const device = deviceFor(request)!;
      const sha256 = parseUploadId(upload.id)!.sha256;
      const mime = upload.metadata?.mime ?? '';
      if (!(DOCUMENT_MIME_TYPES as readonly string[]).includes(mime)) throw refuse(422, 'invalid');
      // Its office has it already (this device, or another of the office, sent it): nothing to prove.
      if ((await documentsHeldFor(db, device.officeCode, [sha256])).size) throw refuse(409, 'document_exists');
      // Never start over on top of this device's own half-way upload: it resumes it (HEAD, then PATCH).
      if (await store.hasUpload(upload.id)) throw refuse(409, 'document_exists');
      if ((await unfinishedUploadCount(db, deviceId)) >= limits.maxUnfinishedPerDevice) {
        // At the cap: rows whose files are gone (a restore brings rows back, never half-uploads) do not count.
        for (const row of await db.selectFrom('document_uploads').select('sha256').where('device_id', '=', deviceId).where('completed_at', 'is', null).execute()) {
          if (!(await store.hasUpload(uploadIdFor(row.sha256, deviceId)))) await forgetUnfinishedUpload(db, row.sha256, deviceId);
        }
        if ((await unfinishedUploadCount(db, deviceId)) >= limits.maxUnfinishedPerDevice) throw refuse(429, 'rate_limited');
      }
      await recordUploadStarted(db, { sha256, deviceId, size: upload.size ?? 0 }, now());
      return {};
    },
    async onUploadFinish(_request, upload: Upload) {
      const { sha256, deviceId } = parseUploadId(upload.id)!;
      // Hashed, sniffed (the declared type is only a claim: what is stored, and later served,
      // is what the bytes are) and kept with its rows, or refused leaving nothing behind.
      const completed = await store.completeUpload(upload.id, sha256, {
        db,
        leadingCount: SNIFF_BYTES,
        typeOf: sniffDocumentType,
        async record(trx, document) {
          await recordDocument(trx, document, now());
          await recordUploadCompleted(trx, { sha256, deviceId, size: document.size }, now());
        },
      });
      if (!completed.stored) {
        await forgetUnfinishedUpload(db, sha256, deviceId);
        throw refuse(422, completed.refused);
      }
      return {};
    },
  });
  // A device that abandons its upload frees its place under the cap at once.
  tus.on(EVENTS.POST_TERMINATE, (request: Request, _response: Response, id: string) => {
    const upload = parseUploadId(id);
    if (upload && deviceIdOf(request) === upload.deviceId) void forgetUnfinishedUpload(db, upload.sha256, upload.deviceId).catch(() => undefined);
  });

  // The body of a PATCH is the document's bytes: leave the stream to tus, unparsed.
  app.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null));

  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    // Only what the protocol needs: tus would also serve a document's bytes on GET, to any
    // device of any office. Officers read documents through /office/documents, scoped to their office.
    if (!TUS_METHODS.has(request.method)) return sendError(reply, 'not_found');
    const sha256 = (request.params as { sha256?: string }).sha256 ?? '';
    if (request.method !== 'OPTIONS') {
      const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      const device = token ? await findDeviceByToken(db, token) : undefined;
      if (!device) return sendError(reply, 'unauthorized');
      // A plain HEAD (no tus header) asks one thing: does the server hold this document for
      // the device's office? 200 or 404. Hashes are printed in every QR, so anyone else learns nothing.
      if (request.method === 'HEAD' && !request.headers['tus-resumable']) {
        return reply.code(SHA256.test(sha256) && (await documentsHeldFor(db, device.officeCode, [sha256])).size ? 200 : 404).send();
      }
      devices.set(request.raw, { id: device.id, officeCode: device.officeCode });
      // A resume of a document the device's office already holds is complete, whoever of the
      // office sent it: the answer tus would give for a finished upload of its own.
      if (request.method === 'HEAD' && SHA256.test(sha256) && (await documentsHeldFor(db, device.officeCode, [sha256])).size) {
        const held = await db.selectFrom('documents').select('size').where('sha256', '=', sha256).executeTakeFirstOrThrow();
        return reply
          .code(200)
          .headers({ 'tus-resumable': '1.0.0', 'upload-offset': String(held.size), 'upload-length': String(held.size), 'cache-control': 'no-store' })
          .send();
      }
    }
    reply.hijack();
    await tus.handle(request.raw, reply.raw);
  };
  app.all(BASE, handle);
  app.all(`${BASE}/:sha256`, handle);
}
