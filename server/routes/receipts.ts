import type { FastifyInstance } from 'fastify';
import { normaliseCheckCode } from '../../src/domain/receipt/check-code';
import { decodeReceiptProof, payloadOfLink } from '../../src/domain/receipt/proof';
import { parseDeviceId } from '../../src/domain/receipt-number';
import { requireDevice } from '../auth/device-auth';
import type { Database } from '../db/open';
import { ApiError } from '../http-errors';
import type { ServerKeys } from '../keys/server-keys';
import { certifyDevice, revokedDevices } from '../services/certificates';
import type { ApplicationWriter } from '../services/application-writer';
import { ledgerReport } from '../services/ledger';
import { receiptStatus } from '../services/receipt-status';
import { restoredOrRefused, restoreFromReceipt } from '../services/restore-from-receipt';

export function receiptRoutes(app: FastifyInstance, database: Database, keys: ServerKeys, writer: ApplicationWriter, now: () => Date): void {
  /** For phones checking receipts offline: the server's public keys (old ones too) and the revoked devices. */
  app.get('/api/v1/keys', async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return { keys: await keys.publicKeys(), revokedDevices: await revokedDevices(database.db) };
  });

  /** A device without a certificate (enrolled before certificates existed) asks for one. */
  app.post('/api/v1/devices/certificate', async (request) => {
    const device = await requireDevice(database.db, request);
    return certifyDevice(database.db, keys, device.id);
  });

  /**
   * Whoever holds a receipt can ask what became of it, proving they hold it with the check
   * code printed on it (`?check=`, from the device's signature: src/domain/receipt/check-code.ts).
   * A number alone, a wrong code and an unknown number get the same 404, so numbers
   * cannot be walked; the answer names no one beyond initials. No HEAD twin: it would
   * answer the same question outside the rate limit.
   */
  app.get<{ Params: { receiptNo: string }; Querystring: { check?: unknown } }>('/api/v1/receipts/:receiptNo', { exposeHeadRoute: false }, async (request, reply) => {
    // Before anything can throw, so every 404 carries the same headers as an answer.
    reply.header('cache-control', 'no-store');
    const check = typeof request.query.check === 'string' ? normaliseCheckCode(request.query.check) : undefined;
    if (!check) throw new ApiError('not_found');
    const answer = await receiptStatus(database.db, request.params.receiptNo, check, now());
    if (!answer) throw new ApiError('not_found');
    return answer;
  });

  /** The office's ledger for a day, to hold against the kiosk's own day-end report. */
  app.get<{ Querystring: { day?: string } }>('/api/v1/ledger', async (request) => {
    const device = await requireDevice(database.db, request);
    const day = request.query.day ?? '';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new ApiError('bad_request', { detail: 'day must be YYYY-MM-DD' });
    return ledgerReport(database.db, device.officeCode, day);
  });

  /**
   * The office scans the QR of a paper receipt whose filing the server does not have.
   * Any enrolled device of the office may ask: only a receipt a certified device signed
   * is accepted, and it recreates exactly what that device signed, nothing else.
   */
  app.post<{ Body: { qr?: unknown } }>('/api/v1/receipts/restore', { bodyLimit: 16 * 1024 }, async (request, reply) => {
    const device = await requireDevice(database.db, request);
    const qr = request.body?.qr;
    if (typeof qr !== 'string' || qr.length === 0) throw new ApiError('bad_request', { detail: 'qr must be the scanned text of a receipt’s QR code' });
    // A device restores only its own office's filings (as an officer: office-applications.ts).
    const proof = await decodeReceiptProof(payloadOfLink(qr));
    if (proof && parseDeviceId(proof.envelope.deviceId)?.office !== device.officeCode) throw new ApiError('forbidden');
    const outcome = restoredOrRefused(await restoreFromReceipt(database.db, writer, keys, qr));
    reply.code(outcome.kind === 'created' ? 201 : 200);
    return outcome;
  });
}
