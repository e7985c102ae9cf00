import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema';
import { ApiError } from '../http-errors';
import { findDeviceByToken, type Device } from '../services/devices';

/** The enrolled device behind `Authorization: Bearer <token>`, or a 401. */
export async function requireDevice(db: Kysely<DB>, request: FastifyRequest): Promise<Device> {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const device = match ? await findDeviceByToken(db, match[1]!) : null;
  if (!device) throw new ApiError('unauthorized');
  return device;
}
