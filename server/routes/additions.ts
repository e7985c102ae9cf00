import type { FastifyInstance } from 'fastify';
import { requireDevice } from '../auth/device-auth';
import type { Database } from '../db/open';
import { receiveAddition } from '../services/additions';

/** What a kiosk adds to a filing after capture (an objection's answer): idempotent by its id, like a filing. */
export function additionRoutes(app: FastifyInstance, database: Database, now: () => Date): void {
  app.put<{ Params: { id: string; additionId: string } }>('/api/v1/applications/:id/additions/:additionId', async (request, reply) => {
    const device = await requireDevice(database.db, request);
    const { created, ack } = await receiveAddition(database.db, device, request.body, { applicationId: request.params.id, id: request.params.additionId }, now());
    request.log.info({ applicationIds: [request.params.id], additionId: ack.id, deviceId: device.id, created, status: ack.status }, 'addition');
    return reply.code(created ? 201 : 200).send(ack);
  });
}
