import type { FastifyInstance } from 'fastify';
import { assertOffice, requireOfficer } from '../auth/officer-auth';
import type { Database } from '../db/open';
import type { DocumentStore } from '../documents/document-store';
import { ApiError, describeIssues } from '../http-errors';
import type { ServerKeys } from '../keys/server-keys';
import { requestNewCode } from '../otp/otp-service';
import { applicationDetail, officeOfApplication } from '../services/application-detail';
import type { ApplicationWriter } from '../services/application-writer';
import { checkScannedReceipt, restoredOrRefused, restoreFromReceipt } from '../services/restore-from-receipt';
import { parseDeviceId } from '../../src/domain/receipt-number';
import { SNIFF_BYTES, sniffDocumentType } from '../../src/domain/document-type';
import { documentsHeldFor } from '../documents/document-uploads';
import { changeStatus } from '../services/status';
import { transitionIssues, type TransitionInput } from '../../src/domain/transition';

/** A document answer is never a page: no script, no plugins, no same-origin rights, nothing loaded but itself. */
export const DOCUMENT_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'";

/** The fields a move may carry; anything else is refused, not ignored. */
const TRANSITION_FIELDS: readonly string[] = ['to', 'note', 'applicantNote', 'surveyDate', 'estimateAmount'] satisfies (keyof TransitionInput)[];

/** One application: its detail and documents, moving it along the stages, a new OTP, and restoring from a paper receipt. */
export function officeApplicationRoutes(app: FastifyInstance, database: Database, documents: DocumentStore, keys: ServerKeys, writer: ApplicationWriter, now: () => Date): void {
  const db = database.db;

  app.get<{ Params: { id: string } }>('/api/v1/office/applications/:id', async (request, reply) => {
    const officer = await requireOfficer(db, request, now());
    assertOffice(officer, await officeOfApplication(db, request.params.id));
    reply.header('cache-control', 'no-store');
    return applicationDetail(db, request.params.id, now());
  });

  /**
   * Every move has a note (the office's own record) and is an event; it may say something
   * to the applicant, and the survey and the estimate carry their day and amount. The
   * fields are judged as the console judges them (transitionIssues, on the server's clock)
   * and a refusal changes nothing.
   */
  app.post<{ Params: { id: string }; Body: unknown }>('/api/v1/office/applications/:id/transitions', async (request) => {
    const officer = await requireOfficer(db, request, now());
    assertOffice(officer, await officeOfApplication(db, request.params.id));
    const body = (request.body && typeof request.body === 'object' && !Array.isArray(request.body) ? request.body : {}) as Record<string, unknown>;
    const { to, note, applicantNote, surveyDate, estimateAmount } = body;
    if (typeof to !== 'string') throw new ApiError('bad_request', { detail: 'to must be a status' });
    const unknown = Object.keys(body).filter((key) => !TRANSITION_FIELDS.includes(key));
    const issues = [...transitionIssues({ to, note, applicantNote, surveyDate, estimateAmount }, now()), ...unknown.map((path) => ({ path, code: 'unknown_field' as const }))];
    if (issues.length) throw new ApiError('invalid', { issues: describeIssues(issues) });
    // transitionIssues has checked every field's type.
    const details = { applicantNote, surveyDate, estimateAmount } as Pick<TransitionInput, 'applicantNote' | 'surveyDate' | 'estimateAmount'>;
    const moved = await changeStatus(db, { id: request.params.id, to, note: note as string, ...details, actor: officer.username }, now());
    request.log.info({ applicationIds: [request.params.id], username: officer.username, ...moved }, 'status changed');
    return { id: request.params.id, ...moved, status: moved.to };
  });

  app.post<{ Params: { id: string } }>('/api/v1/office/applications/:id/otp', async (request, reply) => {
    const officer = await requireOfficer(db, request, now());
    assertOffice(officer, await officeOfApplication(db, request.params.id));
    return reply.code(202).send(await requestNewCode(db, request.params.id, now()));
  });

  /**
   * A document's bytes, for an officer who may see an application that lists it — and only
   * if a device of that application's office sent those bytes itself: naming another
   * office's hash in a filing (hashes are printed in every QR) gets "not here yet", exactly
   * what the filing's own office would see before its device sent them.
   */
  app.get<{ Params: { sha256: string } }>('/api/v1/office/documents/:sha256', async (request, reply) => {
    const officer = await requireOfficer(db, request, now());
    const sha256 = request.params.sha256;
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new ApiError('not_found');
    const links = await db
      .selectFrom('application_documents as link')
      .innerJoin('applications as application', 'application.id', 'link.application_id')
      .select('application.office_code')
      .distinct()
      .where('link.sha256', '=', sha256)
      .execute();
    if (!links.length) throw new ApiError('not_found');
    const offices = links.map((link) => link.office_code).filter((office) => officer.role === 'admin' || office === officer.officeCode);
    if (!offices.length) throw new ApiError('forbidden');
    let readable = false;
    for (const office of offices) if (!readable) readable = (await documentsHeldFor(db, office, [sha256])).size > 0;
    if (!readable) throw new ApiError('not_found', { detail: 'the document has not arrived yet' });
    // Judged again by the bytes, not by what the database says: a document stored before
    // uploads were checked may be anything, and is never served as something a browser runs.
    const leading = await documents.leadingBytes(sha256, SNIFF_BYTES).catch(() => undefined);
    if (!leading) throw new ApiError('not_found', { detail: 'the document has not arrived yet' });
    const type = sniffDocumentType(leading);
    if (!type) throw new ApiError('document_type_refused');
    const extension = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'application/pdf': 'pdf' }[type];
    // Images show in the console (<img>, or opened in a tab); a PDF is downloaded, since
    // Chromium's viewer will not open in the sandbox every document answer carries.
    const disposition = type === 'application/pdf' ? 'attachment' : 'inline';
    return reply
      .header('content-type', type)
      .header('content-disposition', `${disposition}; filename="${sha256.slice(0, 16)}.${extension}"`)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', DOCUMENT_CSP)
      .header('cache-control', 'private, max-age=31536000, immutable')
      .send(documents.read(sha256));
  });

  /** The office scans a paper receipt whose filing the server lost; only for its own office's devices. */
  app.post<{ Body: { qr?: unknown } }>('/api/v1/office/receipts/restore', { bodyLimit: 16 * 1024 }, async (request, reply) => {
    const officer = await requireOfficer(db, request, now());
    const qr = request.body?.qr;
    if (typeof qr !== 'string' || !qr) throw new ApiError('bad_request', { detail: 'qr must be the scanned text of a receipt’s QR code' });
    const read = await checkScannedReceipt(db, keys, qr);
    if (read) assertOffice(officer, parseDeviceId(read.proof.envelope.deviceId)?.office ?? '');
    const outcome = restoredOrRefused(await restoreFromReceipt(db, writer, keys, qr, now()));
    request.log.info({ applicationIds: [outcome.id], username: officer.username, kind: outcome.kind }, 'restored from receipt');
    return reply.code(outcome.kind === 'created' ? 201 : 200).send(outcome);
  });
}
