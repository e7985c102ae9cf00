import type { FastifyInstance } from 'fastify';
import { requireDevice } from '../auth/device-auth';
import type { Device } from '../services/devices';
import { ApiError, describeIssues, errorBody } from '../http-errors';
import type { Prepared, StoreOutcome } from '../services/applications';
import type { ApplicationWriter } from '../services/application-writer';
import type { Database } from '../db/open';
import type { Preparer } from '../workers/prepare-pool';

export const MAX_BATCH_ITEMS = 100;

/** Status and body for one envelope, exactly as a single PUT would answer it. */
function answer(prepared: Prepared, stored: StoreOutcome | undefined): { status: number; body: unknown } {
  if (prepared.kind === 'invalid') return { status: 422, body: errorBody('invalid', { issues: describeIssues(prepared.issues) }) };
  if (prepared.kind === 'device_mismatch') return { status: 403, body: errorBody('device_mismatch') };
  if (prepared.kind === 'receipt_not_yours') return { status: 422, body: errorBody('receipt_not_yours') };
  const outcome = stored!;
  if (outcome.kind === 'conflict') return { status: 409, body: errorBody('conflict', { id: outcome.id }) };
  if (outcome.kind === 'receipt_number_used') return { status: 422, body: errorBody('receipt_number_used', { id: outcome.id }) };
  return { status: outcome.kind === 'created' ? 201 : 200, body: outcome.ack };
}

function senderOf(device: Device) {
  return { deviceId: device.id, officeCode: device.officeCode, actor: device.id };
}

async function judge(writer: ApplicationWriter, prepared: Prepared[]): Promise<{ status: number; body: unknown }[]> {
  const ready = prepared.flatMap((item) => (item.kind === 'ready' ? [item.prepared] : []));
  const outcomes = ready.length ? await writer.store(ready) : [];
  let next = 0;
  return prepared.map((item) => answer(item, item.kind === 'ready' ? outcomes[next++] : undefined));
}

export function applicationRoutes(app: FastifyInstance, database: Database, writer: ApplicationWriter, preparer: Preparer): void {
  app.put<{ Params: { id: string } }>('/api/v1/applications/:id', async (request, reply) => {
    const device = await requireDevice(database.db, request);
    request.log.info({ applicationIds: [request.params.id], deviceId: device.id, phase: 'begin' }, 'application put');
    const [result] = await judge(writer, await preparer.prepare({ bodies: [request.body], sender: senderOf(device), pathId: request.params.id }));
    request.log.info({ applicationIds: [request.params.id], deviceId: device.id, phase: 'end', status: result!.status }, 'application put');
    return reply.code(result!.status).send(result!.body);
  });

  /** Up to 100 envelopes; each judged on its own, so one bad item never fails the others. */
  app.post<{ Body: { items?: unknown } }>('/api/v1/applications/batch', async (request, reply) => {
    const device = await requireDevice(database.db, request);
    const items = request.body?.items;
    if (!Array.isArray(items)) throw new ApiError('bad_request', { detail: 'items must be an array' });
    if (items.length > MAX_BATCH_ITEMS) throw new ApiError('batch_too_large', { limit: MAX_BATCH_ITEMS });
    const ids = items.map((item) => (item && typeof item === 'object' && typeof (item as { id?: unknown }).id === 'string' ? (item as { id: string }).id : null));
    request.log.info({ applicationIds: ids, deviceId: device.id, phase: 'begin' }, 'application batch');
    const prepared = await preparer.prepare({ bodies: items, sender: senderOf(device) });
    const results = await judge(writer, prepared);
    request.log.info({ applicationIds: ids, deviceId: device.id, phase: 'end' }, 'application batch');
    return reply.code(200).send({ results: results.map((result, index) => ({ id: ids[index], ...result })) });
  });
}
