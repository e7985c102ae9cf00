import type { FastifyInstance } from 'fastify';
import * as z from 'zod/mini';
import type { Database } from '../db/open';
import { ApiError } from '../http-errors';
import type { ServerKeys } from '../keys/server-keys';
import { certifyDevice } from '../services/certificates';
import { enrollDevice } from '../services/devices';

const enrollBody = z.object({
  code: z.string().check(z.minLength(4), z.maxLength(20)),
  label: z.optional(z.string().check(z.trim(), z.maxLength(100))),
  // Checked as a public key, not just an object: a JWK with a private part is refused.
  publicKeyJwk: z.looseObject({ kty: z.enum(['EC', 'OKP']), crv: z.string(), x: z.string(), d: z.optional(z.never()) }),
});

export function deviceRoutes(app: FastifyInstance, database: Database, keys: ServerKeys): void {
  app.post('/api/v1/devices/enroll', async (request, reply) => {
    const parsed = enrollBody.safeParse(request.body);
    if (!parsed.success) {
      throw new ApiError('invalid', { issues: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), code: 'invalid', message: issue.message })) });
    }
    const enrollment = await enrollDevice(database.db, parsed.data);
    request.log.info({ deviceId: enrollment.deviceId }, 'device enrolled');
    // The certificate lets any phone trust this device's receipts with only the server's public keys.
    return reply.code(201).send({ ...enrollment, certificate: await certifyDevice(database.db, keys, enrollment.deviceId) });
  });
}
