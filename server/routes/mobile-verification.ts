import type { FastifyInstance } from 'fastify';
import { requireDevice } from '../auth/device-auth';
import type { Database } from '../db/open';
import { toLatinDigits } from '../../src/domain/digits';
import { ApiError } from '../http-errors';
import { requestNewCode, verifyCode, verifyLink } from '../otp/otp-service';
import { officeOfApplication } from '../services/application-detail';

/**
 * Mobile verification: at the kiosk (online) the operator types the code the applicant
 * received, or asks for a new one; the applicant can instead open the SMS's link. Nothing
 * here ever holds up a filing: an unverified mobile is only a flag for the office.
 */
export function mobileVerificationRoutes(app: FastifyInstance, database: Database, now: () => Date): void {
  const db = database.db;
  async function deviceOfOffice(request: Parameters<typeof requireDevice>[1], applicationId: string) {
    const device = await requireDevice(db, request);
    if ((await officeOfApplication(db, applicationId)) !== device.officeCode) throw new ApiError('device_mismatch');
    return device;
  }

  app.post<{ Params: { id: string }; Body: { code?: unknown } }>('/api/v1/applications/:id/verify-mobile', { bodyLimit: 1024 }, async (request) => {
    const device = await deviceOfOffice(request, request.params.id);
    const code = request.body?.code;
    if (typeof code !== 'string') throw new ApiError('bad_request', { detail: 'code must be the six digits the applicant received' });
    const result = await verifyCode(db, request.params.id, toLatinDigits(code.trim()), device.id, now());
    return { mobileVerified: true, ...result };
  });

  app.post<{ Params: { id: string } }>('/api/v1/applications/:id/otp', async (request, reply) => {
    await deviceOfOffice(request, request.params.id);
    return reply.code(202).send(await requestNewCode(db, request.params.id, now()));
  });

  /** The link in the SMS (`/V/#token`): no sign-in, the token is the proof. */
  app.post<{ Body: { token?: unknown } }>('/api/v1/mobile-verification', { bodyLimit: 1024 }, async (request) => {
    const token = request.body?.token;
    if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{22}$/.test(token)) throw new ApiError('not_found');
    return { mobileVerified: true, ...(await verifyLink(db, token, now())) };
  });
}
